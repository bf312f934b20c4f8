import { describe, expect, it } from 'vitest';
import { dagId, runId, taskId } from '../../../../src/core/ids';
import type { ModelRecord } from '../../../../src/core/records';
import { saveModel } from '../../../../src/runtime/storage/models';
import { saveSchedulerChanges } from '../../../../src/runtime/storage/runs';
import { readCommittedModels } from '../../../../src/ui/model/storedModels';
import { openTestDatabase } from '../../runtime/testDb';

const model = (id: string, createdAt: number): ModelRecord => ({
  id,
  createdAt,
  producedBy: { dagId: dagId('consumer'), runId: runId('r1'), taskId: taskId('train'), tryNumber: 1 },
  trainedOn: null,
  artifacts: {},
  weightData: new ArrayBuffer(8),
  metrics: {},
});
const checkpoint = { datasetQueues: {}, paused: {}, nextEventId: 1, nextRunSeq: 1 };

/**
 * The Model page hears of a train try's success from the scheduler's state before the write that commits its model
 * lands: it must read again until the models the runs name are committed, not show the list without the newest one
 * until something else changes (seen in the model-page e2e: two consumer runs, one model listed).
 */
describe('readCommittedModels', () => {
  it('reads again until the expected model is committed by the write that records its success', async () => {
    const opened = await openTestDatabase();
    const { db } = opened;
    await saveModel(db, model('m1', 1), { committed: true });
    await saveModel(db, model('m2', 2));
    const waits: number[] = [];
    const models = await readCommittedModels(db, ['m1', 'm2'], async (ms) => {
      waits.push(ms);
      // The scheduler's write lands while the page waits.
      if (waits.length === 2) await saveSchedulerChanges(db, { runs: [], tasks: [], events: [], checkpoint, dags: {}, models: ['m2'] });
    });
    expect(models.map((m) => m.id)).toEqual(['m2', 'm1']);
    expect(waits).toEqual([50, 100]);
    await opened.close();
  });

  it('gives up after a few seconds and shows what is committed: a staged model that never commits stays hidden', async () => {
    const opened = await openTestDatabase();
    await saveModel(opened.db, model('m1', 1), { committed: true });
    await saveModel(opened.db, model('lost', 2));
    const waits: number[] = [];
    const models = await readCommittedModels(opened.db, ['m1', 'lost'], async (ms) => void waits.push(ms));
    expect(models.map((m) => m.id)).toEqual(['m1']);
    expect(waits.reduce((a, b) => a + b, 0)).toBeLessThan(7_000);
    await opened.close();
  });

  it('reads once when every expected model is there, and stops when the page no longer needs the answer', async () => {
    const opened = await openTestDatabase();
    await saveModel(opened.db, model('m1', 1), { committed: true });
    const waits: number[] = [];
    expect((await readCommittedModels(opened.db, ['m1'], async (ms) => void waits.push(ms))).map((m) => m.id)).toEqual(['m1']);
    expect(await readCommittedModels(opened.db, ['gone'], async (ms) => void waits.push(ms), () => false)).toHaveLength(1);
    expect(waits).toEqual([]);
    await opened.close();
  });
});
