import { afterEach, describe, expect, it } from 'vitest';
import { makeTable } from '../../../../src/core/columns';
import { dagId, datasetEventId, runId, taskId } from '../../../../src/core/ids';
import { FakeClock } from '../../../../src/runtime/clock';
import { Coordinator, type CoordinatorNotice } from '../../../../src/runtime/coordinator';
import type { StoreNames } from 'idb';
import { openDatabase } from '../../../../src/runtime/storage/database';
import {
  getVersionMeta,
  listDatasetVersions,
  listStagedVersions,
  verifyVersion,
  writeDatasetVersion,
} from '../../../../src/runtime/storage/datasets';
import { saveModel } from '../../../../src/runtime/storage/models';
import { guardQuota, isQuotaExceeded, StorageFullError } from '../../../../src/runtime/storage/quota';
import { loadSchedulerData, saveSchedulerChanges } from '../../../../src/runtime/storage/runs';
import type { PlaygroundDb } from '../../../../src/runtime/storage/schema';
import { writeTaskOutput } from '../../../../src/runtime/storage/taskOutputs';
import { quotaExceededError } from '../../../../src/runtime/storage/writeFaults';
import { CONSUMER, fixtureRegistry, NUMBERS, PRODUCER } from './storageFixtures';
import { InThreadExecutor } from '../inThreadExecutor';
import { openTestDatabase } from '../testDb';
import { idle } from '../idle';

const FULL = /^Browser storage is full: could not store .+\. Free space in the Storage panel \(delete old versions\) or allow more storage\.$/;
const by = { dagId: dagId('producer'), runId: runId('r1'), taskId: taskId('make'), tryNumber: 1 };

