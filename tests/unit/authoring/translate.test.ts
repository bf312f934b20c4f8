import { describe, expect, it } from 'vitest';
import { createDagFilePool, readDagFile } from '../../../src/authoring/readDagFile';
import { parseDuration } from '../../../src/authoring/durations';
import type { DagDefinition } from '../../../src/core/dag';
import { HOUSING_DATASETS } from '../../../src/pipelines/housing/datasets';

const pool = createDagFilePool();

/** Reads a file that must be fine, and returns its DAGs without the source each carries. */
async function dagsOf(text: string): Promise<Omit<DagDefinition, 'source'>[]> {
  const result = await readDagFile(pool, text, { knownAssets: HOUSING_DATASETS });
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  for (const dag of result.dags) expect(dag.source).toEqual({ fileName: 'dags.ts', text });
  return result.dags.map(({ source: _source, ...dag }) => dag);
}

describe('the authoring API → DagDefinition', () => {
  it('translates every DAG and task option the scheduler supports', async () => {
    const [dag] = await dagsOf(`
import { Asset, Dag, and, or, operators } from 'apache-airflow-ts-sdk';
const a = new Asset({ name: 'a', uri: 'playground://a', description: 'Asset a.' });
const b = new Asset({ name: 'b' });
const c = new Asset({ name: 'c' });
const dag = new Dag('everything', {
  description: 'Uses every option.',
  schedule: and(a, or(b, c), Asset.ref({ name: 'built_features' })),
  maxActiveRuns: 2,
  maxActiveTasks: 3,
  params: {
    n: { type: 'integer', default: 3, minimum: 1, maximum: 9, description: 'How many.' },
    rate: { type: 'number', default: 0.5 },
    mode: { type: 'string', default: 'fast', enum: ['fast', 'slow'] },
    dry: { type: 'boolean', default: false },
    plain: 7,
    label: 'x',
    flag: true,
  },
  callbacks: { onSuccess: { notify: 'success', message: 'ok {run}' }, onFailure: { notify: 'error' } },
});
const first = dag.task('first', async () => 1, {
  retries: 3,
  retryDelay: 2,
  retryExponentialBackoff: true,
  maxRetryDelay: '1m',
  executionTimeout: '1h30m',
  triggerRule: 'all_done',
  outlets: [a, Asset.ref({ name: 'raw_housing' })],
  pool: 'gpu',
  poolSlots: 2,
  description: 'First.',
  callbacks: {
    onExecute: { notify: 'info' },
    onSuccess: { notify: 'success', message: 's' },
    onFailure: { notify: 'error', message: 'f {error}' },
    onRetry: { notify: 'warning', message: 'r' },
  },
});
const second = dag.task('second', operators.sleep, { retryDelay: '500ms', retryExponentialBackoff: 0 });
const pick = dag.branch('pick', async () => ['second']);
const gate = dag.shortCircuit('gate', async () => false);
first().before(second, pick);
pick.before(second);
gate.after(second);
`);
    expect(dag).toEqual({
      id: 'everything',
      description: 'Uses every option.',
      schedule: {
        type: 'datasets',
        condition: {
          type: 'all',
          of: [
            { type: 'dataset', id: 'a' },
            { type: 'any', of: [{ type: 'dataset', id: 'b' }, { type: 'dataset', id: 'c' }] },
            { type: 'dataset', id: 'built_features' },
          ],
        },
      },
      maxActiveRuns: 2,
      maxActiveTasks: 3,
      params: {
        n: { type: 'integer', default: 3, minimum: 1, maximum: 9, description: 'How many.' },
        rate: { type: 'number', default: 0.5 },
        mode: { type: 'string', default: 'fast', enum: ['fast', 'slow'] },
        dry: { type: 'boolean', default: false },
        plain: { type: 'number', default: 7 },
        label: { type: 'string', default: 'x' },
        flag: { type: 'boolean', default: true },
      },
      callbacks: { onSuccess: { notify: 'success', message: 'ok {run}' }, onFailure: { notify: 'error' } },
      tasks: [
        {
          id: 'first',
          upstream: [],
          retries: 3,
          retryDelayMs: 2_000,
          retryExponentialBackoff: true,
          maxRetryDelayMs: 60_000,
          executionTimeoutMs: 5_400_000,
          triggerRule: 'all_done',
          outlets: ['a', 'raw_housing'],
          pool: 'gpu',
          poolSlots: 2,
          description: 'First.',
          callbacks: {
            onExecute: { notify: 'info' },
            onSuccess: { notify: 'success', message: 's' },
            onFailure: { notify: 'error', message: 'f {error}' },
            onRetry: { notify: 'warning', message: 'r' },
          },
          callable: { line: 22, column: 33, endLine: 22, endColumn: 46 },
        },
        { id: 'second', upstream: ['first', 'pick'], retryDelayMs: 500, retryExponentialBackoff: false, operator: 'sleep' },
        { id: 'pick', upstream: ['first'], kind: 'branch', callable: { line: 41, column: 33, endLine: 41, endColumn: 55 } },
        { id: 'gate', upstream: ['second'], kind: 'short_circuit', callable: { line: 42, column: 39, endLine: 42, endColumn: 56 } },
      ],
    });
  });

  it('makes edges from inputs (carrying the upstream value), before/after, dag.if and dag.switch, in declaration order', async () => {
    const [dag] = await dagsOf(`
const dag = new Dag('edges', { schedule: [Asset.ref({ name: 'built_features' }), Asset.ref({ name: 'raw_housing' })] });
const a = dag.task('a', async () => 1);
const b = dag.task('b', async ({ x, y }: { x: number; y: string }) => x + y);
const c = dag.task('c', async () => true);
const d = dag.task('d', operators.noop);
const e = dag.task('e', operators.housing.check_data);
const f = dag.task('f', async () => 'g');
const g = dag.task('g', operators.fail);
const aRef = a();
const bRef = b({ x: aRef, y: 'literal' });
const cRef = c().after(bRef);
dag.if(cRef).then(d).else(e);
dag.switch(f().after(aRef)).case(g);
`);
    expect(dag!.schedule).toEqual({ type: 'datasets', condition: { type: 'all', of: [{ type: 'dataset', id: 'built_features' }, { type: 'dataset', id: 'raw_housing' }] } });
    expect(dag!.tasks.map((t) => [t.id, t.upstream, t.kind ?? 'task', t.operator ?? (t.callable ? 'callable' : '?')])).toEqual([
      ['a', [], 'task', 'callable'],
      ['b', ['a'], 'task', 'callable'],
      ['c', ['b'], 'branch', 'callable'],
      ['d', ['c'], 'task', 'noop'],
      ['e', ['c'], 'branch', 'housing.check_data'],
      ['f', ['a'], 'branch', 'callable'],
      ['g', ['f'], 'task', 'fail'],
    ]);
  });

  it('a file with no import uses the same names as globals, and several DAGs and assets come out in order', async () => {
    const result = await readDagFile(
      pool,
      `const x = new Asset({ name: 'x' });\nnew Dag('one').task('t', operators.noop, { outlets: [x] });\nnew Dag('two', { schedule: x }).task('u', operators.noop);\n`,
    );
    expect(result.ok).toBe(true);
    expect(result.dags.map((d) => d.id)).toEqual(['one', 'two']);
    expect(result.assets).toEqual([{ id: 'x', uri: 'x' }]);
    expect(result.locations).toEqual([
      { dagId: 'one', line: 2, column: 5 },
      { dagId: 'one', taskId: 't', line: 2, column: 16 },
      { dagId: 'two', line: 3, column: 5 },
      { dagId: 'two', taskId: 'u', line: 3, column: 33 },
    ]);
  });

  it('warns about Airflow options that mean nothing here, and reads them as nothing', async () => {
    const result = await readDagFile(pool, `new Dag('d', { tags: ['x'], catchup: false }).task('t', operators.noop, { owner: 'me', queue: 'q' });\n`);
    expect(result.ok).toBe(true);
    expect(result.diagnostics.map((d) => `${d.severity} ${d.code} ${d.line}:${d.column} ${d.message}`)).toEqual([
      'warning ignored_option 1:5 new Dag("d", …): "tags" is an Airflow option the playground does not use; it is ignored.',
      'warning ignored_option 1:5 new Dag("d", …): "catchup" is an Airflow option the playground does not use; it is ignored.',
      'warning ignored_option 1:47 Task "t": "owner" is an Airflow option the playground does not use; it is ignored.',
      'warning ignored_option 1:47 Task "t": "queue" is an Airflow option the playground does not use; it is ignored.',
    ]);
    expect(result.dags[0]!.tasks[0]).toEqual({ id: 't', upstream: [], operator: 'noop' });
  });
});

describe('durations', () => {
  it('reads seconds and text with units to whole milliseconds, and refuses what it cannot read', () => {
    const ok = (v: unknown) => {
      const r = parseDuration(v);
      return r.ok ? r.ms : r.message;
    };
    expect([2, 0.5, 0, '500ms', '2s', '1.5s', '5m', '1h', '1h30m', '1d', ' 3s '].map(ok)).toEqual([
      2_000, 500, 0, 500, 2_000, 1_500, 300_000, 3_600_000, 5_400_000, 86_400_000, 3_000,
    ]);
    expect(ok(-1)).toContain('≥ 0');
    expect(ok('2 seconds')).toContain('cannot read "2 seconds"');
    expect(ok('')).toContain('empty');
    expect(ok(Number.NaN)).toContain('≥ 0');
    expect(ok(null)).toContain('got null');
  });
});
