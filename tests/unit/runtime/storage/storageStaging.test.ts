import { afterEach, describe, expect, it, vi } from 'vitest';
import { makeTable } from '../../../../src/core/columns';
import { dagId, datasetEventId, runId, taskId, type DatasetVersionId } from '../../../../src/core/ids';
import type { DatasetEvent } from '../../../../src/core/model';
import { FakeClock } from '../../../../src/runtime/clock';
import { Coordinator } from '../../../../src/runtime/coordinator';
import {
  latestVersionOf,
  listDatasetVersions,
  listStagedVersions,
  getVersionMeta,
  readDatasetVersion,
  verifyVersion,
  writeDatasetVersion,
} from '../../../../src/runtime/storage/datasets';
import type { OpenDatabaseOptions } from '../../../../src/runtime/storage/database';
import { loadSchedulerData, saveSchedulerChanges } from '../../../../src/runtime/storage/runs';
import type { StoreNames } from 'idb';
import type { PlaygroundDb } from '../../../../src/runtime/storage/schema';
import { CONSUMER, fixtureRegistry, NUMBERS, PREDICTIONS, PRODUCER, type FixtureControl } from './storageFixtures';
import { InThreadExecutor } from '../inThreadExecutor';
import { openTestDatabase } from '../testDb';
import { idle } from '../idle';

const source = { dagId: dagId('producer'), runId: runId('r1'), taskId: taskId('make'), tryNumber: 1 };
const checkpoint = { datasetQueues: {}, paused: {}, nextEventId: 2, nextRunSeq: 1 };
const eventFor = (versionId: DatasetVersionId): DatasetEvent => ({
  id: datasetEventId(1),
  datasetId: NUMBERS,
  versionId,
  timestamp: 5,
  source,
  extra: {},
});

