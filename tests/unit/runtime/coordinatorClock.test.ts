import { afterEach, describe, expect, it } from 'vitest';
import type { DagDefinition } from '../../../src/core/dag';
import { dagId, taskId } from '../../../src/core/ids';
import { findTask, type DagRun } from '../../../src/core/model';
import { FakeClock } from '../../../src/runtime/clock';
import { Coordinator } from '../../../src/runtime/coordinator';
import type { TaskRequest, TaskResult } from '../../../src/runtime/workers/protocol';
import { loadSchedulerData } from '../../../src/runtime/storage/runs';
import { formatDuration, span } from '../../../src/ui/format';
import { idle } from './idle';
import { drain, TimedExecutor } from './scriptedExecutor';
import { openTestDatabase } from './testDb';

const HOUR = 3_600_000;
const DAG: DagDefinition = {
  id: dagId('clocked'),
  schedule: { type: 'manual' },
  tasks: [
    { id: taskId('a'), upstream: [], retries: 1, retryDelayMs: 2_000 },
    { id: taskId('b'), upstream: [taskId('a')] },
  ],
};
/** a's first try fails; everything else succeeds. */
const script = (request: TaskRequest): TaskResult =>
  request.taskId === 'a' && request.tryNumber === 1 ? { type: 'failed', error: { name: 'Error', message: 'first try fails' } } : { type: 'success', outputs: [] };

/**
 * The clock set back or forward an hour while a retry waits (issue 12, point 7): waits are measured on the monotonic
 * clock, the times a person sees move with the wall clock, no duration turns negative; after a reload, a stored retry
 * waits at most its delay.
 */
describe('Coordinator with a clock that is set', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  async function start(clock: FakeClock, opened?: Awaited<ReturnType<typeof openTestDatabase>>) {
    const db = opened ?? (await openTestDatabase());
    if (!opened) cleanups.push(db.close);
    const executor = new TimedExecutor(clock, script);
    const settings = { backend: 'cpu' as const, seed: 1, baseUrl: 'http://localhost/' };
    const coordinator = await Coordinator.start({ dags: [DAG], db: db.db, dbName: db.name, executor, clock, settings });
    return { coordinator, executor, db };
  }

  const only = (coordinator: Coordinator): DagRun => Object.values(coordinator.snapshot.runs)[0]!;

  it.each([
    ['back', -HOUR],
    ['forward', HOUR],
  ])('set %s an hour while a retry waits: the retry starts after its 2 s all the same, and says so', async (_, jump) => {
    const clock = new FakeClock(1_700_000_000_000);
    const { coordinator, executor } = await start(clock);
    coordinator.trigger(DAG.id);
    await drain();
    expect(findTask(only(coordinator), 'a')).toMatchObject({ state: 'up_for_retry', nextRetryAt: clock.now() + 2_000 });

    clock.jump(jump);
    clock.advance(1_000);
    // Noticed within a second (no step was due): the retry's time moved with the clock, 1 s ahead as before.
    const a = findTask(only(coordinator), 'a')!;
    expect(a.nextRetryAt! - clock.now()).toBe(1_000);
    expect(executor.requests).toHaveLength(1);
    clock.advance(999);
    await drain();
    expect(executor.requests).toHaveLength(1);
    clock.advance(1);
    await idle(coordinator);
    expect(executor.timeline(1_700_000_000_000)).toEqual(['a@0', `a@${2_000 + jump}`, `b@${2_000 + jump}`]);

    // Stored times are the wall clock's, and every duration is true: no hour, nothing negative.
    const [run] = (await loadSchedulerData(coordinator.database)).runs;
    expect(run!.state).toBe('success');
    expect(run!.endDate! - run!.startDate!).toBe(2_000);
    expect(run!.endDate).toBe(clock.now());
    for (const ti of run!.tasks) {
      for (const t of ti.tries) expect(span(t.queuedAt, t.endDate), `${ti.taskId} try ${t.tryNumber}`).toBeGreaterThanOrEqual(0);
    }
    expect(findTask(run!, 'a')!.tries[1]!.queuedAt - findTask(run!, 'a')!.tries[0]!.endDate!).toBe(2_000);
  });

  it('a reload after the clock was set back an hour: the stored retry waits its 2 s from the reload, not an hour more', async () => {
    const first = await start(new FakeClock(1_700_000_000_000));
    first.coordinator.trigger(DAG.id);
    await drain();
    await first.coordinator.flush();
    first.coordinator.close();

    const clock = new FakeClock(1_700_000_000_000 + 500 - HOUR);
    const second = await start(clock, first.db);
    expect(findTask(only(second.coordinator), 'a')!.nextRetryAt).toBe(clock.now() + 2_000);
    clock.advance(1_999);
    await drain();
    expect(second.executor.requests).toHaveLength(0);
    clock.advance(1);
    await idle(second.coordinator);
    expect(only(second.coordinator).state).toBe('success');
    expect(second.executor.timeline(clock.now())).toEqual(['a@0', 'b@0']);
  });

  it('durations are never shown negative', () => {
    expect(formatDuration(-3_553_698)).toBe('0 ms');
    expect(span(10, 5)).toBe(0);
    expect(formatDuration(span(1_000, 62_500))).toBe('1 min 2 s');
  });
});
