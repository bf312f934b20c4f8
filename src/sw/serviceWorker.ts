// The service worker: precaches the whole built site so that, after one visit, the playground loads and runs the
// whole pipeline with the network off. Compiled on its own by src/build/serviceWorkerPlugin.ts into dist/sw.js (a
// classic script, no imports), whose first line defines the manifest of files to precache with their content hashes.
//
// Life cycle: install downloads every file, checks each against its sha256 and stores them in a cache named after the
// manifest's version; a failed download or a wrong hash fails the install, and the previous version stays in charge.
// The first version takes control at once (clients.claim); a later one waits until the page asks it to take over (the
// "A new version is available — Reload" prompt), then deletes the caches of older versions.
import type { PrecacheManifest } from '../build/precacheManifest';

declare const __PRECACHE_MANIFEST__: PrecacheManifest;

// The DOM library types `self` as a window: these are the few service worker members used here.
interface ExtendableEvent extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  readonly request: Request;
  respondWith(response: Promise<Response>): void;
}
interface ServiceWorkerScope {
  readonly registration: ServiceWorkerRegistration;
  readonly clients: { claim(): Promise<void> };
  readonly location: Location;
  skipWaiting(): Promise<void>;
  addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', listener: (event: FetchEvent) => void): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<unknown>) => void): void;
}

const sw = self as unknown as ServiceWorkerScope;
const manifest = __PRECACHE_MANIFEST__;
const CACHE_PREFIX = 'pipeline-playground-precache-';
const CACHE_NAME = `${CACHE_PREFIX}${manifest.version}`;
const precached = new Set(manifest.entries.map((entry) => entry.url));
/** The page itself, served for a navigation to the scope (`/demo/`, `/demo/?seed=7`). */
const APP_SHELL = 'index.html';

const hex = (buffer: ArrayBuffer) => Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, '0')).join('');

async function precache(): Promise<void> {
  const cache = await caches.open(CACHE_NAME);
  await Promise.all(
    manifest.entries.map(async (entry) => {
      const url = new URL(entry.url, sw.registration.scope);
      if (await cache.match(url)) return; // an install retried after a failure keeps what it already checked
      // Vite's hashed file names (assets/) never change content, so the HTTP cache may answer; other files (the page,
      // the CSV) keep their names across builds and must come from the server.
      const response = await fetch(url, { cache: entry.url.startsWith('assets/') ? 'default' : 'no-cache' });
      if (!response.ok) throw new Error(`Precaching ${entry.url} failed: HTTP ${response.status}.`);
      const digest = hex(await crypto.subtle.digest('SHA-256', await response.clone().arrayBuffer()));
      if (digest !== entry.sha256) {
        // A half-deployed site (new manifest, old file): keep the previous version rather than cache a mix.
        throw new Error(`Precaching ${entry.url} failed: its content does not match this build (sha256 ${digest}).`);
      }
      await cache.put(url, response);
    }),
  );
}

async function deleteOldCaches(): Promise<void> {
  const names = await caches.keys();
  await Promise.all(names.filter((name) => name.startsWith(CACHE_PREFIX) && name !== CACHE_NAME).map((name) => caches.delete(name)));
}

/** The precached file a request asks for, relative to the scope, or null when the network should answer. */
function precachedPath(request: Request): string | null {
  if (request.method !== 'GET') return null;
  const scope = new URL(sw.registration.scope);
  const url = new URL(request.url);
  if (url.origin !== scope.origin || !url.pathname.startsWith(scope.pathname)) return null;
  const path = decodeURIComponent(url.pathname.slice(scope.pathname.length)) || APP_SHELL;
  return precached.has(path) ? path : null;
}

async function fromCache(path: string, request: Request): Promise<Response> {
  const cache = await caches.open(CACHE_NAME);
  // Missing only if someone deleted the cache by hand: then the network, as without a service worker.
  return (await cache.match(new URL(path, sw.registration.scope))) ?? fetch(request);
}

sw.addEventListener('install', (event) => {
  event.waitUntil(precache());
});

sw.addEventListener('activate', (event) => {
  event.waitUntil(deleteOldCaches().then(() => sw.clients.claim()));
});

sw.addEventListener('fetch', (event) => {
  const path = precachedPath(event.request);
  if (path !== null) event.respondWith(fromCache(path, event.request));
});

sw.addEventListener('message', (event) => {
  const data = event.data as { type?: unknown } | null;
  if (data?.type === 'skip-waiting') void sw.skipWaiting();
});
