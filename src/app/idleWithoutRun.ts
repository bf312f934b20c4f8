import type { PlaygroundStore } from '../store/playgroundStore';
import { whenIdle } from '../ui/lazyPage';
import { SETTLED_AFTER_MS, whenNoRunActive, type Watched } from './whenSettled';

/**
 * An `idle` for preloadPagesWhenIdle that also waits until no run has been active on the page for SETTLED_AFTER_MS.
 * A page's chunk is evaluated in one main-thread task when it arrives (10–46 ms of `v8.evaluateModule` in traces here,
 * besides its modulepreload links and style sheets); fetched in the idle periods of a run, it landed between the run's
 * frames, on a main thread that shares two cores with both task workers then (issue 16, point 6). A person who
 * triggers a run as soon as the page is up gets the other pages' code after it; one who opens a page meanwhile gets
 * its skeleton while its chunk loads, as on any first open.
 */
export function idleWithoutRun(store: PlaygroundStore, idle: (run: () => void) => void = whenIdle, quietMs = SETTLED_AFTER_MS): (run: () => void) => void {
  const watched = storeRunsWatched(store);
  let settledOnce = false;
  const running = () => watched.snapshot.activeRunIds.length > 0;
  const wait = (run: () => void) => {
    // In an idle period: a run may have started since the quiet time, then its end is waited for again.
    const inIdle = () => idle(() => (running() ? wait(run) : run()));
    // The quiet time once, and again after any run; the next pages follow one another in idle periods.
    if (settledOnce && !running()) return inIdle();
    void whenNoRunActive(watched, quietMs).then(() => {
      settledOnce = true;
      inIdle();
    });
  };
  return wait;
}

const NO_RUNS = { activeRunIds: [] } as const;

/** The page's store as whenNoRunActive watches a coordinator: its mirrored scheduler state, in any tab. */
function storeRunsWatched(store: PlaygroundStore): Watched {
  return {
    get snapshot() {
      return store.getState().scheduler ?? NO_RUNS;
    },
    subscribe: (listener) =>
      store.subscribe((state, previous) => {
        if (state.scheduler !== null && state.scheduler !== previous.scheduler) listener({ type: 'state', state: state.scheduler });
      }),
  };
}
