import { defineConfig } from '@playwright/test';
// @ts-expect-error: a plain .mjs helper shared with the npm scripts, typed by use.
import { CHROMIUM_ARGS, findChromium } from './tests/support/chromium.mjs';

const chromium = (await findChromium()) as { path: string } | null;
// PW_PORT lets a second checkout run its browser tests beside this one.
const PORT = Number(process.env.PW_PORT ?? 4399);

export default defineConfig({
  testDir: 'tests/e2e',
  timeout: 120_000,
  expect: { timeout: 60_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: process.env.CI ? [['list']] : [['list']],
  use: {
    baseURL: `http://localhost:${PORT}/`,
    viewport: { width: 1280, height: 720 },
    launchOptions: {
      ...(chromium ? { executablePath: chromium.path } : {}),
      args: CHROMIUM_ARGS as string[],
    },
    trace: 'off',
    // The built site registers a service worker that serves it from its cache. Each test has a fresh context (no
    // service worker survives from one test, or one build, to the next), and within a test a service worker would
    // answer requests before `page.route` sees them (a test that aborts the CSV would get it from the cache): so
    // specs run without one, and the specs about it (offline, subpath, csp) opt in with test.use({ serviceWorkers: 'allow' }).
    serviceWorkers: 'block',
  },
  webServer: {
    command: `node tests/support/serve.mjs dist --port ${PORT} --strict-port`,
    url: `http://localhost:${PORT}/`,
    reuseExistingServer: false,
    timeout: 30_000,
  },
});
