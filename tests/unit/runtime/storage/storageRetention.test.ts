import { afterEach, describe, expect, it } from 'vitest';
import { makeTable } from '../../../../src/core/columns';
import { dagId, datasetEventId, datasetId, runId, taskId, type DatasetVersionId } from '../../../../src/core/ids';
import type { DatasetEvent } from '../../../../src/core/model';
import type { Database } from '../../../../src/runtime/storage/database';
import { listDatasetVersions, listStagedVersions, verifyVersion, writeDatasetVersion } from '../../../../src/runtime/storage/datasets';
import { appendLogs, logsOfRun } from '../../../../src/runtime/storage/logs';
import { applyRetention, storageSummary } from '../../../../src/runtime/storage/maintenance';
import { writeTaskOutput } from '../../../../src/runtime/storage/taskOutputs';
import { NUMBERS } from './storageFixtures';
import { storeRun } from './storedRuns';
import { openTestDatabase } from '../testDb';
import { runBlocks } from '../../../../src/runtime/storage/taskBlocks';

const OTHER = datasetId('other');
const table = makeTable({ x: Float32Array.of(1, 2, 3, 4) }); // 16 bytes
const by = (run: string) => ({ dagId: dagId('producer'), runId: runId(run), taskId: taskId('make'), tryNumber: 1 });

/** `count` committed versions of a dataset, oldest first, one producer run each (p1, p2, …). */
async function versions(db: Database, dataset = NUMBERS, count = 15, prefix = 'p'): Promise<DatasetVersionId[]> {
  const ids: DatasetVersionId[] = [];
  for (let i = 1; i <= count; i++) {
    ids.push((await writeDatasetVersion(db, dataset, table, by(`${prefix}${i}`), i * 10, { committed: true })).id);
  }
  return ids;
}

const eventOf = (versionId: DatasetVersionId, id = 1): DatasetEvent => ({
  id: datasetEventId(id),
  datasetId: NUMBERS,
  versionId,
  timestamp: 1,
  source: null,
  extra: {},
});

