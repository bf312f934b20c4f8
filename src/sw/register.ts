// Registers the service worker (dist/sw.js, written by src/build/serviceWorkerPlugin.ts) in the production build, and
// tells the update prompt when a newer build is installed and waiting. Imported once, for its effect, by main.tsx.
import { firstInstallGate } from './firstInstallGate';
import { isUpdateResuming, onControllerChange, resumeRequestedUpdate, setWaitingWorker } from './updateStatus';

/** A worker that has installed while a page is already controlled is an update (the first install has no controller). */
function watchInstalling(registration: ServiceWorkerRegistration, worker: ServiceWorker | null): void {
  if (!worker) return;
  worker.addEventListener('statechange', () => {
    if (worker.state === 'installed' && navigator.serviceWorker.controller) setWaitingWorker(registration.waiting ?? worker);
  });
}

async function registerServiceWorker(container: ServiceWorkerContainer): Promise<void> {
  // Relative to the page, so the site works from any sub-path: scope `/demo/` when served from `/demo/`.
  // updateViaCache 'none': every update check asks the server for sw.js, whatever its caching headers say.
  const registration = await container.register('./sw.js', { scope: './', updateViaCache: 'none' });
  // Playwright's `serviceWorkers: 'block'` replaces register() by one that resolves to nothing.
  if (!registration) return;
  // A load that resumes the person's Reload, with no new version left waiting or installing: it took over before this
  // page could listen (during the navigation itself), and this page may still be the old build. One more reload
  // brings the new one (the request was used up at start, so this cannot loop).
  if (isUpdateResuming() && !registration.waiting && !registration.installing) {
    window.location.reload();
    return;
  }
  if (registration.waiting && container.controller) setWaitingWorker(registration.waiting);
  watchInstalling(registration, registration.installing);
  registration.addEventListener('updatefound', () => watchInstalling(registration, registration.installing));
}

/**
 * From the page's start, not once registered: after a Reload the person asked for, the new version may take over
 * while the page is still loading (the old one went idle with the reload), and a page that only listened once its
 * registration resolved missed it — it stayed on the old build with no prompt (offline.spec in CI).
 */
function followTakeover(container: ServiceWorkerContainer): void {
  resumeRequestedUpdate();
  let hadController = container.controller !== null;
  container.addEventListener('controllerchange', () => {
    if (onControllerChange(hadController) === 'reload') window.location.reload();
    hadController = true;
  });
}

if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  const container = navigator.serviceWorker;
  followTakeover(container);
  // After load: the first visit's precaching must not compete with the page's own first requests, nor with its first
  // run (firstInstallGate.ts).
  const start = () => {
    const allowed = container.controller ? Promise.resolve() : firstInstallGate();
    allowed
      .then(() => registerServiceWorker(container))
      .catch((error: unknown) => {
        // Offline use is a bonus: the page works online without it (an insecure origin, a browser setting, a test
        // harness that blocks service workers). Say why, once, without failing the page.
        console.info(`Offline use is unavailable: the service worker did not register (${String(error)}).`);
      });
  };
  if (document.readyState === 'complete') start();
  else window.addEventListener('load', start, { once: true });
}
