/** Time for pacing: monotonic milliseconds, and a wait on the same clock that returns a cancel. */
export interface PacingClock {
  now(): number;
  wait(ms: number, then: () => void): () => void;
}

/** A hidden page's timers fire at most once a second: there, a flush is not held back for the interval. */
const pageHidden = () => typeof document !== 'undefined' && document.visibilityState === 'hidden';

/**
 * Calls `flush` for requests that come in bursts, at most once per `intervalMs`: the first request after a quiet spell
 * flushes in a microtask (with whatever else this task asks for), later ones once the interval since the last flush is
 * over, together. `now()` flushes at once, for an order the caller must keep. `flush` says whether it had anything to
 * do: only a flush that did something starts an interval.
 */
export class PacedFlush {
  private cancelScheduled: (() => void) | null = null;
  private lastFlushAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly flush: () => boolean,
    private readonly intervalMs: number,
    private readonly clock: PacingClock,
  ) {}

  request(): void {
    if (this.cancelScheduled) return;
    const wait = this.lastFlushAt + this.intervalMs - this.clock.now();
    if (wait <= 0 || pageHidden()) {
      let cancelled = false;
      queueMicrotask(() => cancelled || this.now());
      this.cancelScheduled = () => (cancelled = true);
      return;
    }
    this.cancelScheduled = this.clock.wait(wait, () => this.now());
  }

  now(): void {
    this.cancelScheduled?.();
    this.cancelScheduled = null;
    if (this.flush()) this.lastFlushAt = this.clock.now();
  }
}
