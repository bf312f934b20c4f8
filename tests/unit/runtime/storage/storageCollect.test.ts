import { afterEach, describe, expect, it } from 'vitest';
import { makeTable } from '../../../../src/core/columns';
import { dagId, runId, taskId } from '../../../../src/core/ids';
import type { TaskState } from '../../../../src/core/states';
import { commitDatasetVersion, listDatasetVersions, listStagedVersions, writeDatasetVersion } from '../../../../src/runtime/storage/datasets';
import { collectStagedVersions } from '../../../../src/runtime/storage/maintenance';
import { NUMBERS } from './storageFixtures';
import { storeRun } from './storedRuns';
import { openTestDatabase } from '../testDb';

const table = makeTable({ x: Float32Array.of(1, 2, 3) });
const by = (run: string, tryNumber = 1, task = 'make') => ({ dagId: dagId('producer'), runId: runId(run), taskId: taskId(task), tryNumber });

describe('collectStagedVersions', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });
  async function open() {
    const opened = await openTestDatabase();
    cleanups.push(opened.close);
    return opened.db;
  }

  it.each<[string, readonly TaskState[], 'deleted' | 'kept']>([
    ['the try failed and its retry succeeded', ['failed', 'success'], 'deleted'],
    ['the try failed for good', ['failed'], 'deleted'],
    ['the try succeeded without an event for it (marked by hand, not an outlet)', ['success'], 'deleted'],
    ['the task was skipped', ['skipped'], 'deleted'],
    ['the try is still running', ['running'], 'kept'],
    ['the try is still queued', ['queued'], 'kept'],
  ])('when %s: %s', async (_, states, expected) => {
    const db = await open();
    await storeRun(db, { id: 'r1', state: 'running', seq: 1, tasks: { make: states } });
    const meta = await writeDatasetVersion(db, NUMBERS, table, by('r1'), 10);
    const result = await collectStagedVersions(db);
    if (expected === 'deleted') {
      expect(result.deleted.map((v) => v.id)).toEqual([meta.id]);
      expect(await db.get('datasetColumns', meta.id)).toBeUndefined();
      expect(await listStagedVersions(db)).toEqual([]);
    } else {
      expect(result.kept).toEqual([meta.id]);
      expect(await db.get('datasetColumns', meta.id)).toBeDefined();
    }
  });

  it('deletes versions whose run or task is gone, and those of a superseded try', async () => {
    const db = await open();
    await storeRun(db, { id: 'r1', state: 'running', seq: 1, tasks: { make: ['failed', 'running'] } });
    const orphanRun = await writeDatasetVersion(db, NUMBERS, table, by('gone'), 10);
    const orphanTask = await writeDatasetVersion(db, NUMBERS, table, by('r1', 1, 'other'), 10);
    const firstTry = await writeDatasetVersion(db, NUMBERS, table, by('r1', 1), 10);
    const secondTry = await writeDatasetVersion(db, NUMBERS, table, by('r1', 2), 11);
    const result = await collectStagedVersions(db);
    expect(result.deleted.map((v) => v.id).sort()).toEqual([orphanRun.id, orphanTask.id, firstTry.id].sort());
    expect(result.kept).toEqual([secondTry.id]);
  });

  it('at start-up (no try can be in flight) also deletes versions of tries storage shows running', async () => {
    const db = await open();
    await storeRun(db, { id: 'r1', state: 'running', seq: 1, tasks: { make: ['running'] } });
    await writeDatasetVersion(db, NUMBERS, table, by('r1'), 10);
    expect((await collectStagedVersions(db, { noTryInFlight: true })).deleted).toHaveLength(1);
    expect(await db.count('datasetColumns')).toBe(0);
  });

  it('never touches committed versions, even of failed tries or deleted runs', async () => {
    const db = await open();
    await storeRun(db, { id: 'r1', state: 'failed', seq: 1, tasks: { make: ['failed'] } });
    const a = await writeDatasetVersion(db, NUMBERS, table, by('r1'), 10);
    const b = await writeDatasetVersion(db, NUMBERS, table, by('gone'), 11, { committed: true });
    await commitDatasetVersion(db, a.id);
    expect(await collectStagedVersions(db, { noTryInFlight: true })).toEqual({ deleted: [], deletedModels: [], kept: [] });
    expect((await listDatasetVersions(db)).map((v) => v.id)).toEqual([b.id, a.id]);
  });
});
