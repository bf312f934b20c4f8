import type { WarmUpStep } from '../../pipelines/registry';
import { timedStage } from '../stageMarks';
import type { WarmUpShare } from './protocol';

/**
 * After a try ends, how long a worker must stay without one before it loads more code. The scheduler starts a run's
 * next task within a few milliseconds of the last one ending: a module evaluated in that gap (tfjs or danfojs hold the
 * thread for hundreds of milliseconds) would make that task wait, so the warm-up goes on only once nothing came.
 */
export const QUIET_AFTER_TRY_MS = 100;

/**
 * After a step that held the thread, how long the worker waits before the next one: the pool, told the thread is
 * free, may be sending a try it held back meanwhile (workerPool.ts), which must not find the next step started.
 */
export const GAP_AFTER_HOLDING_MS = 15;

/**
 * The steps one worker loads, in order (protocol.ts WarmUpShare). The heavy worker of a pool starts with tfjs and
 * danfojs: when it began with the light tasks' code as well (which the other worker is loading at the same time), tfjs
 * was evaluated ~0.3-0.7 s later, while a run's producer tries were already coming to it.
 */
export function warmUpShare(steps: readonly WarmUpStep[], share: WarmUpShare): readonly WarmUpStep[] {
  switch (share) {
    case 'all':
      return steps;
    case 'light':
      return steps.filter((step) => !step.heavy);
    case 'heavy':
      return [...steps.filter((step) => step.heavy), ...steps.filter((step) => !step.heavy)];
  }
}

/**
 * Counts the tries running in one worker and loads the warm-up's steps one after the other, each only while none runs
 * and none ended in the last QUIET_AFTER_TRY_MS. One step's evaluation still holds the thread while it lasts, but none
 * starts in the middle of a try or in the gap between two tries of a run.
 */
export class WarmUp {
  private running = 0;
  private lastEnded = Number.NEGATIVE_INFINITY;
  private readonly wakers: (() => void)[] = [];

  constructor(private readonly clock: () => number = () => performance.now()) {}

  /** Wraps a try: the warm-up holds off while it runs. */
  async during<T>(work: () => Promise<T>): Promise<T> {
    this.running++;
    try {
      return await work();
    } finally {
      this.lastEnded = this.clock();
      if (--this.running === 0) for (const wake of this.wakers.splice(0)) wake();
    }
  }

  /**
   * Loads every step in order; a step that fails is skipped (its try will load it again and report the error).
   * `holding` hears when a step that does not yield starts and ends.
   */
  async run(steps: readonly WarmUpStep[], holding: (busy: boolean) => void = () => {}): Promise<void> {
    // A step that works in slices (the practice training run) stops once a try has come in.
    const busy = () => this.running > 0;
    const signal = {
      get stop() {
        return busy();
      },
    };
    for (const step of steps) {
      await this.quiet();
      if (step.yields) {
        await timedStage(`warm-up:${step.name}`, () => step.load(signal)).catch(() => undefined);
        continue;
      }
      holding(true);
      try {
        await timedStage(`warm-up:${step.name}`, () => step.load(signal)).catch(() => undefined);
      } finally {
        holding(false);
      }
      await new Promise((resolve) => setTimeout(resolve, GAP_AFTER_HOLDING_MS));
    }
  }

  private async quiet(): Promise<void> {
    for (;;) {
      if (this.running > 0) {
        await new Promise<void>((resolve) => this.wakers.push(resolve));
        continue;
      }
      const wait = this.lastEnded + QUIET_AFTER_TRY_MS - this.clock();
      if (wait <= 0) return;
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}
