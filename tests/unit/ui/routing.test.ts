import { describe, expect, it } from 'vitest';
import { dagId, datasetId, runId, taskId, type DagId } from '../../../src/core/ids';
import { DAG_TABS, type PlaygroundState } from '../../../src/store/playgroundStore';
import { currentHash, isShareHash, parseRoute, routeToHash } from '../../../src/ui/routing';

type Route = Pick<
  PlaygroundState,
  'view' | 'selectedDagId' | 'selectedRunId' | 'selectedTaskId' | 'dagTab' | 'selectedDatasetId' | 'selectedModelId' | 'editorFile'
>;

const KNOWN: DagId[] = [dagId('ml_producer'), dagId('ml_consumer'), dagId('demo_fan_1000'), dagId('odd id/with#chars?')];

/** The route as the store holds it after landing on a page: the fields a view does not use keep their defaults. */
const base: Route = {
  view: 'dags',
  selectedDagId: dagId('ml_producer'),
  selectedRunId: null,
  selectedTaskId: null,
  dagTab: 'graph',
  selectedDatasetId: null,
  selectedModelId: null,
  editorFile: null,
};

/** What the hash of a route says about it (parseRoute only returns what the hash carries). */
function roundTrip(route: Route): Route {
  return { ...base, ...parseRoute(routeToHash(route), KNOWN) };
}

describe('deep links: parseRoute(routeToHash(route)) gives the route back', () => {
  const run = runId('manual__2026-11-23T22:00:00.000Z_1');
  const cases: [string, Route][] = [
    ['the DAG list', { ...base, view: 'dags' }],
    ['notifications', { ...base, view: 'notifications' }],
    ['settings', { ...base, view: 'settings' }],
    ['all datasets', { ...base, view: 'datasets' }],
    ['one dataset', { ...base, view: 'datasets', selectedDatasetId: datasetId('built_features') }],
    ['the model page', { ...base, view: 'model' }],
    ['one model', { ...base, view: 'model', selectedModelId: 'model@manual__1/train/1' }],
    ['a DAG (graph)', { ...base, view: 'dag', selectedDagId: dagId('ml_consumer') }],
    ['a run of a DAG', { ...base, view: 'dag', selectedDagId: dagId('ml_consumer'), selectedRunId: run }],
    [
      'a task of a run',
      { ...base, view: 'dag', selectedDagId: dagId('ml_consumer'), selectedRunId: run, selectedTaskId: taskId('train') },
    ],
    ...DAG_TABS.map((tab): [string, Route] => [
      `the ${tab} view of a task`,
      { ...base, view: 'dag', dagTab: tab, selectedDagId: dagId('ml_producer'), selectedRunId: run, selectedTaskId: taskId('extract') },
    ]),
    ['the editor', { ...base, view: 'editor' }],
    ['a file in the editor, with spaces and #', { ...base, view: 'editor', editorFile: 'my pipeline #2 (2).ts' }],
    ['the lessons gallery', { ...base, view: 'lessons' }],
    ['a file of a share link', { ...base, view: 'editor', editorFile: 'shared/0123abcdef/my pipeline #2.ts' }],
    ['the 1,000-task demo DAG', { ...base, view: 'dag', selectedDagId: dagId('demo_fan_1000'), selectedTaskId: null }],
  ];
  it.each(cases)('%s', (_name, route) => {
    expect(roundTrip(route)).toEqual(route);
  });

  it('encodes ids with slashes, #, ?, spaces and non-ASCII characters, and decodes them back', () => {
    const route: Route = {
      ...base,
      view: 'dag',
      dagTab: 'gantt',
      selectedDagId: dagId('odd id/with#chars?'),
      selectedRunId: runId('run/1 #2 ü'),
      selectedTaskId: taskId('t?x=1&y'),
    };
    const hash = routeToHash(route);
    // One hash, no raw separators inside the ids.
    expect(hash.split('/').length).toBe(8);
    expect(hash).not.toMatch(/[ ?]/);
    expect(hash.slice(1)).not.toContain('#');
    expect(roundTrip(route)).toEqual(route);
    const dataset: Route = { ...base, view: 'datasets', selectedDatasetId: datasetId('a/b c') };
    expect(roundTrip(dataset)).toEqual(dataset);
  });

  it('leaves out what the graph view does not need: no view segment, no task without a run', () => {
    expect(routeToHash({ ...base, view: 'dag', selectedDagId: dagId('ml_producer') })).toBe('#/dags/ml_producer');
    expect(routeToHash({ ...base, view: 'dag', selectedDagId: dagId('ml_producer'), selectedTaskId: taskId('extract') })).toBe(
      '#/dags/ml_producer',
    );
  });
});

