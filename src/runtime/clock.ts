/**
 * Time is a dependency: the coordinator reads and waits on it here, and tests inject a fake one. Two readings:
 * `now()` is the wall clock, for every timestamp the scheduler stores and shows (it moves when a person or NTP sets
 * the system clock); `monotonic()` never jumps, and is what waits are measured on. The coordinator compares how
 * far each moved between two readings to notice a clock that was set (see Coordinator, `clock_jumped`).
 */
export interface Clock {
  /** Wall-clock milliseconds since the epoch. */
  now(): number;
  /** Monotonic milliseconds from an arbitrary origin: only differences mean anything. */
  monotonic(): number;
  /**
   * Calls `callback` once `at - now()` milliseconds (as measured now) have passed on the monotonic clock: a wait is
   * not stretched or cut short by a clock set meanwhile. Returns a function that cancels it.
   */
  at(at: number, callback: () => void): () => void;
}

/** A wall clock that moved this much more (or less) than the monotonic clock between two readings was set. */
export const CLOCK_JUMP_MS = 1_000;

export interface SystemTime {
  /** Date.now() */
  readonly wall: () => number;
  /** performance.now() */
  readonly monotonic: () => number;
  /** performance.timeOrigin */
  readonly origin: number;
}

/**
 * The browser's clocks. `now()` is performance.timeOrigin + performance.now(), which has sub-millisecond precision (a
 * task-to-dependent handoff takes well under a millisecond; Date.now() would round it to 0 or 1) but would keep the
 * page's first reading of the wall clock forever: when it strays from Date.now() by more than CLOCK_JUMP_MS (the
 * system clock was set, or the machine slept), it is set to Date.now() again, so timestamps stay wall-clock.
 */
export function createSystemClock(time: SystemTime): Clock {
  let offset = time.wall() - (time.origin + time.monotonic());
  const clock: Clock = {
    now() {
      const precise = time.origin + time.monotonic() + offset;
      const wall = time.wall();
      if (Math.abs(wall - precise) <= CLOCK_JUMP_MS) return precise;
      offset = wall - (time.origin + time.monotonic());
      return wall;
    },
    monotonic: time.monotonic,
    at(at, callback) {
      // Browsers measure setTimeout on a monotonic clock.
      const handle = setTimeout(callback, Math.max(0, at - clock.now()));
      return () => clearTimeout(handle);
    },
  };
  return clock;
}

export const systemClock: Clock = createSystemClock({
  wall: () => Date.now(),
  monotonic: () => performance.now(),
  origin: performance.timeOrigin,
});

/**
 * A clock that moves only when told: `advance` moves both readings and fires what falls due, in time order; `jump`
 * sets the wall clock as a person would, and changes neither the monotonic clock nor when pending waits end.
 */
export class FakeClock implements Clock {
  private pending: { due: number; callback: () => void; cancelled: boolean }[] = [];
  /** Monotonic time; the wall clock is this plus `wallOffset`. */
  private time: number;
  private wallOffset = 0;

  constructor(start = 0) {
    this.time = start;
  }

  now(): number {
    return this.time + this.wallOffset;
  }

  monotonic(): number {
    return this.time;
  }

  at(at: number, callback: () => void): () => void {
    const entry = { due: this.time + (at - this.now()), callback, cancelled: false };
    this.pending.push(entry);
    return () => {
      entry.cancelled = true;
    };
  }

  advance(ms: number): void {
    const target = this.time + ms;
    for (;;) {
      const due = this.pending.filter((p) => !p.cancelled && p.due <= target).sort((a, b) => a.due - b.due)[0];
      if (!due) break;
      due.cancelled = true;
      this.time = Math.max(this.time, due.due);
      due.callback();
    }
    this.pending = this.pending.filter((p) => !p.cancelled);
    this.time = target;
  }

  /** The system clock is set forward (ms > 0) or back (ms < 0). */
  jump(ms: number): void {
    this.wallOffset += ms;
  }
}
