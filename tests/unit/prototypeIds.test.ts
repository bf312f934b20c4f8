import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import type { DagDefinition } from '../../src/core/dag';
import { datasetId } from '../../src/core/ids';
import { fillTemplate } from '../../src/core/notification';
import { own } from '../../src/core/ownKeys';
import { validateParams } from '../../src/core/params';
import { restoreSchedulerState, type SchedulerState } from '../../src/core/schedulerState';
import { generateAirflowDag } from '../../src/export/airflow/generateAirflow';
import { showPath } from '../../src/dagfile/jsonPath';
import { parseDagDocument, type ImportContext } from '../../src/dagfile/validateDagDocument';
import { OPERATOR_NAMES } from '../../src/pipelines/operatorNames';
import { REGISTERED_TASKS } from '../../src/pipelines/registeredTasks';
import { FakeClock } from '../../src/runtime/clock';
import { Coordinator } from '../../src/runtime/coordinator';
import { loadSchedulerData } from '../../src/runtime/storage/runs';
import { buildGanttModel } from '../../src/ui/dags/ganttModel';
import { buildGridModel } from '../../src/ui/dags/gridModel';
import { nextRun } from '../../src/ui/dags/nextRun';
import { layeredLayout } from '../../src/viz/layeredLayout';
import { idle } from './runtime/idle';
import { InThreadExecutor } from './runtime/inThreadExecutor';
import { openTestDatabase } from './runtime/testDb';

/**
 * Ids that are names of Object.prototype's properties pass the id pattern; every layer must treat them as any other
 * id (issue 12, point 5). A generated pair of DAGs — a producer whose task updates a dataset, a consumer scheduled on
 * it, a pool and params — with such ids mixed with ordinary ones goes through the document import, the scheduler
 * (trigger, run, dataset event, dataset-triggered run, pause), IndexedDB and back, the views' models and the export.
 */

const PROTOTYPE_NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf', '__defineGetter__'];
const idArb = fc.oneof(
  { arbitrary: fc.constantFrom(...PROTOTYPE_NAMES), weight: 3 },
  { arbitrary: fc.stringMatching(/^[A-Za-z0-9_.-]{1,12}$/), weight: 1 },
);

interface World {
  readonly producer: string;
  readonly consumer: string;
  readonly dataset: string;
  readonly pool: string;
  readonly param: string;
  readonly producerTasks: readonly string[];
  readonly consumerTasks: readonly string[];
}

const worldArb: fc.Arbitrary<World> = fc
  .record({
    dags: fc.uniqueArray(idArb, { minLength: 2, maxLength: 2 }),
    dataset: idArb,
    pool: idArb.filter((p) => p !== 'default_pool'),
    param: idArb,
    producerTasks: fc.uniqueArray(idArb, { minLength: 1, maxLength: 4 }),
    consumerTasks: fc.uniqueArray(idArb, { minLength: 1, maxLength: 3 }),
  })
  .map(({ dags, ...rest }) => ({ producer: dags[0]!, consumer: dags[1]!, ...rest }));

/** The DAG document's text, built as a person would write it: JSON, every id a property key where the format has one. */
function documentText(w: World): string {
  const chain = (ids: readonly string[], last: Record<string, unknown>) =>
    ids.map((id, i) => ({ id, upstream: i === 0 ? [] : [ids[i - 1]], operator: 'noop', ...(i === ids.length - 1 ? last : {}) }));
  return JSON.stringify({
    version: 1,
    datasets: [{ id: w.dataset, uri: `playground://${w.dataset}` }],
    dags: [
      {
        id: w.producer,
        schedule: { type: 'manual' },
        // A computed key: an own property even for "__proto__".
        params: { [w.param]: { type: 'integer', default: 3, minimum: 0 } },
        tasks: chain(w.producerTasks, { outlets: [w.dataset], pool: w.pool }),
      },
      { id: w.consumer, schedule: { type: 'datasets', condition: { type: 'dataset', id: w.dataset } }, tasks: chain(w.consumerTasks, {}) },
    ],
  });
}

const context = (w: World): ImportContext => ({
  registeredTasks: REGISTERED_TASKS,
  operators: OPERATOR_NAMES,
  datasets: [],
  pools: ['default_pool', w.pool],
});

const PYTHON_KEYWORDS = new Set('False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield'.split(' '));

