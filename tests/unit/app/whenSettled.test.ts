import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SchedulerState } from '../../../src/core/schedulerState';
import type { CoordinatorNotice } from '../../../src/runtime/coordinator';
import { SETTLED_AFTER_MS, whenNoRunActive } from '../../../src/app/whenSettled';

afterEach(() => vi.useRealTimers());

/** Just what whenNoRunActive reads: the active runs of the snapshot and the state notices. */
class FakeCoordinator {
  snapshot = { activeRunIds: [] as string[] } as unknown as SchedulerState;
  private readonly listeners = new Set<(notice: CoordinatorNotice) => void>();
  subscribe(listener: (notice: CoordinatorNotice) => void) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  setActive(...runIds: string[]) {
    this.snapshot = { activeRunIds: runIds } as unknown as SchedulerState;
    for (const listener of this.listeners) listener({ type: 'state', state: this.snapshot });
  }
  get listening() {
    return this.listeners.size;
  }
}

describe('whenNoRunActive', () => {
  it('resolves once no run has been active for a while, and a run that starts meanwhile puts it off', async () => {
    vi.useFakeTimers();
    const coordinator = new FakeCoordinator();
    coordinator.setActive('producer');
    let settled = false;
    void whenNoRunActive(coordinator).then(() => (settled = true));
    await vi.advanceTimersByTimeAsync(10 * SETTLED_AFTER_MS);
    expect(settled).toBe(false);
    coordinator.setActive();
    await vi.advanceTimersByTimeAsync(SETTLED_AFTER_MS - 1);
    coordinator.setActive('consumer'); // the producer's asset triggered the consumer
    await vi.advanceTimersByTimeAsync(10 * SETTLED_AFTER_MS);
    expect(settled).toBe(false);
    coordinator.setActive();
    await vi.advanceTimersByTimeAsync(SETTLED_AFTER_MS);
    expect(settled).toBe(true);
    expect(coordinator.listening).toBe(0);
  });

  it('resolves after the quiet time when nothing runs at all', async () => {
    vi.useFakeTimers();
    let settled = false;
    void whenNoRunActive(new FakeCoordinator()).then(() => (settled = true));
    await vi.advanceTimersByTimeAsync(SETTLED_AFTER_MS - 1);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(settled).toBe(true);
  });
});
