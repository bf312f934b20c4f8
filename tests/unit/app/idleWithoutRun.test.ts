import { afterEach, describe, expect, it, vi } from 'vitest';
import { idleWithoutRun } from '../../../src/app/idleWithoutRun';
import { SETTLED_AFTER_MS } from '../../../src/app/whenSettled';
import type { SchedulerState } from '../../../src/core/schedulerState';
import { HOUSING_DAGS } from '../../../src/pipelines/housing/dags';
import { HOUSING_DATASETS } from '../../../src/pipelines/housing/datasets';
import { createPlaygroundStore } from '../../../src/store/playgroundStore';

afterEach(() => vi.useRealTimers());

/**
 * A store whose mirrored scheduler state has `active` runs (only activeRunIds is read), an idle whose periods come when
 * the test says, and the idle under test; `done` lists the pages whose turn came.
 */
function setUp(...active: string[]) {
  vi.useFakeTimers();
  const store = createPlaygroundStore(HOUSING_DAGS, HOUSING_DATASETS);
  const setActive = (...runIds: string[]) => store.setState({ scheduler: { activeRunIds: runIds } as unknown as SchedulerState });
  setActive(...active);
  const queued: (() => void)[] = [];
  const wait = idleWithoutRun(store, (run) => void queued.push(run));
  const done: string[] = [];
  return { setActive, queued, done, runIdle: () => queued.splice(0).forEach((run) => run()), load: (name: string) => wait(() => done.push(name)) };
}

describe('idleWithoutRun (when the other pages preload)', () => {
  it('waits for the quiet time, then an idle period, when nothing runs', async () => {
    const { queued, done, runIdle, load } = setUp();
    load('page0');
    await vi.advanceTimersByTimeAsync(SETTLED_AFTER_MS - 1);
    expect(queued).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    runIdle();
    expect(done).toEqual(['page0']);
  });

  it('loads nothing while a run is active, producer then consumer, and goes on once they are done', async () => {
    const { setActive, done, runIdle, load } = setUp('producer');
    load('page0');
    await vi.advanceTimersByTimeAsync(10 * SETTLED_AFTER_MS);
    runIdle();
    expect(done).toEqual([]);
    setActive('consumer'); // the producer's asset triggered the consumer in the same step
    await vi.advanceTimersByTimeAsync(10 * SETTLED_AFTER_MS);
    runIdle();
    expect(done).toEqual([]);
    setActive();
    await vi.advanceTimersByTimeAsync(SETTLED_AFTER_MS);
    runIdle();
    expect(done).toEqual(['page0']);
    // Once settled, the next page follows in the next idle period, with no second quiet time.
    load('page1');
    runIdle();
    expect(done).toEqual(['page0', 'page1']);
  });

  it('waits again when a run starts between the quiet time and the idle period', async () => {
    const { setActive, queued, done, runIdle, load } = setUp();
    load('page0');
    await vi.advanceTimersByTimeAsync(SETTLED_AFTER_MS);
    expect(queued).toHaveLength(1);
    setActive('producer'); // Trigger clicked just then
    runIdle();
    expect(done).toEqual([]);
    setActive();
    await vi.advanceTimersByTimeAsync(SETTLED_AFTER_MS);
    runIdle();
    expect(done).toEqual(['page0']);
  });
});
