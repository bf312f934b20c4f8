import { afterEach, describe, expect, it } from 'vitest';
import type { DagDefinition } from '../../../src/core/dag';
import { dagId, taskId } from '../../../src/core/ids';
import { FakeClock } from '../../../src/runtime/clock';
import { Coordinator } from '../../../src/runtime/coordinator';
import { loadSchedulerData } from '../../../src/runtime/storage/runs';
import { TASK_BLOCK_SIZE } from '../../../src/runtime/storage/taskBlocks';
import type { TaskExecutor } from '../../../src/runtime/workers/workerPool';
import { idle } from './idle';
import { openTestDatabase } from './testDb';

const SIZE = 2 * TASK_BLOCK_SIZE + 3;
const ids = Array.from({ length: SIZE }, (_, i) => taskId(`t${i}`));
const wide = (order: readonly typeof ids[number][]): DagDefinition => ({
  id: dagId('wide'),
  schedule: { type: 'manual' },
  tasks: order.map((id) => ({ id, upstream: [] })),
});

/** Every try succeeds at once. */
const executor: TaskExecutor = {
  size: 4,
  run: (_request, callbacks) =>
    new Promise((resolve) =>
      queueMicrotask(() => {
        callbacks.onStarted();
        queueMicrotask(() => resolve({ type: 'success', outputs: [] }));
      }),
    ),
  stop: () => undefined,
  terminate: () => undefined,
};

/**
 * Task instances are stored in blocks of positions (taskBlocks.ts). A DAG whose tasks changed order realigns its runs
 * (in memory, by task id): the next write of such a run must not mix blocks of the old order with blocks of the new,
 * which would store one task twice and lose another.
 */
describe('a run realigned with a reordered DAG', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  for (const when of ['replaced while the page runs', 'changed between two page loads'] as const) {
    it(`is stored whole in its new order, each task once, when the DAG is ${when}`, async () => {
      const opened = await openTestDatabase();
      cleanups.push(opened.close);
      const settings = { backend: 'cpu' as const, seed: 1, baseUrl: 'http://localhost/' };
      const options = { db: opened.db, dbName: opened.name, executor, clock: new FakeClock(1_000_000), settings };
      let coordinator = await Coordinator.start({ ...options, dags: [wide(ids)] });
      const triggered = coordinator.trigger(dagId('wide'));
      if (!triggered.ok) throw new Error(triggered.errors.join(' '));
      await idle(coordinator);

      const reversed = [...ids].reverse();
      if (when === 'replaced while the page runs') {
        await coordinator.replaceDags([wide(reversed)]);
      } else {
        coordinator.close();
        await coordinator.flush();
        coordinator = await Coordinator.start({ ...options, dags: [wide(reversed)] });
      }
      // One task changes: only its block would be written, in the new order, beside the others in the old.
      coordinator.clearTask(triggered.runId, ids[1]!, false);
      await idle(coordinator);

      const [run] = (await loadSchedulerData(opened.db)).runs;
      expect(run!.tasks.map((ti) => ti.taskId)).toEqual(reversed);
      expect(run!.tasks.every((ti) => ti.state === 'success')).toBe(true);
      expect(run!.tasks.find((ti) => ti.taskId === ids[1])!.tryNumber).toBe(2);
      coordinator.close();
    });
  }
});
