import { afterEach, describe, expect, it } from 'vitest';
import { makeTable } from '../../../../src/core/columns';
import { dagId, datasetId, runId, taskId } from '../../../../src/core/ids';
import {
  latestVersionOf,
  listDatasetVersions,
  readDatasetVersion,
  writeDatasetVersion,
} from '../../../../src/runtime/storage/datasets';
import { readTaskOutput, writeTaskOutput } from '../../../../src/runtime/storage/taskOutputs';
import { appendLogs, logsOfRun } from '../../../../src/runtime/storage/logs';
import { openTestDatabase } from '../testDb';

const source = (run: string, tryNumber = 1) => ({
  dagId: dagId('p'),
  runId: runId(run),
  taskId: taskId('t'),
  tryNumber,
});

describe('dataset storage', () => {
  let close: (() => Promise<void>) | null = null;
  afterEach(async () => {
    await close?.();
    close = null;
  });

  it('stores a version as columns of typed arrays and reads it back bit-exact', async () => {
    const opened = await openTestDatabase();
    close = opened.close;
    const a = Float64Array.of(0.1, Math.PI, -0, Number.MAX_VALUE);
    const b = Float32Array.of(1.5, -2.25, 3e-8, 7);
    const meta = await writeDatasetVersion(opened.db, datasetId('ds'), makeTable({ a, b }), source('r1'), 1000);
    expect(meta).toMatchObject({ datasetId: 'ds', rowCount: 4, byteSize: 4 * 8 + 4 * 4, createdAt: 1000 });
    expect(meta.schema).toEqual([
      { name: 'a', dtype: 'float64' },
      { name: 'b', dtype: 'float32' },
    ]);
    const back = await readDatasetVersion(opened.db, meta.id);
    expect(back.columns.a).toBeInstanceOf(Float64Array);
    expect(back.columns.b).toBeInstanceOf(Float32Array);
    expect(new Uint8Array(back.columns.a!.buffer)).toEqual(new Uint8Array(a.buffer));
    expect(new Uint8Array(back.columns.b!.buffer)).toEqual(new Uint8Array(b.buffer));
  });

  it('lists versions newest first with their lineage, and finds the latest per dataset', async () => {
    const opened = await openTestDatabase();
    close = opened.close;
    const table = makeTable({ x: Float32Array.of(1, 2) });
    const committed = { committed: true };
    await writeDatasetVersion(opened.db, datasetId('ds'), table, source('r1'), 1000, committed);
    await writeDatasetVersion(opened.db, datasetId('ds'), table, source('r2'), 2000, committed);
    await writeDatasetVersion(opened.db, datasetId('other'), table, source('r3'), 1500, committed);
    // A staged version (its event not recorded yet) is newer than all of them, and invisible.
    await writeDatasetVersion(opened.db, datasetId('ds'), table, source('r4'), 3000);
    const all = await listDatasetVersions(opened.db);
    expect(all.map((v) => v.producedBy.runId)).toEqual(['r2', 'r3', 'r1']);
    expect((await latestVersionOf(opened.db, datasetId('ds')))?.producedBy.runId).toBe('r2');
  });

  it('says which version is missing instead of returning nothing', async () => {
    const opened = await openTestDatabase();
    close = opened.close;
    await expect(readDatasetVersion(opened.db, 'nope' as never)).rejects.toThrow('Asset version "nope" is not stored');
    await expect(readTaskOutput(opened.db, runId('r'), taskId('t'))).rejects.toThrow('Task "t" of run "r" left no output');
  });

  it('keeps task outputs per run and task, and logs per run', async () => {
    const opened = await openTestDatabase();
    close = opened.close;
    await writeTaskOutput(opened.db, runId('r1'), taskId('extract'), makeTable({ v: Float64Array.of(1) }));
    await writeTaskOutput(opened.db, runId('r2'), taskId('extract'), makeTable({ v: Float64Array.of(2) }));
    expect(Array.from((await readTaskOutput(opened.db, runId('r2'), taskId('extract'))).columns.v!)).toEqual([2]);
    const line = { runId: runId('r1'), taskId: taskId('t'), tryNumber: 1, timestamp: 5, level: 'info' as const };
    await appendLogs(opened.db, [
      { ...line, seq: 0, message: 'one' },
      { ...line, seq: 1, message: '<b>two</b>' },
    ]);
    const logs = await logsOfRun(opened.db, runId('r1'));
    expect(logs.map((l) => l.message)).toEqual(['one', '<b>two</b>']);
    expect(await logsOfRun(opened.db, runId('r2'))).toEqual([]);
  });
});
