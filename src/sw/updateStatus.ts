// Whether a newer build of the site is installed and waiting to take over: a tiny store the service worker
// registration (register.ts) writes and the update prompt (src/ui/UpdatePrompt.tsx) reads.

type Listener = () => void;

let waiting: ServiceWorker | null = null;
let reloadOnTakeover = false;
const listeners = new Set<Listener>();

export function subscribeToUpdate(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** True once a new version is installed and waits for this page to let it take over. */
export function isUpdateAvailable(): boolean {
  return waiting !== null;
}

export function setWaitingWorker(worker: ServiceWorker | null): void {
  if (worker === waiting) return;
  waiting = worker;
  for (const listener of listeners) listener();
}

/** Asks the waiting version to take over; the page reloads when it has (see `shouldReloadOnTakeover`). */
export function applyUpdate(): void {
  if (!waiting) return;
  reloadOnTakeover = true;
  waiting.postMessage({ type: 'skip-waiting' });
}

/**
 * A new controller after the person asked for the update means: reload into the new version. Any other change of
 * controller (the very first install claiming the page) must not reload a page that may be in the middle of a run.
 */
export function shouldReloadOnTakeover(): boolean {
  return reloadOnTakeover;
}
