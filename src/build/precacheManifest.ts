// The list of files the service worker precaches, made at build time from what the build wrote to disk (the app's
// chunks, the worker chunks, the wasm binaries and everything copied from public/, the housing CSV among them).
// Node only: vite.config.ts and the offline e2e spec use it, never the page.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix, relative, sep } from 'node:path';

/** One precached file: its path relative to the site's root (and so to the service worker's scope). */
export interface PrecacheEntry {
  readonly url: string;
  /** sha256 of the file's bytes, hex: the service worker checks what it downloaded against it. */
  readonly sha256: string;
  readonly bytes: number;
}

export interface PrecacheManifest {
  /** Changes whenever any file changes: it names the cache, so a new build gets a new cache. */
  readonly version: string;
  readonly entries: readonly PrecacheEntry[];
}

/** The service worker's own file: written after the manifest, and never precached (the browser updates it itself). */
export const SERVICE_WORKER_FILE = 'sw.js';

/** The identifier the service worker's source reads its manifest from; `serviceWorkerScript` defines it. */
export const MANIFEST_GLOBAL = '__PRECACHE_MANIFEST__';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** Every file of a built site except the service worker and source maps, sorted, each with its content hash. */
export function precacheManifest(outDir: string): PrecacheManifest {
  const entries = filesUnder(outDir)
    .map((path) => ({ path, url: relative(outDir, path).split(sep).join(posix.sep) }))
    .filter(({ url }) => url !== SERVICE_WORKER_FILE && !url.endsWith('.map'))
    .sort((a, b) => (a.url < b.url ? -1 : a.url > b.url ? 1 : 0))
    .map(({ path, url }) => {
      const bytes = readFileSync(path);
      return { url, sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.length };
    });
  const version = createHash('sha256')
    .update(entries.map((e) => `${e.url} ${e.sha256}`).join('\n'))
    .digest('hex')
    .slice(0, 16);
  return { version, entries };
}

/**
 * The service worker script: its manifest as the first line, then its compiled code. Any change to the site changes
 * the first line, so the browser sees a new service worker byte for byte and offers the update.
 */
export function serviceWorkerScript(manifest: PrecacheManifest, compiledCode: string): string {
  return `const ${MANIFEST_GLOBAL} = ${JSON.stringify(manifest)};\n${compiledCode}`;
}

/** The compiled code of a service worker script written by `serviceWorkerScript` (for re-deploy tests). */
export function compiledCodeOf(script: string): string {
  const firstLineEnd = script.indexOf('\n');
  if (!script.startsWith(`const ${MANIFEST_GLOBAL} = `) || firstLineEnd < 0) {
    throw new Error(`Not a service worker script written by serviceWorkerScript: it must start with "const ${MANIFEST_GLOBAL} = ".`);
  }
  return script.slice(firstLineEnd + 1);
}
