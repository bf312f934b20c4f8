import { afterEach, describe, expect, it } from 'vitest';
import { createDagFilePool, readDagFile } from '../../../src/authoring/readDagFile';
import { dagId, type RunId, type TaskId } from '../../../src/core/ids';
import { findTask } from '../../../src/core/model';
import { HOUSING_DAGS } from '../../../src/pipelines/housing/dags';
import { HOUSING_DATASETS } from '../../../src/pipelines/housing/datasets';
import type { DagFileReader } from '../../../src/runtime/authoredDags';
import { FakeClock } from '../../../src/runtime/clock';
import { clientOf, DONE } from '../../../src/runtime/commands/playgroundCommand';
import { schedulingTabHandlers } from '../../../src/runtime/commands/schedulingTabHandlers';
import { Coordinator } from '../../../src/runtime/coordinator';
import { DagImports, loadDagCatalog } from '../../../src/runtime/dagImports';
import type { Database } from '../../../src/runtime/storage/database';
import { loadAuthoredFiles } from '../../../src/runtime/storage/authoredFiles';
import { readDagVersion, versionsOfDag } from '../../../src/runtime/storage/dagVersions';
import { loadDagImports } from '../../../src/runtime/storage/dagImports';
import type { TaskRequest, TaskResult } from '../../../src/runtime/workers/protocol';
import type { TaskCallbacks, TaskExecutor } from '../../../src/runtime/workers/workerPool';
import { idle } from './idle';
import { openTestDatabase } from './testDb';

/** Every try succeeds at once: what is tested here is what gets scheduled, not the sandbox (tested with the engine). */
class SucceedingExecutor implements TaskExecutor {
  readonly size = 2;
  readonly requests: TaskRequest[] = [];
  run(request: TaskRequest, callbacks: TaskCallbacks): Promise<TaskResult> {
    this.requests.push(request);
    return new Promise((resolve) =>
      queueMicrotask(() => {
        callbacks.onStarted();
        resolve(request.taskId === 'check_data' ? { type: 'success', outputs: [], returnValue: 'featurize' } : { type: 'success', outputs: [] });
      }),
    );
  }
  stop(): void {}
  terminate(): void {}
}

const pool = createDagFilePool();
/** The real reader, in this thread (the app runs the same code in the scheduling tab's DAG-file worker). */
const read: DagFileReader = (text, options) => readDagFile(pool, text, options);
const settings = { backend: 'cpu' as const, seed: 1, baseUrl: 'http://localhost/' };
const BUILT_IN = HOUSING_DAGS.map((dag) => dag.id as string);

const threeTasks = (last = 'load', comment = '') => `${comment}
const dag = new Dag('authored', { description: 'Written in the editor.' });
const extract = dag.task('extract', async () => { console.log('extracting'); return 3; });
const transform = dag.task('transform', async ({ n }: { n: number }) => n * 2);
const ${last} = dag.task('${last}', async () => 'done');
transform({ n: extract() }).before(${last});
`;