describe('applyRetention', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });
  async function open() {
    const opened = await openTestDatabase();
    cleanups.push(opened.close);
    return opened.db;
  }

  it('keeps the newest N committed versions per dataset and deletes the rest with their columns', async () => {
    const db = await open();
    const numbers = await versions(db);
    const other = await versions(db, OTHER, 3, 'o');
    const staged = await writeDatasetVersion(db, NUMBERS, table, by('s1'), 1);
    const result = await applyRetention(db, { keepVersions: 10 });
    expect([...result.deletedVersions].sort()).toEqual(numbers.slice(0, 5).sort());
    expect(result.freedBytes).toBe(5 * 16);
    expect(result.deletedRuns).toEqual([]);
    const left = await listDatasetVersions(db);
    expect(left.filter((v) => v.datasetId === NUMBERS).map((v) => v.id)).toEqual(numbers.slice(5).reverse());
    expect(left.filter((v) => v.datasetId === OTHER)).toHaveLength(3);
    for (const id of numbers.slice(0, 5)) expect(await db.get('datasetColumns', id)).toBeUndefined();
    for (const id of [...numbers.slice(5), ...other]) expect((await verifyVersion(db, id)).ok).toBe(true);
    // Staged versions are not retention's business (collectStagedVersions decides about them).
    expect((await listStagedVersions(db)).map((v) => v.id)).toEqual([staged.id]);
    // Again: nothing more to do.
    expect((await applyRetention(db, { keepVersions: 10 })).deletedVersions).toEqual([]);
  });

  it('never deletes a version a queued consumer event or an active run still points to, and always keeps the newest', async () => {
    const db = await open();
    const ids = await versions(db, NUMBERS, 6);
    // The consumer's queue holds an event for v2; an active consumer run was triggered by v3; a finished one by v4.
    await db.put('meta', { datasetQueues: { [dagId('consumer')]: { [NUMBERS]: eventOf(ids[1]!) } }, paused: {}, nextEventId: 9, nextRunSeq: 9 }, 'scheduler');
    await storeRun(db, { id: 'c1', dagId: 'consumer', state: 'running', seq: 1, triggeringEvents: [eventOf(ids[2]!, 2)] });
    await storeRun(db, { id: 'c0', dagId: 'consumer', state: 'success', seq: 0, triggeringEvents: [eventOf(ids[3]!, 3)] });
    const result = await applyRetention(db, { keepVersions: 0 }); // at least 1 is kept whatever is asked
    expect([...result.protectedVersions].sort()).toEqual([ids[1]!, ids[2]!].sort());
    expect((await listDatasetVersions(db)).map((v) => v.id).sort()).toEqual([ids[1]!, ids[2]!, ids[5]!].sort());
  });

  it('deletes old finished runs with their task instances, logs and task outputs when asked; active runs stay', async () => {
    const db = await open();
    for (let i = 1; i <= 4; i++) {
      await storeRun(db, { id: `r${i}`, state: i === 2 ? 'failed' : 'success', seq: i, tasks: { load: ['success'], make: ['success'] } });
    }
    await storeRun(db, { id: 'r5', state: 'running', seq: 5, tasks: { load: ['success'], make: ['running'] } });
    await storeRun(db, { id: 'c1', dagId: 'consumer', state: 'success', seq: 6, tasks: { train: ['success'] } });
    const line = { taskId: taskId('load'), tryNumber: 1, timestamp: 1, level: 'info' as const, message: 'hi' };
    for (const run of ['r1', 'r2', 'r3', 'r4', 'r5', 'c1']) {
      await writeTaskOutput(db, runId(run), taskId('load'), table);
      await appendLogs(db, [{ ...line, runId: runId(run), seq: Number(run.slice(1)) * 10 + (run.startsWith('c') ? 100 : 0) }]);
    }
    const result = await applyRetention(db, { keepVersions: 10, keepRuns: 2 });
    expect([...result.deletedRuns].sort()).toEqual(['r1', 'r2']);
    expect(result.deletedTaskOutputs).toBe(2);
    expect(result.deletedLogLines).toBe(2);
    expect((await db.getAll('runs')).map((r) => r.id).sort()).toEqual(['c1', 'r3', 'r4', 'r5']);
    expect(await db.getAll('taskBlocks', runBlocks('r1'))).toEqual([]);
    expect(await db.getAll('taskBlocks', runBlocks('r3'))).toHaveLength(1);
    expect(await logsOfRun(db, runId('r2'))).toEqual([]);
    expect(await logsOfRun(db, runId('r3'))).toHaveLength(1);
    expect((await db.getAll('taskOutputs')).map((o) => o.runId).sort()).toEqual(['c1', 'r3', 'r4', 'r5']);
  });

  it('deletes the task outputs of finished runs older than the kept ones, and outputs whose run is gone', async () => {
    const db = await open();
    for (let i = 1; i <= 5; i++) await storeRun(db, { id: `r${i}`, state: 'success', seq: i });
    await storeRun(db, { id: 'r6', state: 'running', seq: 6 });
    for (const run of ['r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'gone']) {
      await writeTaskOutput(db, runId(run), taskId('load'), table);
      await writeTaskOutput(db, runId(run), taskId('predict'), table);
    }
    const result = await applyRetention(db, { keepVersions: 10, keepTaskOutputsOfRuns: 2 });
    expect(result.deletedRuns).toEqual([]);
    expect(result.deletedTaskOutputs).toBe(8);
    expect([...new Set((await db.getAll('taskOutputs')).map((o) => o.runId))].sort()).toEqual(['r4', 'r5', 'r6']);
    expect(await db.count('runs')).toBe(6);
    // Without keepRuns, outputs of the newest keepVersions finished runs stay.
    expect((await applyRetention(db, { keepVersions: 1 })).deletedTaskOutputs).toBe(2);
  });

  it('summarizes what is stored for the Storage panel', async () => {
    const db = await open();
    await versions(db, NUMBERS, 3);
    await writeDatasetVersion(db, NUMBERS, table, by('s'), 1);
    await writeTaskOutput(db, runId('r1'), taskId('load'), table);
    await storeRun(db, { id: 'r1', state: 'success', seq: 1 });
    expect(await storageSummary(db)).toEqual({ versions: 3, versionBytes: 48, stagedVersions: 1, taskOutputs: 1, runs: 1, models: 0 });
  });
});
