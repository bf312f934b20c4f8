import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { expect, test, type ConsoleMessage } from '@playwright/test';

// The authoring engine in a real Chromium, under the site's strict CSP: the DAG-file worker reads files in QuickJS,
// a task worker runs sandboxed tries (escape probes, an undeclared outlet, a busy loop, columns through IndexedDB),
// and no CSP violation happens anywhere. The page is tests/bench/authoring (built here, with the site's policy in a
// meta tag; tests/support/serve.mjs sends it as a header too, which is what governs the workers). The editor's own
// end-to-end spec comes with the editor.
const PORT = Number(process.env.PW_PORT ?? 4399) + 37;
let server: ChildProcess | null = null;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  const built = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--config', 'tests/bench/authoring/vite.config.ts', '--logLevel', 'warn'], { stdio: 'inherit' });
  expect(built.status).toBe(0);
  server = spawn(process.execPath, ['tests/support/serve.mjs', 'tests/bench/authoring/dist', '--port', String(PORT), '--strict-port'], { stdio: 'pipe' });
  await new Promise((resolve, reject) => {
    server!.stdout!.once('data', resolve);
    server!.once('exit', (code) => reject(new Error(`serve.mjs exited with ${code}`)));
  });
});

test.afterAll(() => {
  server?.kill();
});

const isCspMessage = (message: ConsoleMessage) => /Content.Security.Policy|Refused to/i.test(message.text());

test('DAG files and sandboxed task tries work in workers under the strict CSP, with no violation', async ({ page }) => {
  const violations: string[] = [];
  page.on('console', (message) => isCspMessage(message) && violations.push(`page: ${message.text()}`));
  page.on('pageerror', (error) => violations.push(`page error: ${error.message}`));
  page.on('worker', (worker) => {
    worker.on('console', (message) => isCspMessage(message) && violations.push(`worker ${worker.url()}: ${message.text()}`));
    void worker
      .evaluate(() => {
        globalThis.addEventListener('securitypolicyviolation', (event) => console.error(`Refused to … ${(event as SecurityPolicyViolationEvent).effectiveDirective}`));
      })
      .catch(() => undefined);
  });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => console.error(`Refused to … ${event.effectiveDirective} ${event.blockedURI}`));
  });
  const response = await page.goto(`http://localhost:${PORT}/`);
  const policy = response!.headers()['content-security-policy'];
  expect(policy).toContain("script-src 'self' 'wasm-unsafe-eval'");
  expect(policy).not.toMatch(/'unsafe-eval'|blob:/);
  await page.waitForFunction(() => typeof window.authoringCheck === 'function');

  const result = await page.evaluate(() => window.authoringCheck());
  expect(result['lessonDags']).toEqual(['lesson_trigger_rules']);
  expect(result['lessonOk']).toBe(true);
  expect(result['syntaxError']).toEqual(['2:19 syntax']);
  expect(result['loop']).toEqual(['timeout']);
  expect(result['probe']).toEqual({
    fetch: 'undefined',
    indexedDB: 'undefined',
    document: 'undefined',
    importScripts: 'undefined',
    self: 'undefined',
    functionThis: 'undefined',
    viaContext: 'undefinedundefined',
  });
  expect(result['undeclared']).toContain('may write only the assets it declares as outlets (none), not "other"');
  expect(result['busy']).toBe('AirflowTaskTimeout');
  expect(result['afterBusy']).toBe('success');
  expect(result['columns']).toBe(20_640);
  expect(violations).toEqual([]);
});
