import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';

async function ready(page: Page, path = './') {
  await page.goto(path);
  await expect(page.getByTestId('app-status')).toHaveAttribute('data-status', 'ready');
}

async function runPipeline(page: Page) {
  await page.getByTestId('trigger-ml_producer').click();
  await page.getByTestId('trigger-submit').click();
  await expect(page.getByTestId('trigger-form')).toBeHidden();
  await expect(page.getByTestId('dag-last-run-ml_producer')).toHaveAttribute('data-state', 'success');
  await expect(page.getByTestId('dag-last-run-ml_consumer')).toHaveAttribute('data-state', 'success');
}

const LINE = /^\[\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z\] \{(DEBUG|INFO|WARNING|ERROR)\} .+$/;

test('a task log filters by level, searches with highlighted matches, downloads and copies what it shows', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await ready(page, './?fault=extract:throw@1');
  await runPipeline(page);

  await page.getByTestId('open-dag-ml_producer').click();
  await page.getByTestId('dag-graph').getByTestId('graph-node-featurize').click();
  const log = page.getByTestId('task-log');
  const lines = log.locator('.log-line');
  await expect(lines.filter({ hasText: 'Described 20640 rows' })).toHaveCount(1);
  const total = await lines.count();
  const debug = await log.locator('[data-level="debug"]').count();
  expect(debug).toBeGreaterThan(0);
  await expect(page.getByTestId('log-level-debug')).toContainText(String(debug));

  // Level filter: debug lines leave and come back.
  await page.getByTestId('log-level-debug').click();
  await expect(page.getByTestId('log-level-debug')).toHaveAttribute('aria-pressed', 'false');
  await expect(log.locator('[data-level="debug"]')).toHaveCount(0);
  await expect(lines).toHaveCount(total - debug);
  await expect(page.getByTestId('log-panel')).toContainText(`Showing ${total - debug} of ${total} lines.`);

  // Download what is shown: a text file named after the DAG, run, task and try, one formatted line each.
  const [filtered] = await Promise.all([page.waitForEvent('download'), page.getByTestId('log-download').click()]);
  expect(filtered.suggestedFilename()).toMatch(/^ml_producer__manual__[\w.-]+__featurize__try-1\.log$/);
  const filteredText = await readFile((await filtered.path())!, 'utf8');
  const filteredLines = filteredText.trimEnd().split('\n');
  expect(filteredLines).toHaveLength(total - debug);
  for (const line of filteredLines) expect(line).toMatch(LINE);
  expect(filteredText).not.toContain('{DEBUG}');
  await page.getByTestId('log-level-debug').click();
  await expect(lines).toHaveCount(total);

  const [full] = await Promise.all([page.waitForEvent('download'), page.getByTestId('log-download').click()]);
  const fullText = await readFile((await full.path())!, 'utf8');
  expect(fullText.trimEnd().split('\n')).toHaveLength(total);
  expect(fullText).toContain('{DEBUG} Stages (ms): read ');
  expect(fullText).toContain('{INFO} Described 20640 rows × 9 columns as float32');

  // Copy puts the same text on the clipboard.
  await page.getByTestId('log-copy').click();
  await expect(page.getByTestId('log-panel')).toContainText(`Copied ${total} lines.`);
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(fullText);

  // Search: case-insensitive, matches wrapped in <mark>, other lines hidden.
  const search = page.getByTestId('log-search');
  await search.fill('DESCRIBED 20640');
  await expect(lines).toHaveCount(1);
  await expect(log.locator('mark')).toHaveText(['Described 20640']);
  await expect(page.getByTestId('log-match-count')).toHaveText('1 match');
  await search.fill('published built_features');
  await expect(log.locator('mark')).toHaveText(['Published built_features']);
  await search.fill('no such text');
  await expect(lines).toHaveCount(0);
  await expect(log).toContainText('No line matches the filter.');
  await expect(page.getByTestId('log-copy')).toBeDisabled();
  await expect(page.getByTestId('log-download')).toBeDisabled();
  await search.fill('');
  await expect(lines).toHaveCount(total);

  // Logs per try: extract's first try failed before its code ran, its second one fetched the data.
  await page.getByTestId('dag-graph').getByTestId('graph-node-extract').click();
  await expect(log).toHaveAttribute('data-try', '2');
  await expect(log).toContainText('Fetching');
  await page.getByTestId('log-try').selectOption('1');
  await expect(log).toHaveAttribute('data-try', '1');
  await expect(log).not.toContainText('Parsed');
});

test('a long log follows its end, and offers a way back after the reader scrolls up', async ({ page }) => {
  await ready(page);
  await runPipeline(page);
  await page.getByTestId('open-dag-ml_consumer').click();
  await page.getByTestId('dag-graph').getByTestId('graph-node-train').click();
  const log = page.getByTestId('task-log');
  await expect(log.locator('.log-line').filter({ hasText: /^.*Saved model model@/ })).toHaveCount(1);

  const atBottom = () => log.evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight < 2);
  const overflows = await log.evaluate((el) => el.scrollHeight > el.clientHeight);
  expect(overflows).toBe(true);
  await expect.poll(atBottom).toBe(true);
  await expect(page.getByTestId('log-follow')).toHaveCount(0);

  await log.evaluate((el) => {
    el.scrollTop = 0;
    el.dispatchEvent(new Event('scroll'));
  });
  await expect(page.getByTestId('log-follow')).toBeVisible();
  expect(await atBottom()).toBe(false);
  await page.getByTestId('log-follow').click();
  await expect.poll(atBottom).toBe(true);
  await expect(page.getByTestId('log-follow')).toHaveCount(0);
});
