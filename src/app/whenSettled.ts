import type { CoordinatorNotice } from '../runtime/coordinator';
import type { SchedulerState } from '../core/schedulerState';

/** How long no run must be active: a producer's success triggers its consumer within the same step, but to be sure. */
export const SETTLED_AFTER_MS = 500;

/** What is watched: the coordinator, or the page's store seen through storeRunsWatched (idleWithoutRun.ts). */
export interface Watched {
  readonly snapshot: Pick<SchedulerState, 'activeRunIds'>;
  subscribe(listener: (notice: CoordinatorNotice) => void): () => void;
}

/**
 * Resolves once no run has been active (queued or running) for SETTLED_AFTER_MS: the page's own work is done and work
 * it only prepares for (the service worker's first install, sw/firstInstallGate.ts; the other pages' code,
 * idleWithoutRun.ts) may start.
 */
export function whenNoRunActive(watched: Watched, quietMs = SETTLED_AFTER_MS): Promise<void> {
  return new Promise((resolve) => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const check = (state: Pick<SchedulerState, 'activeRunIds'>) => {
      if (state.activeRunIds.length > 0) {
        if (timer !== null) clearTimeout(timer);
        timer = null;
      } else if (timer === null) {
        timer = setTimeout(() => {
          unsubscribe();
          resolve();
        }, quietMs);
      }
    };
    const unsubscribe = watched.subscribe((notice) => {
      if (notice.type === 'state') check(notice.state);
    });
    check(watched.snapshot);
  });
}
