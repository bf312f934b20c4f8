import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { compiledCodeOf, precacheManifest, serviceWorkerScript, type PrecacheManifest } from '../../src/build/precacheManifest';
import { recordFailure } from './support/failedRequests';
import { startPlainStaticServer, type PlainStaticServer } from './support/plainStaticServer';
import { lessonShareFragment } from './support/shareFragment';
import { runWholePipeline } from './support/wholePipeline';

// Offline use: after one visit the service worker (src/sw/serviceWorker.ts) has every file of the build in its cache,
// and the playground loads and runs the whole pipeline with the network gone. Each test serves its own copy of dist/
// (a later "deploy" rewrites the copy, never dist/) from a plain static server that records every request.
test.use({ serviceWorkers: 'allow' });

let siteDir: string;
let server: PlainStaticServer;
test.beforeEach(async () => {
  siteDir = mkdtempSync(join(tmpdir(), 'playground-site-'));
  cpSync('dist', siteDir, { recursive: true });
  server = await startPlainStaticServer(siteDir);
});
test.afterEach(async () => {
  await server.close();
  rmSync(siteDir, { recursive: true, force: true });
});

/** Waits until the service worker of `manifest`'s build controls the page and its cache holds every file. */
async function waitForPrecache(page: Page, manifest: PrecacheManifest) {
  const cacheName = `pipeline-playground-precache-${manifest.version}`;
  await expect
    .poll(
      () =>
        page.evaluate(async (name) => {
          const registration = await navigator.serviceWorker.getRegistration();
          if (registration?.active?.state !== 'activated' || !navigator.serviceWorker.controller || !(await caches.has(name))) return null;
          const keys = await (await caches.open(name)).keys();
          return keys.map((request) => new URL(request.url).pathname.slice(1)).sort();
        }, cacheName),
      { timeout: 60_000 },
    )
    .toEqual(manifest.entries.map((entry) => entry.url));
}

test('after one visit, the playground loads and runs the whole pipeline with the network off', async ({ page, context }) => {
  const manifest = precacheManifest(siteDir);
  // What the cache must cover: worker chunks, the tfjs chunks, the three tfjs wasm binaries and the sandbox's QuickJS one,
  // the CSV, the icon.
  const urls = manifest.entries.map((entry) => entry.url);
  for (const pattern of [/^index\.html$/, /^assets\/task\.worker-.+\.js$/, /^assets\/featurize-.+\.js$/, /^assets\/backend-.+\.js$/, /^data\/california_housing\.csv$/, /^icon\.png$/]) {
    expect(urls.some((url) => pattern.test(url)), String(pattern)).toBe(true);
  }
  const wasm = urls.filter((url) => url.endsWith('.wasm'));
  expect(wasm.filter((url) => /^assets\/tfjs-backend-wasm/.test(url))).toHaveLength(3);
  expect(wasm.filter((url) => /^assets\/emscripten-module-.+\.wasm$/.test(url))).toHaveLength(1);
  expect(wasm).toHaveLength(4);

  await page.goto(server.url);
  await expect(page.getByTestId('app-status')).toHaveAttribute('data-status', 'ready');
  await waitForPrecache(page, manifest);

  // The network goes: the browser is offline and the server is gone too.
  await context.setOffline(true);
  await server.close();
  const seenByServer = server.requests.length;
  const failed: string[] = [];
  const errors: string[] = [];
  context.on('requestfailed', (request) => recordFailure(failed, request));
  page.on('pageerror', (error) => errors.push(error.message));

  await page.reload();
  const r2 = await runWholePipeline(page);
  expect(r2).toBeGreaterThan(0.5);
  // A reload after the run still shows what was stored.
  await page.reload();
  await expect(page.getByTestId('dag-last-run-ml_consumer')).toHaveAttribute('data-state', 'success');
  expect(failed).toEqual([]);
  expect(errors).toEqual([]);
  expect(server.requests.length).toBe(seenByServer);
});

