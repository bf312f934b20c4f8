import { afterEach, describe, expect, it, vi } from 'vitest';
import { dagId, runId, taskId } from '../../../../src/core/ids';
import { findTask } from '../../../../src/core/model';
import { FakeClock } from '../../../../src/runtime/clock';
import { Coordinator } from '../../../../src/runtime/coordinator';
import type { OpenDatabaseOptions } from '../../../../src/runtime/storage/database';
import { collectStagedVersions } from '../../../../src/runtime/storage/maintenance';
import { listModels, loadModel, newestModelId, saveModel } from '../../../../src/runtime/storage/models';
import { loadSchedulerData, saveSchedulerChanges } from '../../../../src/runtime/storage/runs';
import type { ModelRecord } from '../../../../src/core/records';
import { CONSUMER, fixtureRegistry, PRODUCER, type FixtureControl } from './storageFixtures';
import { idle } from '../idle';
import { InThreadExecutor } from '../inThreadExecutor';
import { openTestDatabase } from '../testDb';

const source = { dagId: dagId('consumer'), runId: runId('r1'), taskId: taskId('train'), tryNumber: 1 };
const checkpoint = { datasetQueues: {}, paused: {}, nextEventId: 1, nextRunSeq: 1 };
const model = (id: string): ModelRecord => ({
  id,
  createdAt: 1,
  producedBy: source,
  trainedOn: null,
  artifacts: {},
  weightData: new ArrayBuffer(8),
  metrics: {},
});

/**
 * A model, like a dataset version, becomes visible only in the transaction that records its try's success (issue 12,
 * point 1): a try that stored a model and then failed, or whose page closed before its success was recorded, leaves
 * none, and reopening never shows two models for one try.
 */
describe('staged models', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });
  async function open(options: OpenDatabaseOptions = {}) {
    const opened = await openTestDatabase(options);
    cleanups.push(opened.close);
    return opened;
  }

  it('are left out of every listing until the write recording their success commits them', async () => {
    const { db } = await open();
    await saveModel(db, model('m1'));
    expect(await listModels(db)).toEqual([]);
    expect(await newestModelId(db)).toBeNull();
    // The try that stored it (and predict, given its id) can still load it.
    expect((await loadModel(db, 'm1')).committed).toBe(false);
    await saveSchedulerChanges(db, { runs: [], tasks: [], events: [], checkpoint, dags: {}, models: ['m1'] });
    expect((await listModels(db)).map((m) => [m.id, m.committed])).toEqual([['m1', true]]);
    expect(await newestModelId(db)).toBe('m1');
  });

  it('stay staged when that write fails (one transaction with the success)', async () => {
    let fail = false;
    const { db } = await open({ failWrites: (store) => (fail && store === 'meta' ? new Error('disk error') : null) });
    await saveModel(db, model('m1'));
    fail = true;
    await expect(saveSchedulerChanges(db, { runs: [], tasks: [], events: [], checkpoint, dags: {}, models: ['m1'] })).rejects.toThrow('disk error');
    fail = false;
    expect(await listModels(db)).toEqual([]);
  });

  describe('through the coordinator and the real task context', () => {
    async function start(control: FixtureControl, opened?: Awaited<ReturnType<typeof open>>) {
      const db = opened ?? (await open());
      const coordinator = await Coordinator.start({
        dags: [PRODUCER, CONSUMER],
        db: db.db,
        dbName: db.name,
        executor: new InThreadExecutor(fixtureRegistry(control), {}, () => 2_000),
        clock: new FakeClock(1_000_000),
        settings: { backend: 'cpu', seed: 1, baseUrl: 'http://localhost/' },
      });
      return { coordinator, ...db };
    }

    it('a successful train try commits its model with its success', async () => {
      const { coordinator, db } = await start({ value: 1, rows: 5, failAfterWrite: false });
      coordinator.trigger(PRODUCER.id);
      await idle(coordinator);
      const consumer = Object.values(coordinator.snapshot.runs).find((r) => r.dagId === CONSUMER.id)!;
      expect(consumer.state).toBe('success');
      expect((await listModels(db)).map((m) => [m.id, m.committed])).toEqual([[`model@${consumer.id}/1`, true]]);
    });

    it('a train try that fails after storing its model leaves no model', async () => {
      const { coordinator, db } = await start({ value: 1, rows: 5, failAfterWrite: false, failAfterModel: true });
      coordinator.trigger(PRODUCER.id);
      await idle(coordinator);
      expect(Object.values(coordinator.snapshot.runs).map((r) => r.state)).toEqual(['success', 'failed']);
      expect(await listModels(db)).toEqual([]);
      expect(await db.count('models')).toBe(0);
    });

    it('a page closed after train stored its model but before its success was recorded: one model, of the try that took it up', async () => {
      const opened = await open();
      const first = await start({ value: 1, rows: 5, failAfterWrite: false, hangAfterModel: true }, opened);
      first.coordinator.trigger(PRODUCER.id);
      await vi.waitFor(async () => expect(await opened.db.count('models')).toBe(1));
      await first.coordinator.flush();
      first.coordinator.close();
      expect(await listModels(opened.db)).toEqual([]);

      const second = await start({ value: 1, rows: 5, failAfterWrite: false }, opened);
      await idle(second.coordinator);
      const consumer = (await loadSchedulerData(opened.db)).runs.find((r) => r.dagId === CONSUMER.id)!;
      expect(consumer.state).toBe('success');
      const train = findTask(consumer, 'train')!;
      expect(train.tries.map((t) => [t.tryNumber, t.state, t.lost === true])).toEqual([
        [1, 'failed', true],
        [2, 'success', false],
      ]);
      // The lost try's staged model was collected at start; the model of try 2 is the only one, committed.
      expect((await listModels(opened.db)).map((m) => m.id)).toEqual([`model@${consumer.id}/2`]);
      expect(await opened.db.getAllKeys('models')).toEqual([`model@${consumer.id}/2`]);
      expect((await collectStagedVersions(opened.db)).deletedModels).toEqual([]);
    });
  });
});
