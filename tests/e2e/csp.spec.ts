import { expect, test, type ConsoleMessage, type Worker } from '@playwright/test';
import { lessonShareFragment } from './support/shareFragment';
import { runWholePipeline } from './support/wholePipeline';

// The whole pipeline under the site's strict Content-Security-Policy (src/build/contentSecurityPolicy.ts): the built
// page's <meta> policy governs the page, and serve.mjs sends the same policy as a header, which is what governs the
// task workers and the service worker. Any violation anywhere fails the test.
test.use({ serviceWorkers: 'allow' });

const EXPECTED_DIRECTIVES = ["script-src 'self' 'wasm-unsafe-eval'", "worker-src 'self'", "style-src 'self'", "object-src 'none'"];

interface Violation {
  readonly where: string;
  readonly directive: string;
  readonly blocked: string;
  readonly sample: string;
}

/** Installed in a page or worker global before it does anything: records every CSP violation event it sees. */
function recordViolations(where: string) {
  const scope = globalThis as unknown as { __cspViolations?: Violation[] } & typeof globalThis;
  scope.__cspViolations ??= [];
  scope.addEventListener('securitypolicyviolation', (event) => {
    const e = event as SecurityPolicyViolationEvent;
    scope.__cspViolations!.push({ where, directive: e.effectiveDirective, blocked: e.blockedURI, sample: e.sample });
  });
}

const isCspMessage = (message: ConsoleMessage) => /Content.Security.Policy|Refused to/i.test(message.text());

test('the whole pipeline runs under the strict CSP with no violation in the page, its workers or the service worker', async ({ page, context }) => {
  const consoleErrors: string[] = [];
  const workers: Worker[] = [];
  page.on('console', (message) => isCspMessage(message) && consoleErrors.push(`page: ${message.text()}`));
  page.on('pageerror', (error) => consoleErrors.push(`page error: ${error.message}`));
  page.on('worker', (worker) => {
    workers.push(worker);
    worker.on('console', (message) => isCspMessage(message) && consoleErrors.push(`worker: ${message.text()}`));
    // A task worker imports its task code lazily, when it is given a task: this listener is in place before that.
    void worker.evaluate(recordViolations, 'task worker').catch(() => undefined);
  });
  context.on('serviceworker', (worker) => {
    worker.on('console', (message) => isCspMessage(message) && consoleErrors.push(`service worker: ${message.text()}`));
  });
  await page.addInitScript(recordViolations, 'page');

  const response = await page.goto('./');
  // The policy is in force twice over: the page's meta and the server's header, the same text.
  const header = response!.headers()['content-security-policy'];
  const meta = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(meta).toBe(header);
  for (const directive of EXPECTED_DIRECTIVES) expect(meta).toContain(directive);
  expect(meta).not.toContain('unsafe-inline');
  expect(meta).not.toMatch(/'unsafe-eval'/);

  await runWholePipeline(page);
  // The wasm backend ran (allowed by 'wasm-unsafe-eval'), not the cpu fallback.
  await page.getByTestId('open-dag-ml_consumer').click();
  await page.getByTestId('dag-graph').getByTestId('graph-node-train').click();
  await expect(page.getByTestId('task-log')).toContainText('Held-out test');
  await expect(page.getByTestId('task-log')).toContainText('tfjs wasm');
  // A log file downloads through a blob: URL, which the policy leaves alone (a download is no fetch or script).
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('log-download').click()]);
  expect(download.suggestedFilename()).toMatch(/^ml_consumer__.+__train__try-1\.log$/);
  // Every view renders under the policy (React style props and d3 styles go through CSSOM).
  for (const tab of ['dag-tab-grid', 'dag-tab-gantt', 'dag-tab-code', 'dag-tab-graph']) await page.getByTestId(tab).click();
  for (const tab of ['tab-datasets', 'tab-model', 'tab-settings', 'tab-dags']) await page.getByTestId(tab).click();
  // The editor (CodeMirror's styles go into a constructable stylesheet of its shadow root), its completion list, and
  // a file saved and run: its task runs in the sandbox of a task worker.
  await page.getByTestId('nav-editor').click();
  await page.getByTestId('editor-new-file').click();
  await expect(page.getByTestId('editor-file-name')).toHaveText('untitled.ts');
  await page.getByTestId('editor').locator('.cm-content').focus();
  await page.keyboard.press('ControlOrMeta+a');
  // Typed key by key, as a person types. (Playwright's insertText, an IME-style commit of a long string, makes
  // Chromium's own editing try a style attribute that the policy refuses before CodeMirror redraws the line.)
  await page.keyboard.press('Delete');
  for (const line of ["import { Dag } from 'apache-airflow-ts-sdk';", "const dag = new Dag('csp_dag');", "dag.task('hello', async () => { console.log('sandboxed'); return 1; });"]) {
    await page.keyboard.type(line);
    await page.keyboard.press('Escape');
    await page.keyboard.press('Enter');
  }
  await page.keyboard.type('dag.');
  await page.keyboard.press('Control+Space');
  await expect(page.getByTestId('editor').locator('.cm-tooltip-autocomplete')).toBeVisible();
  await page.keyboard.press('Escape');
  await page.keyboard.press('Backspace');
  await page.keyboard.press('Backspace');
  await page.keyboard.press('Backspace');
  await page.keyboard.press('Backspace');
  await expect(page.getByTestId('editor-graph').getByTestId('graph-node-hello')).toBeVisible();
  await page.getByTestId('editor-save-run').click();
  await expect(page.getByTestId('editor-deploy-result')).toHaveAttribute('data-status', 'ok');
  await page.getByTestId('editor-open-dag-csp_dag').click();
  await page.getByTestId('trigger-csp_dag').click();
  await expect(page.getByTestId('dag-last-run-csp_dag')).toHaveAttribute('data-state', 'success', { timeout: 60_000 });
  await page.getByTestId('dag-graph').getByTestId('graph-node-hello').click();
  await expect(page.getByTestId('task-log')).toContainText('sandboxed');

  // The 1,000-task demo DAG: laid out in its own worker, drawn on a canvas.
  await page.evaluate(() => (window.location.hash = '#/dags/demo_fan_1000'));
  await expect(page.locator('[data-testid="dag-graph"] [data-layout="ready"][data-node-count="1000"]')).toBeAttached();

  // The service worker registered and took control under worker-src 'self'.
  expect(await page.evaluate(async () => (await navigator.serviceWorker.ready).active?.state)).toBe('activated');
  expect(workers.length).toBeGreaterThan(0);
  const inWorkers = await Promise.all(
    workers.map((worker) => worker.evaluate(() => (globalThis as { __cspViolations?: Violation[] }).__cspViolations ?? []).catch(() => [])),
  );
  const inPage = await page.evaluate(() => (globalThis as { __cspViolations?: Violation[] }).__cspViolations ?? []);
  expect([...inPage, ...inWorkers.flat()]).toEqual([]);
  expect(consoleErrors).toEqual([]);
});