test('a share link opens with the network off (after one visit): banner, its file, nothing fetched', async ({ page, context }) => {
  const manifest = precacheManifest(siteDir);
  await page.goto(server.url);
  await expect(page.getByTestId('app-status')).toHaveAttribute('data-status', 'ready');
  await waitForPrecache(page, manifest);
  await context.setOffline(true);
  await server.close();
  const seenByServer = server.requests.length;
  const failed: string[] = [];
  const errors: string[] = [];
  context.on('requestfailed', (request) => recordFailure(failed, request));
  page.on('pageerror', (error) => errors.push(error.message));

  // A full load of the link (not a hash change of the open page): everything comes from the service worker's cache.
  await page.goto('about:blank');
  await page.goto(`${server.url}${lessonShareFragment('branching')}`);
  await expect(page.getByTestId('shared-banner')).toBeVisible();
  await expect(page.getByTestId('shared-origin')).toHaveText('lesson branching');
  await expect(page.getByTestId('editor-file-name')).toHaveText('branching.ts');
  await expect(page.getByTestId('editor-graph').getByTestId('graph-node-is_big')).toBeVisible();
  expect(failed).toEqual([]);
  expect(errors).toEqual([]);
  expect(server.requests.length).toBe(seenByServer);
});

test('a new deployment shows "A new version is available — Reload", and Reload brings the new version in, in every tab', async ({ page, context }) => {
  const first = precacheManifest(siteDir);
  await page.goto(server.url);
  await expect(page.getByTestId('app-status')).toHaveAttribute('data-status', 'ready');
  await waitForPrecache(page, first);
  await expect(page.getByTestId('update-prompt')).toHaveCount(0);

  // Deploy a second build: a changed page, and the service worker with the new manifest, as the build writes them.
  const indexPath = join(siteDir, 'index.html');
  writeFileSync(indexPath, readFileSync(indexPath, 'utf8').replace('<title>', '<meta name="build" content="second" />\n    <title>'));
  const swPath = join(siteDir, 'sw.js');
  const second = precacheManifest(siteDir);
  writeFileSync(swPath, serviceWorkerScript(second, compiledCodeOf(readFileSync(swPath, 'utf8'))));
  expect(second.version).not.toBe(first.version);

  // The person comes back: the page is still the first build (from the cache); the new one installs and waits.
  await page.reload();
  await expect(page.getByTestId('app-status')).toHaveAttribute('data-status', 'ready');
  await expect(page.locator('meta[name="build"]')).toHaveCount(0);
  const prompt = page.getByTestId('update-prompt');
  await expect(prompt).toHaveText('A new version is available — Reload');
  await expect(prompt).toHaveAttribute('role', 'status');
  // A second tab of the old build is open too.
  const other = await context.newPage();
  await other.goto(server.url);
  await expect(other.getByTestId('update-prompt')).toBeVisible();

  const reload = page.getByTestId('update-reload');
  await reload.focus();
  await expect(reload).toBeFocused();
  await Promise.all([page.waitForEvent('load'), reload.press('Enter')]);
  await expect(page.locator('meta[name="build"]')).toHaveAttribute('content', 'second');
  await expect(page.getByTestId('app-status')).toHaveAttribute('data-status', 'ready');
  await expect(page.getByTestId('update-prompt')).toHaveCount(0);
  // Only the new version's cache is left.
  await expect.poll(() => page.evaluate(() => caches.keys())).toEqual([`pipeline-playground-precache-${second.version}`]);

  // The other tab still runs the old build under the new service worker: it keeps offering the reload, which now
  // simply reloads into the new version.
  await expect(other.locator('meta[name="build"]')).toHaveCount(0);
  await expect(other.getByTestId('update-prompt')).toHaveText('A new version is available — Reload');
  await Promise.all([other.waitForEvent('load'), other.getByTestId('update-reload').click()]);
  await expect(other.locator('meta[name="build"]')).toHaveAttribute('content', 'second');
  await expect(other.getByTestId('update-prompt')).toHaveCount(0);
});