describe('a full disk', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });
  /** A database where writes to the stores in `full` fail with QuotaExceededError while `disk.full` is set. */
  async function open(full: readonly StoreNames<PlaygroundDb>[] = ['datasetColumns']) {
    const disk = { full: false };
    const failWrites = (store: StoreNames<PlaygroundDb>) => (disk.full && full.includes(store) ? quotaExceededError() : null);
    const opened = await openTestDatabase({ failWrites });
    cleanups.push(opened.close);
    return { ...opened, disk, failWrites };
  }

  it('fails the task with a clear message and leaves the earlier version, and its hash, intact', async () => {
    const { db, name, disk, failWrites } = await open();
    // The worker opens its own connection, with the same full disk.
    const executor = new InThreadExecutor(fixtureRegistry({ value: 1, rows: 50, failAfterWrite: false }), {
      openDatabase: (n) => openDatabase(n, { failWrites }),
    });
    const coordinator = await Coordinator.start({
      dags: [PRODUCER, CONSUMER],
      db,
      dbName: name,
      executor,
      clock: new FakeClock(1_000_000),
      settings: { backend: 'cpu', seed: 1, baseUrl: 'http://localhost/' },
    });
    const logs: string[] = [];
    coordinator.subscribe((n) => n.type === 'logs' && logs.push(...n.lines.map((l) => l.message)));
    coordinator.trigger(PRODUCER.id);
    await idle(coordinator);
    const [earlier] = (await listDatasetVersions(db)).filter((v) => v.datasetId === NUMBERS);
    expect(earlier).toBeDefined();

    disk.full = true;
    const second = coordinator.trigger(PRODUCER.id);
    if (!second.ok) throw new Error('trigger refused');
    await idle(coordinator);
    const run = coordinator.snapshot.runs[second.runId]!;
    expect(run.state).toBe('failed');
    const make = run.tasks.find((t) => t.taskId === 'make')!;
    expect(make.error?.name).toBe('StorageFullError');
    expect(make.error?.message).toMatch(FULL);
    expect(make.error?.message).toContain(`version numbers@${second.runId}/make/1 of asset numbers`);
    expect(logs.some((line) => line.startsWith('StorageFullError: Browser storage is full'))).toBe(true);

    disk.full = false;
    expect((await listDatasetVersions(db)).filter((v) => v.datasetId === NUMBERS).map((v) => v.id)).toEqual([earlier!.id]);
    expect(await verifyVersion(db, earlier!.id)).toMatchObject({ ok: true, expected: earlier!.contentHash });
    expect(await listStagedVersions(db)).toEqual([]);
    expect(await db.count('datasetColumns')).toBe(2); // the earlier numbers and predictions, nothing else
    // No consumer run for the failed producer run: only the first one's.
    expect(Object.values(coordinator.snapshot.runs).filter((r) => r.dagId === CONSUMER.id)).toHaveLength(1);
  });

  it('says so when the transaction aborts with QuotaExceededError and its requests only say AbortError', async () => {
    const abort = new DOMException('The transaction was aborted.', 'AbortError');
    const quota = quotaExceededError();
    const failure = guardQuota('version x of dataset y (1.0 kB)', () => Promise.reject(abort), () => quota);
    await expect(failure).rejects.toBeInstanceOf(StorageFullError);
    await expect(failure).rejects.toThrow(FULL);
    // Any other failure passes through unchanged.
    await expect(guardQuota('x', () => Promise.reject(abort), () => null)).rejects.toBe(abort);
  });

  it('recognizes the quota errors browsers throw, and nothing else', () => {
    expect(isQuotaExceeded(quotaExceededError())).toBe(true);
    expect(isQuotaExceeded(new DOMException('old Firefox', 'NS_ERROR_DOM_QUOTA_REACHED'))).toBe(true);
    expect(isQuotaExceeded(new StorageFullError('x'))).toBe(true);
    expect(isQuotaExceeded(new DOMException('aborted', 'AbortError'))).toBe(false);
    expect(isQuotaExceeded(new Error('QuotaExceededError'))).toBe(false);
    expect(isQuotaExceeded(null)).toBe(false);
  });

  it('fails every kind of write the same way: versions, task outputs, models and the scheduler step', async () => {
    const { db, disk } = await open(['datasetColumns', 'taskOutputs', 'models', 'datasetEvents']);
    const table = makeTable({ x: Float32Array.of(1, 2) });
    const staged = await writeDatasetVersion(db, NUMBERS, table, by, 1);
    disk.full = true;
    await expect(writeDatasetVersion(db, NUMBERS, table, { ...by, tryNumber: 2 }, 2)).rejects.toThrow(FULL);
    await expect(writeTaskOutput(db, runId('r1'), taskId('load'), table)).rejects.toThrow(/could not store the output of task load/);
    await expect(
      saveModel(db, { id: 'm', createdAt: 1, producedBy: by, trainedOn: null, artifacts: {}, weightData: new ArrayBuffer(4), metrics: {} }),
    ).rejects.toThrow(/could not store model m/);
    const event = { id: datasetEventId(1), datasetId: NUMBERS, versionId: staged.id, timestamp: 1, source: by, extra: {} };
    const checkpoint = { datasetQueues: {}, paused: {}, nextEventId: 2, nextRunSeq: 1 };
    await expect(saveSchedulerChanges(db, { runs: [], tasks: [], events: [event], checkpoint, dags: {} })).rejects.toThrow(
      /could not store 1 asset event\(s\) and the scheduler's state/,
    );
    disk.full = false;
    // Nothing half-written: the second version is absent, the first still staged, no event.
    expect(await getVersionMeta(db, staged.id)).toMatchObject({ committed: false });
    expect(await db.count('datasetVersions')).toBe(1);
    expect((await loadSchedulerData(db)).events).toEqual([]);
  });

  it('reaches the page as a storage error notice when the coordinator cannot write a step', async () => {
    const { db, name, disk } = await open(['runs']);
    const coordinator = await Coordinator.start({
      dags: [PRODUCER, CONSUMER],
      db,
      dbName: name,
      executor: new InThreadExecutor(fixtureRegistry({ value: 1, rows: 5, failAfterWrite: false })),
      clock: new FakeClock(1_000_000),
      settings: { backend: 'cpu', seed: 1, baseUrl: 'http://localhost/' },
    });
    const notices: CoordinatorNotice[] = [];
    coordinator.subscribe((n) => notices.push(n));
    disk.full = true;
    coordinator.trigger(PRODUCER.id);
    await coordinator.flush();
    const errors = notices.filter((n): n is Extract<CoordinatorNotice, { type: 'storage_error' }> => n.type === 'storage_error');
    expect(errors[0]?.message).toMatch(FULL);
    disk.full = false;
    await idle(coordinator);
  });
});