describe('ids named like Object.prototype properties', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  it('pass import, scheduling, storage, the views and the Airflow export like any other id', async () => {
    let prototypeIdsSeen = 0;
    await fc.assert(
      fc.asyncProperty(worldArb, async (w) => {
        prototypeIdsSeen += [w.producer, w.consumer, w.dataset, w.pool, w.param, ...w.producerTasks, ...w.consumerTasks].filter((id) =>
          PROTOTYPE_NAMES.includes(id),
        ).length;

        // Import: the document is accepted, and what comes back has the ids as own properties.
        const parsed = parseDagDocument(documentText(w), context(w));
        expect(parsed.ok ? [] : parsed.errors).toEqual([]);
        if (!parsed.ok) return;
        const dags = parsed.document.dags;
        const [producer, consumer] = dags as [DagDefinition, DagDefinition];
        expect(Object.keys(producer.params ?? {})).toEqual([w.param]);

        // Scheduling, with the real worker API and fake-indexeddb.
        const opened = await openTestDatabase();
        cleanups.push(opened.close);
        const clock = new FakeClock(1_000_000);
        const options = {
          dags,
          db: opened.db,
          dbName: opened.name,
          executor: new InThreadExecutor({}, {}, () => clock.now()),
          clock,
          settings: { backend: 'cpu' as const, seed: 1, baseUrl: 'http://localhost/' },
          pools: { [w.pool]: 2 },
        };
        const coordinator = await Coordinator.start(options);
        const triggered = coordinator.trigger(producer.id, { [w.param]: 5 });
        expect(triggered).toMatchObject({ ok: true });
        await idle(coordinator);
        const live = coordinator.snapshot;
        const runs = Object.values(live.runs);
        expect(runs.map((r) => [r.dagId, r.runType, r.state])).toEqual([
          [w.producer, 'manual', 'success'],
          [w.consumer, 'dataset_triggered', 'success'],
        ]);
        const producerRun = runs[0]!;
        expect(Object.keys(producerRun.params)).toEqual([w.param]);
        expect(own(producerRun.params, w.param)).toBe(5);
        expect(runs[1]!.triggeringEvents.map((e) => e.datasetId)).toEqual([w.dataset]);
        for (const run of runs) expect(run.tasks.every((ti) => ti.state === 'success' && ti.tries.length === 1)).toBe(true);
        // A paused consumer queues nothing; a manual event while it is paused starts no run.
        coordinator.setPaused(consumer.id, true);
        await coordinator.createDatasetEvent(datasetId(w.dataset));
        await idle(coordinator);
        expect(own(coordinator.snapshot.paused, consumer.id)).toBe(true);
        expect(Object.keys(coordinator.snapshot.runs)).toHaveLength(2);
        expect(nextRun(consumer, coordinator.snapshot)).toMatchObject({ status: 'paused' });
        // What a mirroring tab receives (structured clone: null-prototype records arrive as plain objects) reads the same.
        const mirrored: SchedulerState = structuredClone(coordinator.snapshot);
        expect(Object.getPrototypeOf(mirrored.dags)).toBe(Object.prototype);
        expect(own(mirrored.paused, consumer.id)).toBe(true);
        expect(own(mirrored.dags, producer.id)?.tasks.map((t) => t.id)).toEqual(w.producerTasks);
        expect(nextRun(consumer, mirrored)).toMatchObject({ status: 'paused' });
        coordinator.setPaused(consumer.id, false);
        await coordinator.createDatasetEvent(datasetId(w.dataset));
        await idle(coordinator);
        expect(Object.values(coordinator.snapshot.runs).map((r) => r.state)).toEqual(['success', 'success', 'success']);

        // Storage: what IndexedDB gives back restores the same scheduler state.
        const stored = await loadSchedulerData(opened.db);
        const restored = restoreSchedulerState(dags, { parallelism: 2, pools: { [w.pool]: 2 } }, stored.runs, stored.checkpoint);
        expect(comparable(restored)).toEqual(comparable(coordinator.snapshot));
        expect(own(restored.paused, consumer.id)).toBe(false);
        expect(stored.events.map((e) => e.datasetId)).toEqual([w.dataset, w.dataset, w.dataset]);

        // The views' models name every task by its id.
        const now = clock.now();
        for (const dag of dags) {
          const dagRuns = Object.values(coordinator.snapshot.runs).filter((r) => r.dagId === dag.id);
          const grid = buildGridModel(dag, dagRuns, 10, now);
          expect(grid.rows.map((r) => r.taskId)).toEqual(dag.tasks.map((t) => t.id));
          expect(grid.rows.every((r) => r.cells.every((c) => c.state === 'success'))).toBe(true);
          const gantt = buildGanttModel(dag, dagRuns[0]!, now);
          expect(gantt.rows.map((r) => [r.taskId, r.bars.map((b) => b.kind)])).toEqual(dag.tasks.map((t) => [t.id, ['queued', 'running']]));
          const layout = layeredLayout(
            dag.tasks.map((t) => ({ id: t.id })),
            dag.tasks.flatMap((t) => t.upstream.map((u) => ({ source: u, target: t.id }))),
          );
          expect(layout.nodes.map((n) => n.id).sort()).toEqual(dag.tasks.map((t) => t.id as string).sort());
        }
        const lineage = layeredLayout(
          [{ id: `dag:${w.producer}` }, { id: `dataset:${w.dataset}` }, { id: `dag:${w.consumer}` }],
          [
            { source: `dag:${w.producer}`, target: `dataset:${w.dataset}` },
            { source: `dataset:${w.dataset}`, target: `dag:${w.consumer}` },
          ],
        );
        expect(lineage.nodes).toHaveLength(3);

        // The Airflow export: a module per DAG whose own names are safe Python identifiers.
        for (const dag of dags) {
          const python = generateAirflowDag(dag, { datasets: parsed.document.datasets ?? [] });
          const ids = new Set<string>([dag.id, ...dag.tasks.map((t) => t.id)]);
          const defined = [...python.matchAll(/^\s*def (\w+)\(/gm), ...python.matchAll(/^(\w+) = /gm)].map((m) => m[1]!);
          expect(defined.length).toBeGreaterThan(dag.tasks.length);
          for (const name of defined) {
            expect(name).toMatch(/^[A-Za-z_][A-Za-z0-9_]*$/);
            expect(PYTHON_KEYWORDS.has(name), name).toBe(false);
            // An id such as `__proto__` is never used verbatim: Python reserves such names for itself.
            expect(name.startsWith('__') && ids.has(name), `${name} is an id used verbatim`).toBe(false);
          }
          expect(python).toContain(`dag_id=${JSON.stringify(dag.id)}`);
        }
      }),
      { numRuns: 25, seed: 12 },
    );
    // Most worlds hold several prototype names: the property did look at them.
    expect(prototypeIdsSeen).toBeGreaterThan(50);
  });
});

