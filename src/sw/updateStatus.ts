// Whether a newer build of the site is installed and waiting to take over, or has already taken over from another tab:
// a tiny store the service worker registration (register.ts) writes and the update prompt (src/ui/UpdatePrompt.tsx)
// reads.

type Listener = () => void;

let waiting: ServiceWorker | null = null;
/** Another tab of the playground let the new version take over: this page still runs the old build. */
let takenOverElsewhere = false;
let reloadRequested = false;
const listeners = new Set<Listener>();

const notify = () => {
  for (const listener of listeners) listener();
};

export function subscribeToUpdate(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** True once a new version is installed and waits for this page to let it take over, or took over from another tab. */
export function isUpdateAvailable(): boolean {
  return waiting !== null || takenOverElsewhere;
}

export function setWaitingWorker(worker: ServiceWorker | null): void {
  if (worker === waiting) return;
  waiting = worker;
  notify();
}

/**
 * Reload into the new version: ask the waiting one to take over (the page reloads when it has, see
 * `onControllerChange`), or, if another tab already let it, simply reload.
 */
export function applyUpdate(): void {
  reloadRequested = true;
  if (waiting) waiting.postMessage({ type: 'skip-waiting' });
  else if (takenOverElsewhere) window.location.reload();
}

/**
 * The page's service worker changed. After the person asked for the update: reload into the new version. When the
 * page had no controller (the very first install claiming it), nothing to do: a page perhaps in the middle of a run
 * must not reload by itself. Otherwise another tab let a new version take over: keep showing the prompt.
 */
export function onControllerChange(hadController: boolean): 'reload' | 'none' {
  if (reloadRequested) return 'reload';
  if (hadController) {
    waiting = null;
    takenOverElsewhere = true;
    notify();
  }
  return 'none';
}
