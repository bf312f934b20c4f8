/** Time is a dependency: the coordinator reads and waits on it here, and tests inject a fake one. */
export interface Clock {
  now(): number;
  /** Calls `callback` once `now()` reaches `at`; returns a function that cancels it. */
  at(at: number, callback: () => void): () => void;
}

/**
 * Wall-clock time in milliseconds with sub-millisecond precision (performance.timeOrigin + performance.now()):
 * a task-to-dependent handoff takes well under a millisecond here, and Date.now() would round it to 0 or 1.
 */
export const systemClock: Clock = {
  now: () => performance.timeOrigin + performance.now(),
  at(at, callback) {
    const handle = setTimeout(callback, Math.max(0, at - systemClock.now()));
    return () => clearTimeout(handle);
  },
};

/** A clock that moves only when told: `advance` fires what falls due, in time order. */
export class FakeClock implements Clock {
  private pending: { at: number; callback: () => void; cancelled: boolean }[] = [];

  constructor(private time = 0) {}

  now(): number {
    return this.time;
  }

  at(at: number, callback: () => void): () => void {
    const entry = { at, callback, cancelled: false };
    this.pending.push(entry);
    return () => {
      entry.cancelled = true;
    };
  }

  advance(ms: number): void {
    const target = this.time + ms;
    for (;;) {
      const due = this.pending.filter((p) => !p.cancelled && p.at <= target).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      due.cancelled = true;
      this.time = Math.max(this.time, due.at);
      due.callback();
    }
    this.pending = this.pending.filter((p) => !p.cancelled);
    this.time = target;
  }
}