test('a shared-link page (banner, scratch files, Copy link, a bad link) has no violation', async ({ page }) => {
  const consoleErrors: string[] = [];
  page.on('console', (message) => isCspMessage(message) && consoleErrors.push(`page: ${message.text()}`));
  page.on('pageerror', (error) => consoleErrors.push(`page error: ${error.message}`));
  await page.addInitScript(recordViolations, 'page');
  await page.goto(`./${lessonShareFragment('trigger-rules')}`);
  await expect(page.getByTestId('shared-banner')).toBeVisible();
  await expect(page.getByTestId('editor-graph').getByTestId('graph-node-cleanup')).toBeVisible();
  await page.getByTestId('editor-save-run').click();
  await expect(page.getByTestId('shared-run')).toBeFocused();
  await page.getByTestId('share-copy-link').click();
  await expect(page.getByTestId('share-status')).not.toBeEmpty();
  await page.evaluate(() => (window.location.hash = '#/share/1.broken'));
  await expect(page.getByTestId('share-error')).toBeVisible();
  expect(await page.evaluate(() => (globalThis as { __cspViolations?: Violation[] }).__cspViolations ?? [])).toEqual([]);
  expect(consoleErrors).toEqual([]);
});

test('the policy really blocks: an inline script, an inline handler and a style attribute string are refused and reported', async ({ page }) => {
  // The listeners above can fail: the same policy refuses what it must. (eval cannot be shown refused from here: code
  // that Playwright evaluates comes in through the DevTools protocol, which CSP exempts.)
  await page.addInitScript(recordViolations, 'page');
  await page.goto('./');
  await expect(page.getByTestId('app-status')).toHaveAttribute('data-status', 'ready');
  const outcome = await page.evaluate(() => {
    const script = document.createElement('script');
    script.textContent = 'window.__inlineRan = true';
    document.head.append(script);
    const button = document.createElement('button');
    button.setAttribute('onclick', 'window.__handlerRan = true');
    document.body.append(button);
    button.click();
    // What d3's .attr('style', …) would do; .style() and React style props set CSSOM properties instead.
    const styled = document.createElement('div');
    styled.setAttribute('style', 'color: rgb(255, 0, 0)');
    document.body.append(styled);
    const state = window as { __inlineRan?: boolean; __handlerRan?: boolean };
    return { inlineRan: state.__inlineRan === true, handlerRan: state.__handlerRan === true, styleApplied: styled.style.color === 'rgb(255, 0, 0)' && getComputedStyle(styled).color === 'rgb(255, 0, 0)' };
  });
  expect(outcome).toEqual({ inlineRan: false, handlerRan: false, styleApplied: false });
  // Each is reported once per policy in force: the meta and the header.
  await expect
    .poll(() => page.evaluate(() => ((globalThis as { __cspViolations?: Violation[] }).__cspViolations ?? []).map((v) => v.directive).sort()))
    .toEqual(['script-src-attr', 'script-src-attr', 'script-src-elem', 'script-src-elem', 'style-src-attr', 'style-src-attr']);
});