describe('the checks that name a prototype-named id', () => {
  it.each(PROTOTYPE_NAMES)('a task of DAG %s without code is refused with its JSON path, not a TypeError', (id) => {
    const text = JSON.stringify({ version: 1, dags: [{ id, schedule: { type: 'manual' }, tasks: [{ id, upstream: [] }] }] });
    const parsed = parseDagDocument(text, { registeredTasks: REGISTERED_TASKS, operators: OPERATOR_NAMES, datasets: [], pools: ['default_pool'] });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors.map((e) => showPath(e.path))).toEqual(['dags[0].tasks[0]']);
    expect(parsed.errors[0]!.message).toMatch(new RegExp(`^task "${id}" has no code`));
  });

  it.each(PROTOTYPE_NAMES)('a param called %s is checked and filled like any other, and a template does not read it', (name) => {
    const specs = { [name]: { type: 'integer' as const, default: 1 } };
    expect(validateParams(specs, {})).toEqual({ ok: true, values: { [name]: 1 } });
    const given = validateParams(specs, { [name]: 2 });
    expect(given.ok && Object.keys(given.values)).toEqual([name]);
    expect(given.ok && own(given.values, name)).toBe(2);
    expect(validateParams({}, { [name]: 2 })).toMatchObject({ ok: false });
    expect(fillTemplate(`run {run}, {${name}}`, { run: 'r1' })).toBe(`run r1, {${name}}`);
  });
});

/** What must survive a round trip through storage: runs with their tasks, pauses, dataset queues, counters. */
function comparable(state: SchedulerState) {
  return {
    runs: Object.values(state.runs)
      .map((r) => ({ ...r, tasks: [...r.tasks] }))
      .sort((a, b) => a.seq - b.seq),
    paused: Object.entries(state.paused).sort(),
    queues: Object.entries(state.datasetQueues).map(([dag, queue]) => [dag, Object.entries(queue)]),
    nextEventId: state.nextEventId,
    nextRunSeq: state.nextRunSeq,
  };
}



