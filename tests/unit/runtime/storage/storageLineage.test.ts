import { afterEach, describe, expect, it } from 'vitest';
import { makeTable } from '../../../../src/core/columns';
import { dagId, datasetVersionId, runId, taskId } from '../../../../src/core/ids';
import { FakeClock } from '../../../../src/runtime/clock';
import { Coordinator } from '../../../../src/runtime/coordinator';
import { listDatasetVersions, writeDatasetVersion } from '../../../../src/runtime/storage/datasets';
import { lineageOf } from '../../../../src/runtime/storage/lineage';
import { CONSUMER, fixtureRegistry, NUMBERS, PREDICTIONS, PRODUCER } from './storageFixtures';
import { InThreadExecutor } from '../inThreadExecutor';
import { openTestDatabase } from '../testDb';
import { idle } from '../idle';

describe('lineage', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  it('records what each task read — versions, upstream outputs, models — and lineageOf walks it upward', async () => {
    const opened = await openTestDatabase();
    cleanups.push(opened.close);
    const { db } = opened;
    const coordinator = await Coordinator.start({
      dags: [PRODUCER, CONSUMER],
      db,
      dbName: opened.name,
      executor: new InThreadExecutor(fixtureRegistry({ value: 1, rows: 20, failAfterWrite: false })),
      clock: new FakeClock(1_000_000),
      settings: { backend: 'cpu', seed: 1, baseUrl: 'http://localhost/' },
    });
    const triggered = coordinator.trigger(PRODUCER.id);
    if (!triggered.ok) throw new Error('trigger refused');
    await idle(coordinator);

    const versions = await listDatasetVersions(db);
    const numbers = versions.find((v) => v.datasetId === NUMBERS)!;
    const predictions = versions.find((v) => v.datasetId === PREDICTIONS)!;
    // The producer read only an upstream output (loaded from nowhere stored): no input versions.
    expect(numbers).toMatchObject({ inputs: [], upstreamOutputs: ['load'], models: [] });
    const consumerRun = Object.values(coordinator.snapshot.runs).find((r) => r.dagId === CONSUMER.id)!;
    const modelId = `model@${consumerRun.id}/1`;
    // save read predict's output (inheriting the model and features predict used) and the features itself.
    expect(predictions).toMatchObject({ inputs: [numbers.id], upstreamOutputs: ['predict'], models: [modelId] });
    // The model id is also in the event's extra, as before.
    expect(consumerRun.tasks.find((t) => t.taskId === 'save')?.outputs[0]?.extra).toMatchObject({ modelId, contentHash: predictions.contentHash });

    const chain = await lineageOf(db, predictions.id);
    expect(chain.map((n) => [n.id, n.depth, n.parents])).toEqual([
      [predictions.id, 0, [numbers.id]],
      [numbers.id, 1, []],
    ]);
    expect(chain[0]!.models).toEqual([{ id: modelId, trainedOn: numbers.id, stored: true }]);
    expect(chain[1]!.meta?.producedBy).toMatchObject({ dagId: 'producer', runId: triggered.runId, taskId: 'make' });
  });

  it('follows several generations, lists each version once, and marks versions no longer stored', async () => {
    const opened = await openTestDatabase();
    cleanups.push(opened.close);
    const { db } = opened;
    const t = makeTable({ x: Float32Array.of(1) });
    const by = (run: string) => ({ dagId: dagId('d'), runId: runId(run), taskId: taskId('t'), tryNumber: 1 });
    const gone = datasetVersionId('a@gone/t/1');
    const a = await writeDatasetVersion(db, NUMBERS, t, by('a'), 1, { committed: true, lineage: { inputs: [gone] } });
    const b = await writeDatasetVersion(db, NUMBERS, t, by('b'), 2, { committed: true, lineage: { inputs: [a.id] } });
    const c = await writeDatasetVersion(db, NUMBERS, t, by('c'), 3, { committed: true, lineage: { inputs: [a.id, b.id, a.id] } });
    expect(c.inputs).toEqual([a.id, b.id]);
    const chain = await lineageOf(db, c.id);
    expect(chain.map((n) => [n.id, n.depth])).toEqual([
      [c.id, 0],
      [a.id, 1],
      [b.id, 1],
      [gone, 2],
    ]);
    expect(chain[3]!.meta).toBeNull();
  });
});