describe('save & run (deployDagFile)', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  let clock = 1_000;
  async function boot(db: Database) {
    const now = () => ++clock;
    const catalog = await loadDagCatalog(db, HOUSING_DAGS, HOUSING_DATASETS, { read, now });
    const coordinator = await Coordinator.start({ dags: catalog.dags, db, dbName: 'unused', executor: new SucceedingExecutor(), clock: new FakeClock(1_000_000), settings });
    const imports = new DagImports(db, coordinator, HOUSING_DAGS, HOUSING_DATASETS, catalog.imports, now, { authored: catalog.authored, read });
    const client = clientOf(
      schedulingTabHandlers({
        coordinator,
        dagImports: imports,
        settings: { update: () => ({ ok: true }), armFailure: () => {}, disarmFailure: () => {} },
        runLogs: async () => [],
        dagVersion: (id, version) => readDagVersion(db, id, version),
        resetAllData: async () => DONE,
        catalogChanged: () => {},
      }),
    );
    return { coordinator, imports, client, catalog };
  }

  async function database() {
    const opened = await openTestDatabase();
    cleanups.push(opened.close);
    return opened.db;
  }

  it('an ok file replaces the running DAGs, stores version 1, and its runs record it; it comes back after a restart', async () => {
    const db = await database();
    const first = await boot(db);
    const outcome = await first.client.execute({ type: 'deployDagFile', fileName: 'mine.ts', text: threeTasks() });
    expect(outcome).toMatchObject({ ok: true, summary: { added: ['authored'], replaced: [], removed: [] }, versions: [{ dagId: 'authored', version: 1, created: true }] });
    const dag = first.coordinator.snapshot.dags[dagId('authored')]!;
    expect(dag.version).toBe(1);
    expect(dag.tasks.map((t) => [t.id, t.upstream])).toEqual([['extract', []], ['transform', ['extract']], ['load', ['transform']]]);
    const run = first.coordinator.trigger(dagId('authored')) as { runId: RunId };
    await idle(first.coordinator);
    expect(first.coordinator.snapshot.runs[run.runId]).toMatchObject({ state: 'success', dagVersion: 1 });

    const stored = await first.client.execute({ type: 'readDagVersion', dagId: dagId('authored'), version: 1 });
    expect(stored.ok && stored.dagVersion).toMatchObject({ dagId: 'authored', version: 1, fileName: 'mine.ts', text: threeTasks() });

    const second = await boot(db);
    expect(second.catalog.storedImportError).toBeNull();
    expect(Object.keys(second.coordinator.snapshot.dags)).toEqual([...BUILT_IN, 'authored']);
    expect(second.coordinator.snapshot.dags[dagId('authored')]!.version).toBe(1);
    expect(second.coordinator.snapshot.runs[run.runId]!.dagVersion).toBe(1);
  });

  it('re-saving an unchanged file makes no new version; a changed file makes v2, and old runs keep v1 with a removed task', async () => {
    const db = await database();
    const { client, coordinator } = await boot(db);
    await client.execute({ type: 'deployDagFile', fileName: 'mine.ts', text: threeTasks() });
    const again = await client.execute({ type: 'deployDagFile', fileName: 'mine.ts', text: threeTasks() });
    expect(again.ok && again.versions).toEqual([{ dagId: 'authored', version: 1, created: false }]);
    const run = coordinator.trigger(dagId('authored')) as { runId: RunId };
    await idle(coordinator);

    const changed = await client.execute({ type: 'deployDagFile', fileName: 'mine.ts', text: threeTasks('publish') });
    expect(changed).toMatchObject({ ok: true, summary: { replaced: ['authored'] }, versions: [{ dagId: 'authored', version: 2, created: true }] });
    const kept = coordinator.snapshot.runs[run.runId]!;
    expect(kept.dagVersion).toBe(1);
    expect(findTask(kept, 'load' as TaskId)?.state).toBe('removed');
    // A comment is a change of the file: the Code tab of a run must show exactly what it ran, so it is a version too.
    const commented = await client.execute({ type: 'deployDagFile', fileName: 'mine.ts', text: threeTasks('publish', '// v3') });
    expect(commented.ok && commented.versions).toEqual([{ dagId: 'authored', version: 3, created: true }]);
    expect((await versionsOfDag(db, 'authored')).map((v) => [v.version, v.text === threeTasks('publish')])).toEqual([
      [1, false],
      [2, true],
      [3, false],
    ]);
  });

  it('a file with errors is refused with its diagnostics and changes nothing, in memory or in storage', async () => {
    const db = await database();
    const { client, coordinator } = await boot(db);
    await client.execute({ type: 'deployDagFile', fileName: 'mine.ts', text: threeTasks() });
    const before = coordinator.snapshot;
    const storedBefore = await loadAuthoredFiles(db);

    const broken = await client.execute({ type: 'deployDagFile', fileName: 'mine.ts', text: "const dag = new Dag('authored');\ndag.task('a', async () => {\n" });
    expect(broken.ok).toBe(false);
    expect(!broken.ok && broken.diagnostics[0]).toMatchObject({ severity: 'error', code: 'syntax', line: 3 });
    expect(!broken.ok && broken.errors[0]).toMatch(/^mine\.ts:3:\d+ SyntaxError/);
    const cycle = await client.execute({
      type: 'deployDagFile',
      fileName: 'mine.ts',
      text: "const dag = new Dag('authored');\nconst a = dag.task('a', async () => 1);\nconst b = dag.task('b', async () => 2);\na().before(b);\nb().before(a);\n",
    });
    expect(cycle.ok).toBe(false);
    expect(!cycle.ok && cycle.diagnostics.map((d) => d.code)).toContain('cycle');
    const empty = await client.execute({ type: 'deployDagFile', fileName: 'mine.ts', text: '// nothing yet\n' });
    expect(empty).toMatchObject({ ok: false, errors: [expect.stringContaining('declares no DAG')] });

    expect(coordinator.snapshot).toBe(before);
    expect(await loadAuthoredFiles(db)).toEqual(storedBefore);
    expect((await versionsOfDag(db, 'authored')).map((v) => v.version)).toEqual([1]);
  });

  it('the newest deployment of an id wins between editor files and JSON imports; reset removes both, runs stay', async () => {
    const db = await database();
    const { client, coordinator } = await boot(db);
    const json = JSON.stringify({ version: 1, dags: [{ id: 'authored', schedule: { type: 'manual' }, tasks: [{ id: 'only', upstream: [], operator: 'noop' }] }] });
    await client.execute({ type: 'deployDagFile', fileName: 'mine.ts', text: threeTasks() });
    const run = coordinator.trigger(dagId('authored')) as { runId: RunId };
    await idle(coordinator);

    await client.execute({ type: 'importDags', text: json });
    expect(coordinator.snapshot.dags[dagId('authored')]!.tasks.map((t) => t.id)).toEqual(['only']);
    expect((await loadAuthoredFiles(db))[0]!.shadowed).toEqual(['authored']);

    await client.execute({ type: 'deployDagFile', fileName: 'mine.ts', text: threeTasks() });
    expect(coordinator.snapshot.dags[dagId('authored')]!.tasks.map((t) => t.id)).toEqual(['extract', 'transform', 'load']);
    expect((await loadDagImports(db))?.document.dags).toEqual([]);

    // A second file declaring the same id: the newest deployment runs.
    await client.execute({ type: 'deployDagFile', fileName: 'other.ts', text: "new Dag('authored').task('solo', async () => 1);\n" });
    expect(coordinator.snapshot.dags[dagId('authored')]!.tasks.map((t) => t.id)).toEqual(['solo']);

    const reset = await client.execute({ type: 'resetDags' });
    expect(reset).toMatchObject({ ok: true, summary: { removed: ['authored'] } });
    expect(Object.keys(coordinator.snapshot.dags)).toEqual(BUILT_IN);
    expect(await loadAuthoredFiles(db)).toEqual([]);
    // Its runs stay stored, and come back with the DAG.
    await client.execute({ type: 'deployDagFile', fileName: 'mine.ts', text: threeTasks() });
    expect(coordinator.snapshot.runs[run.runId]).toMatchObject({ state: 'success', dagVersion: 1 });
  });
});