describe('staged dataset versions', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });
  async function open(options: OpenDatabaseOptions = {}) {
    const opened = await openTestDatabase(options);
    cleanups.push(opened.close);
    return opened;
  }

  it('are invisible to every listing until the transaction recording their event commits them', async () => {
    const { db } = await open();
    const meta = await writeDatasetVersion(db, NUMBERS, makeTable({ x: Float32Array.of(1, 2, 3) }), source, 10);
    expect(meta.committed).toBe(false);
    expect(await listDatasetVersions(db)).toEqual([]);
    expect(await latestVersionOf(db, NUMBERS)).toBeUndefined();
    expect((await listStagedVersions(db)).map((v) => v.id)).toEqual([meta.id]);
    // The writer (and a consumer given the id by an event) can still read the columns.
    expect((await readDatasetVersion(db, meta.id)).rowCount).toBe(3);

    await saveSchedulerChanges(db, { runs: [], tasks: [], events: [eventFor(meta.id)], checkpoint, dags: {} });
    expect((await listDatasetVersions(db)).map((v) => [v.id, v.committed])).toEqual([[meta.id, true]]);
    expect((await latestVersionOf(db, NUMBERS))?.id).toBe(meta.id);
    expect(await listStagedVersions(db)).toEqual([]);
  });

  it.each<[string, StoreNames<PlaygroundDb>]>([
    ['the event write fails', 'datasetEvents'],
    ['the commit of the version fails', 'datasetVersions'],
    ['the checkpoint write fails', 'meta'],
  ])('stay staged, with no event stored, when %s (one transaction)', async (_, failing) => {
    let fail = false;
    const { db } = await open({ failWrites: (store) => (fail && store === failing ? new Error(`disk error on ${store}`) : null) });
    const meta = await writeDatasetVersion(db, NUMBERS, makeTable({ x: Float32Array.of(1, 2) }), source, 10);
    fail = true;
    await expect(saveSchedulerChanges(db, { runs: [], tasks: [], events: [eventFor(meta.id)], checkpoint, dags: {} })).rejects.toThrow(
      `disk error on ${failing}`,
    );
    fail = false;
    expect((await getVersionMeta(db, meta.id))?.committed).toBe(false);
    expect(await listDatasetVersions(db)).toEqual([]);
    const stored = await loadSchedulerData(db);
    expect(stored.events).toEqual([]);
    expect(stored.checkpoint).toBeUndefined();
  });

  describe('through the coordinator and the real task context', () => {
    async function start(control: FixtureControl, db?: Awaited<ReturnType<typeof open>>) {
      const opened = db ?? (await open());
      const executor = new InThreadExecutor(fixtureRegistry(control), {}, () => 2_000);
      const coordinator = await Coordinator.start({
        dags: [PRODUCER, CONSUMER],
        db: opened.db,
        dbName: opened.name,
        executor,
        clock: new FakeClock(1_000_000),
        settings: { backend: 'cpu', seed: 1, baseUrl: 'http://localhost/' },
      });
      return { coordinator, ...opened };
    }

    it('commits each version with its event; the event carries the content hash; nothing stays staged', async () => {
      const { coordinator, db } = await start({ value: 1, rows: 100, failAfterWrite: false });
      expect(coordinator.trigger(PRODUCER.id).ok).toBe(true);
      await idle(coordinator);
      const runs = Object.values(coordinator.snapshot.runs);
      expect(runs.map((r) => [r.dagId, r.state])).toEqual([
        ['producer', 'success'],
        ['consumer', 'success'],
      ]);
      const versions = await listDatasetVersions(db);
      expect(versions.map((v) => v.datasetId).sort()).toEqual([NUMBERS, PREDICTIONS]);
      expect(await listStagedVersions(db)).toEqual([]);
      const { events } = await loadSchedulerData(db);
      expect(events).toHaveLength(2);
      for (const version of versions) {
        const event = events.find((e) => e.versionId === version.id)!;
        expect(event.extra.contentHash).toBe(version.contentHash);
        expect(event.extra.rowCount).toBe(100);
        expect(await verifyVersion(db, version.id)).toMatchObject({ ok: true, expected: version.contentHash });
      }
    });

    it('a try that fails after writing leaves no visible version, no staged junk and no event', async () => {
      const { coordinator, db } = await start({ value: 1, rows: 10, failAfterWrite: true });
      coordinator.trigger(PRODUCER.id);
      await idle(coordinator);
      const [run] = Object.values(coordinator.snapshot.runs);
      expect(run?.state).toBe('failed');
      expect(Object.values(coordinator.snapshot.runs)).toHaveLength(1); // the consumer never started
      expect(await listDatasetVersions(db)).toEqual([]);
      expect(await listStagedVersions(db)).toEqual([]);
      expect(await db.count('datasetColumns')).toBe(0);
      expect((await loadSchedulerData(db)).events).toEqual([]);
    });

    it('a version staged by a try in flight when the page closed is collected at the next start; the try taking it up commits its own', async () => {
      const opened = await open();
      const first = await start({ value: 1, rows: 10, failAfterWrite: false, hangAfterWrite: true }, opened);
      first.coordinator.trigger(PRODUCER.id);
      await vi.waitFor(async () => expect(await listStagedVersions(opened.db)).toHaveLength(1));
      const [lostVersion] = await listStagedVersions(opened.db);
      await first.coordinator.flush();

      // "Reload": a new coordinator on the same storage; the old one (and its hanging try) is gone.
      const second = await start({ value: 1, rows: 10, failAfterWrite: false }, opened);
      await idle(second.coordinator);
      expect(await listStagedVersions(opened.db)).toEqual([]);
      expect(await getVersionMeta(opened.db, lostVersion!.id)).toBeUndefined();
      const [run, consumerRun] = Object.values(second.coordinator.snapshot.runs);
      expect([run?.state, consumerRun?.state]).toEqual(['success', 'success']);
      // make has no retries: try 1 was lost, try 2 took it up for free and succeeded.
      const make = run!.tasks.find((t) => t.taskId === 'make')!;
      expect(make.tries.map((t) => [t.state, t.lost ?? false, t.error?.name])).toEqual([
        ['failed', true, 'TaskLost'],
        ['success', false, undefined],
      ]);
      const versions = await listDatasetVersions(opened.db);
      expect(versions.map((v) => [v.datasetId, v.producedBy.tryNumber]).sort()).toEqual([
        [NUMBERS, 2],
        [PREDICTIONS, 1],
      ]);
      expect(await opened.db.count('datasetColumns')).toBe(versions.length);
      const { events } = await loadSchedulerData(opened.db);
      expect(events.map((e) => e.versionId).sort()).toEqual(versions.map((v) => v.id).sort());
    });
  });
});