describe('deep links: hashes the playground did not write', () => {
  it('ignores an unknown DAG id (the page stays where it was) and unknown pages', () => {
    expect(parseRoute('#/dags/no_such_dag', KNOWN)).toEqual({});
    expect(parseRoute('#/dags/no_such_dag/grid/runs/r/tasks/t', KNOWN)).toEqual({});
    expect(parseRoute('#/nowhere', KNOWN)).toEqual({});
    expect(parseRoute('', KNOWN)).toEqual({});
  });

  it('reads the graph view when the view segment is missing or unknown, and a run without a task', () => {
    expect(parseRoute('#/dags/ml_producer/runs/r1', KNOWN)).toEqual({
      view: 'dag',
      selectedDagId: 'ml_producer',
      dagTab: 'graph',
      selectedRunId: 'r1',
      selectedTaskId: null,
    });
    expect(parseRoute('#/dags/ml_producer/tasks/extract', KNOWN)).toMatchObject({ dagTab: 'graph', selectedRunId: null, selectedTaskId: null });
  });

  it('accepts a hash without the leading slash and with a trailing one', () => {
    expect(parseRoute('#datasets/built_features/', KNOWN)).toEqual({ view: 'datasets', selectedDatasetId: 'built_features' });
  });
});

describe('share links', () => {
  it('open the editor (the payload is handed over apart) and are told from other hashes', () => {
    expect(parseRoute('#/share/1.abc-_', KNOWN)).toEqual({ view: 'editor' });
    expect(isShareHash('#/share/1.abc')).toBe(true);
    expect(isShareHash('#share/')).toBe(true);
    expect(isShareHash('#/shared')).toBe(false);
    expect(isShareHash('#/editor/share.ts')).toBe(false);
  });
});

describe('a broken link', () => {
  it('opens nothing instead of throwing on a malformed %-escape', () => {
    expect(parseRoute('#/dags/%E0%A4%A', ['ml_producer' as DagId])).toEqual({});
  });
});

describe('asset routes (Airflow 3) and the old dataset links', () => {
  it('writes #/assets links and reads both #/assets and #/datasets as the assets view', () => {
    expect(routeToHash({ ...base, view: 'datasets' })).toBe('#/assets');
    expect(routeToHash({ ...base, view: 'datasets', selectedDatasetId: datasetId('a b/é') })).toBe('#/assets/a%20b%2F%C3%A9');
    for (const prefix of ['#/assets', '#/datasets', '#datasets']) {
      expect(parseRoute(`${prefix}/built_features`, KNOWN)).toEqual({ view: 'datasets', selectedDatasetId: 'built_features' });
    }
  });

  it('maps an old #/datasets link to its #/assets address and leaves every current hash alone', () => {
    expect(currentHash('#/datasets')).toBe('#/assets');
    expect(currentHash('#/datasets/')).toBe('#/assets/');
    expect(currentHash('#/datasets/built_features')).toBe('#/assets/built_features');
    expect(currentHash('#/datasets/a%20b%2F%C3%A9')).toBe('#/assets/a%20b%2F%C3%A9');
    expect(currentHash('#datasets/x')).toBe('#/assets/x');
    for (const hash of ['#/assets', '#/assets/x', '#/dags/datasets', '#/datasetsX', '#/dags', '', '#/model/datasets']) expect(currentHash(hash)).toBeNull();
  });
});
