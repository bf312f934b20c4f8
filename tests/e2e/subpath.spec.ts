import { expect, test } from '@playwright/test';
import { recordFailure } from './support/failedRequests';
import { startPlainStaticServer, type PlainStaticServer } from './support/plainStaticServer';
import { runWholePipeline } from './support/wholePipeline';

// The built site served from a sub-path (/demo/) by a plain static server: no SPA fallback, no redirect, anything
// outside /demo/ is a 404. An absolute asset path (/assets/…, /data/…, /sw.js) would leave /demo/ and fail.
test.use({ serviceWorkers: 'allow' });

let server: PlainStaticServer;
test.beforeAll(async () => {
  server = await startPlainStaticServer('dist', '/demo/');
});
test.afterAll(async () => {
  await server.close();
});

test('served from /demo/ by a plain static server, the whole pipeline runs and nothing is asked for outside /demo/', async ({ page }) => {
  const failed: string[] = [];
  const errors: string[] = [];
  page.on('requestfailed', (request) => recordFailure(failed, request));
  page.on('response', (response) => response.status() >= 400 && failed.push(`${response.url()} HTTP ${response.status()}`));
  page.on('pageerror', (error) => errors.push(error.message));

  await page.goto(`${server.url}?seed=42`);
  await runWholePipeline(page);
  // The housing CSV, the wasm binaries and every worker chunk came from under /demo/.
  expect(server.requests.filter((path) => !path.startsWith('/demo/'))).toEqual([]);
  for (const expected of [/^\/demo\/data\/california_housing\.csv$/, /^\/demo\/assets\/task\.worker-.+\.js$/, /^\/demo\/assets\/tfjs-backend-wasm.*\.wasm$/]) {
    expect(server.requests.some((path) => expected.test(path)), String(expected)).toBe(true);
  }
  // The service worker registered with the sub-path as its scope.
  const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
  expect(scope).toBe(server.url);
  // A deep link (hash routing) needs no server support.
  await page.goto(`${server.url}#/dags/ml_consumer`);
  await expect(page.getByTestId('run-state')).toHaveAttribute('data-state', 'success');
  expect(failed).toEqual([]);
  expect(errors).toEqual([]);
});
