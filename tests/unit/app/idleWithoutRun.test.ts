import { afterEach, describe, expect, it, vi } from 'vitest';
import { idleWithoutRun } from '../../../src/app/idleWithoutRun';
import { SETTLED_AFTER_MS } from '../../../src/app/whenSettled';
import type { SchedulerState } from '../../../src/core/schedulerState';
import { HOUSING_DAGS } from '../../../src/pipelines/housing/dags';
import { HOUSING_DATASETS } from '../../../src/pipelines/housing/datasets';
import { createPlaygroundStore } from '../../../src/store/playgroundStore';

afterEach(() => vi.useRealTimers());

/** A store whose mirrored scheduler state has these runs active (only activeRunIds is read). */
function storeWithRuns() {
  const store = createPlaygroundStore(HOUSING_DAGS, HOUSING_DATASETS);
  const setActive = (...runIds: string[]) => store.setState({ scheduler: { activeRunIds: runIds } as unknown as SchedulerState });
  return { store, setActive };
}

/** An idle whose periods come when the test says. */
function manualIdle() {
  const queued: (() => void)[] = [];
  return { idle: (run: () => void) => void queued.push(run), runIdle: () => queued.splice(0).forEach((run) => run()), queued };
}

describe('idleWithoutRun (when the other pages preload)', () => {
  it('waits for the quiet time, then an idle period, when nothing runs', async () => {
    vi.useFakeTimers();
    const { store, setActive } = storeWithRuns();
    setActive();
    const { idle, runIdle, queued } = manualIdle();
    const done: string[] = [];
    idleWithoutRun(store, idle)(() => done.push('page0'));
    await vi.advanceTimersByTimeAsync(SETTLED_AFTER_MS - 1);
    expect(queued).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    runIdle();
    expect(done).toEqual(['page0']);
  });

  it('loads nothing while a run is active, producer then consumer, and goes on once they are done', async () => {
    vi.useFakeTimers();
    const { store, setActive } = storeWithRuns();
    setActive('producer');
    const { idle, runIdle } = manualIdle();
    const done: string[] = [];
    const wait = idleWithoutRun(store, idle);
    wait(() => done.push('page0'));
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
    wait(() => done.push('page1'));
    runIdle();
    expect(done).toEqual(['page0', 'page1']);
  });

  it('waits again when a run starts between the quiet time and the idle period', async () => {
    vi.useFakeTimers();
    const { store, setActive } = storeWithRuns();
    setActive();
    const { idle, runIdle, queued } = manualIdle();
    const done: string[] = [];
    idleWithoutRun(store, idle)(() => done.push('page0'));
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