test('the lessons gallery (its pictures read in a DAG-file worker, a lesson tried) runs with no violation', async ({ page }) => {
  const consoleErrors: string[] = [];
  const workers: Worker[] = [];
  page.on('console', (message) => isCspMessage(message) && consoleErrors.push(`page: ${message.text()}`));
  page.on('worker', (worker) => {
    workers.push(worker);
    worker.on('console', (message) => isCspMessage(message) && consoleErrors.push(`worker: ${message.text()}`));
    void worker.evaluate(recordViolations, 'worker').catch(() => undefined);
  });
  await page.addInitScript(recordViolations, 'page');
  await page.goto('./#/lessons');
  await expect(page.getByTestId('app-status')).toHaveAttribute('data-status', 'ready');
  await expect(page.locator('[data-testid="lesson-picture"][data-status="ready"]')).toHaveCount(5);
  await page.getByTestId('lesson-try-branching').click();
  await expect(page.getByTestId('lesson-card-branching').getByTestId('lesson-check')).toHaveAttribute('data-status', 'pass');
  const inWorkers = await Promise.all(
    workers.map((worker) => worker.evaluate(() => (globalThis as { __cspViolations?: Violation[] }).__cspViolations ?? []).catch(() => [])),
  );
  const inPage = await page.evaluate(() => (globalThis as { __cspViolations?: Violation[] }).__cspViolations ?? []);
  expect([...inPage, ...inWorkers.flat()]).toEqual([]);
  expect(consoleErrors).toEqual([]);
});

test('embed mode runs under the same policy with no violation: its frame, its editor, a run and a task log', async ({ page }) => {
  const consoleErrors: string[] = [];
  const workers: Worker[] = [];
  page.on('console', (message) => isCspMessage(message) && consoleErrors.push(`page: ${message.text()}`));
  page.on('pageerror', (error) => consoleErrors.push(`page error: ${error.message}`));
  page.on('worker', (worker) => {
    workers.push(worker);
    worker.on('console', (message) => isCspMessage(message) && consoleErrors.push(`worker: ${message.text()}`));
    void worker.evaluate(recordViolations, 'task worker').catch(() => undefined);
  });
  await page.addInitScript(recordViolations, 'page');
  await page.setViewportSize({ width: 800, height: 500 });
  const response = await page.goto('./?embed=1&id=csp&lesson=retries');
  expect(response!.headers()['content-security-policy']).toContain("script-src 'self' 'wasm-unsafe-eval'");
  await expect(page.getByTestId('embed-root')).toHaveAttribute('data-status', 'ready');
  await page.getByTestId('embed-run').click();
  await expect(page.getByTestId('embed-run-state')).toHaveAttribute('data-state', 'success', { timeout: 60_000 });
  await page.getByTestId('embed-log-task').selectOption('fetch');
  await expect(page.getByTestId('embed-log-lines')).not.toBeEmpty();
  const inWorkers = await Promise.all(
    workers.map((worker) => worker.evaluate(() => (globalThis as { __cspViolations?: Violation[] }).__cspViolations ?? []).catch(() => [])),
  );
  const inPage = await page.evaluate(() => (globalThis as { __cspViolations?: Violation[] }).__cspViolations ?? []);
  expect([...inPage, ...inWorkers.flat()]).toEqual([]);
  expect(consoleErrors).toEqual([]);
});
