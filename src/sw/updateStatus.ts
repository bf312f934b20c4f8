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
  // The person already asked for the update, before a reload that came too early: no need to ask twice.
  if (worker) resumeNow();
  notify();
}

/** Where the update reaches outside this module: the page's reload, a timer, and a note that outlives the reload. */
export interface UpdateEdges {
  reload(): void;
  after(ms: number, run: () => void): void;
  /** Remembers, for the next load of this tab only, how many reloads the person's request has taken so far. */
  rememberRequest(reloads: number): void;
  /** The reloads the request has taken if the previous load of this tab asked for the update (else 0); forgets it. */
  takeRememberedRequest(): number;
}

const REQUEST_KEY = 'pipeline-playground-update-requested';
const browserEdges: UpdateEdges = {
  reload: () => window.location.reload(),
  after: (ms, run) => void setTimeout(run, ms),
  rememberRequest: (reloads) => {
    try {
      sessionStorage.setItem(REQUEST_KEY, String(reloads));
    } catch {
      // No session storage (a privacy mode): the reload still brings the new version in if it took over meanwhile.
    }
  },
  takeRememberedRequest: () => {
    try {
      const reloads = Number(sessionStorage.getItem(REQUEST_KEY) ?? 0);
      sessionStorage.removeItem(REQUEST_KEY);
      return Number.isInteger(reloads) && reloads > 0 ? reloads : 0;
    } catch {
      return 0;
    }
  },
};

/**
 * How long the waiting version may take to take over before the page reloads anyway. Chromium activates it only once
 * the old version is idle; while pages keep it busy (a tab's chunks loading) that can take a minute or more, but a
 * navigation of this tab lets it take over. At most MAX_TAKEOVER_RELOADS such reloads: then the prompt stays.
 */
export const TAKEOVER_FALLBACK_MS = 4_000;
export const MAX_TAKEOVER_RELOADS = 3;

/** Posts skip-waiting and reloads after TAKEOVER_FALLBACK_MS unless the takeover reloaded the page first. */
function askWaitingToTakeOver(edges: UpdateEdges, reloadsSoFar: number): void {
  waiting?.postMessage({ type: 'skip-waiting' });
  if (reloadsSoFar >= MAX_TAKEOVER_RELOADS) return;
  edges.after(TAKEOVER_FALLBACK_MS, () => {
    edges.rememberRequest(reloadsSoFar + 1);
    edges.reload();
  });
}

let pendingResume: { edges: UpdateEdges; reloads: number } | null = null;

/**
 * Whether this load of the tab was a reload the person's Reload made while the new version had not taken over yet (it
 * will ask again once registered: resumeRequestedUpdate). Read at boot, without forgetting it: such a page will
 * reload within TAKEOVER_FALLBACK_MS or as soon as the new version takes over, so it starts no background loading
 * (the task workers' warm-up) that would keep the old version busy and hold the takeover back.
 */
export function isUpdateResuming(): boolean {
  return resumingAtLoad;
}

/** Read when this module is evaluated (with the entry), before registration takes the request (takeRememberedRequest). */
const resumingAtLoad = ((): boolean => {
  try {
    return typeof sessionStorage !== 'undefined' && Number(sessionStorage.getItem(REQUEST_KEY) ?? 0) > 0;
  } catch {
    return false;
  }
})();

/** Whether the person asked for the new version: background loading (idle page preloads) stops so it can take over. */
export function isUpdateRequested(): boolean {
  return reloadRequested;
}

/**
 * Reload into the new version: ask the waiting one to take over (the page reloads when it has, see
 * `onControllerChange`), or, if another tab already let it, simply reload. If it has not taken over within
 * TAKEOVER_FALLBACK_MS, the page reloads anyway and the next load asks again (resumeRequestedUpdate).
 */
export function applyUpdate(edges: UpdateEdges = browserEdges): void {
  reloadRequested = true;
  if (waiting) askWaitingToTakeOver(edges, 0);
  else if (takenOverElsewhere) edges.reload();
}

/**
 * At start: if the previous load of this tab asked for the update and reloaded before it took over, ask again as soon
 * as the waiting version is known, and reload when it takes over.
 */
export function resumeRequestedUpdate(edges: UpdateEdges = browserEdges): void {
  const reloads = edges.takeRememberedRequest();
  if (reloads === 0) return;
  reloadRequested = true;
  pendingResume = { edges, reloads };
  if (waiting) resumeNow();
}

function resumeNow(): void {
  if (!pendingResume) return;
  const { edges, reloads } = pendingResume;
  pendingResume = null;
  askWaitingToTakeOver(edges, reloads);
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
