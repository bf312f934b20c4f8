import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { transform } from 'sucrase';
import type { EmbedClient } from '../../../src/embed/client';

/**
 * Serves the two-embed test page (tests/embed/) at `<origin>/embed-test/…` through Playwright routes, with the copyable
 * client (src/embed/client.ts) as JavaScript beside it: the page is a host like any docs site, and being served from
 * the app's own origin or from another one is the caller's choice (localhost vs 127.0.0.1).
 */
function testPageFiles(): Record<string, { type: string; body: string }> {
  const client = transform(readFileSync('src/embed/client.ts', 'utf8'), { transforms: ['typescript'] }).code;
  return {
    'two-embeds.html': { type: 'text/html; charset=utf-8', body: readFileSync('tests/embed/two-embeds.html', 'utf8') },
    'two-embeds.js': { type: 'text/javascript; charset=utf-8', body: readFileSync('tests/embed/two-embeds.js', 'utf8') },
    'two-embeds.css': { type: 'text/css; charset=utf-8', body: readFileSync('tests/embed/two-embeds.css', 'utf8') },
    'client.js': { type: 'text/javascript; charset=utf-8', body: client },
  };
}

/**
 * The same files written to a fresh folder, for a real server on another port (another origin). A route-served page
 * would not do there: Chromium counts it as a public page and blocks it from framing the local playground.
 */
export function writeEmbedTestPage(): string {
  const dir = mkdtempSync(join(tmpdir(), 'embed-test-'));
  for (const [name, file] of Object.entries(testPageFiles())) writeFileSync(join(dir, name), file.body);
  return dir;
}

export async function serveEmbedTestPage(page: Page, appOrigin: string): Promise<void> {
  const files = testPageFiles();
  await page.route('**/embed-test/*', async (route) => {
    const name = new URL(route.request().url()).pathname.split('/').pop() ?? '';
    const file = files[name];
    if (!file) return route.fulfill({ status: 404, body: 'not found' });
    // A strict host, as a docs site may be: its own scripts only, frames from the playground only.
    return route.fulfill({
      status: 200,
      contentType: file.type,
      headers: { 'content-security-policy': `default-src 'self'; frame-src ${appOrigin}` },
      body: file.body,
    });
  });
}

/** The two clients the test page makes (window.embeds), driven from the test. */
export type HostWindow = Window & { embeds: Record<'alpha' | 'beta', EmbedClient> };

/** Names of the IndexedDB databases of the page's origin. */
export async function databaseNames(page: Page): Promise<string[]> {
  return page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name ?? '').sort());
}

/** The DAG ids of the runs stored in one database, sorted. */
export async function storedRunDags(page: Page, dbName: string): Promise<string[]> {
  return page.evaluate(async (name) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open(name);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    try {
      if (!db.objectStoreNames.contains('runs')) return [];
      const runs = await new Promise<{ dagId: string }[]>((resolve, reject) => {
        const request = db.transaction('runs').objectStore('runs').getAll();
        request.onsuccess = () => resolve(request.result as { dagId: string }[]);
        request.onerror = () => reject(request.error);
      });
      return runs.map((r) => r.dagId).sort();
    } finally {
      db.close();
    }
  }, dbName);
}
