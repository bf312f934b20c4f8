import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { readStore, storedRuns, type StoredRun } from './support/playgroundDb';

/**
 * The Settings page and the URL parameters in real Chromium: what a person changes there reaches the next run (its
 * logs say so), the speed setting shows Airflow's latencies, failure injection makes retries happen, reset empties the
 * playground, and the URL overrides the stored settings for one page load.
 */

interface StoredLog {
  readonly runId: string;
  readonly taskId: string;
  readonly tryNumber: number;
  readonly level: string;
  readonly message: string;
}

async function ready(page: Page, path: string) {
  await page.goto(path);
  await expect(page.getByTestId('app-status')).toHaveAttribute('data-status', 'ready');
}

async function triggerProducer(page: Page) {
  await page.getByTestId('trigger-ml_producer').click();
  await page.getByTestId('trigger-submit').click();
  await expect(page.getByTestId('trigger-form')).toBeHidden();
}

async function runStates(page: Page, dagId: string): Promise<string[]> {
  return (await storedRuns(page, dagId)).map((r) => r.state);
}

/** Waits for one more finished producer → consumer pair, and returns the newest run of each. */
async function bothFinished(page: Page, count = 1): Promise<[StoredRun, StoredRun]> {
  await expect.poll(() => runStates(page, 'ml_producer'), { timeout: 90_000 }).toEqual(Array(count).fill('success'));
  await expect.poll(() => runStates(page, 'ml_consumer'), { timeout: 90_000 }).toEqual(Array(count).fill('success'));
  const [producer, consumer] = await Promise.all([storedRuns(page, 'ml_producer'), storedRuns(page, 'ml_consumer')]);
  return [producer.at(-1)!, consumer.at(-1)!];
}

async function logOf(page: Page, runId: string, taskId: string): Promise<string[]> {
  const logs = await readStore<StoredLog>(page, 'logs');
  return logs.filter((l) => l.runId === runId && l.taskId === taskId).map((l) => `#${l.tryNumber} ${l.message}`);
}

const openSettings = (page: Page) => page.getByTestId('tab-settings').click();

test('pool size and seed changed in the page reach the next run, and survive a reload', async ({ page }) => {
  await ready(page, './#/settings');
  await expect(page.getByTestId('setting-seed')).toHaveValue('42');
  await page.getByTestId('setting-pool-size').fill('3');
  await page.getByTestId('setting-seed').fill('7');
  await expect(page.getByTestId('settings-saved')).toContainText('Saved');
  // A bad value is refused with a reason, and the last good one stays in force.
  await page.getByTestId('setting-pool-size').fill('99');
  await expect(page.getByTestId('setting-pool-size-error')).toContainText('Worker pool size must be a whole number from 1 to');
  await expect(page.getByTestId('setting-pool-size')).toHaveAttribute('aria-invalid', 'true');
  await page.getByTestId('setting-pool-size').fill('3');
  await expect(page.getByTestId('setting-pool-size-error')).toBeHidden();

  await triggerProducer(page);
  const [producer, consumer] = await bothFinished(page);
  expect(await logOf(page, producer.id, 'extract')).toContain('#1 Settings for this try: worker pool 3, seed 7, tfjs wasm, speed instant.');
  const train = await logOf(page, consumer.id, 'train');
  expect(train).toContainEqual(expect.stringMatching(/\(seed 7, tfjs wasm, \d+ epochs/));

  await page.reload();
  await expect(page.getByTestId('app-status')).toHaveAttribute('data-status', 'ready');
  await expect(page.getByTestId('setting-pool-size')).toHaveValue('3');
  await expect(page.getByTestId('setting-seed')).toHaveValue('7');
});

test('a pool of 1 runs one try at a time; grown to 2 in the page, the next run starts a second worker', async ({ page }) => {
  // Task workers only: the graph's layout worker starts too, when the graph view's code loads.
  const workers: unknown[] = [];
  page.on('worker', (worker) => {
    if (worker.url().includes('task.worker')) workers.push(worker);
  });
  await ready(page, './?pool=1#/settings');
  await expect(page.getByTestId('setting-pool-size')).toHaveValue('1');
  await triggerProducer(page);
  const [first] = await bothFinished(page);
  // save_raw_data and check_data both follow extract; one worker runs them one after the other.
  const [a, b] = [first.tasks.save_raw_data!.tries[0]!, first.tasks.check_data!.tries[0]!].sort((x, y) => x.startDate! - y.startDate!);
  expect(b!.startDate!).toBeGreaterThanOrEqual(a!.endDate!);
  expect(workers).toHaveLength(1);

  await page.getByTestId('setting-pool-size').fill('2');
  await expect(page.getByTestId('url-override-pool')).toBeHidden();
  await triggerProducer(page);
  const [second] = await bothFinished(page, 2);
  expect(workers).toHaveLength(2);
  expect(await logOf(page, second.id, 'extract')).toContainEqual(expect.stringContaining('Settings for this try: worker pool 2,'));
});

test('Airflow-like speed: a task waits about 1 s for its upstream, the consumer about 2 s for the dataset event', async ({ page }) => {
  await ready(page, './#/settings');
  await page.getByTestId('setting-speed-airflow').check();
  await expect(page.getByTestId('settings-saved')).toContainText('Saved');
  await triggerProducer(page);
  const [producer, consumer] = await bothFinished(page);
  const start = (run: StoredRun, task: string) => run.tasks[task]!.tries[0]!.startDate!;
  const end = (run: StoredRun, task: string) => run.tasks[task]!.tries[0]!.endDate!;
  const handoff = start(producer, 'save_raw_data') - end(producer, 'extract');
  // The consumer's first task (check_drift) waits the trigger latency.
  const trigger = start(consumer, 'check_drift') - end(producer, 'featurize');
  console.log(`airflow speed: extract → save_raw_data ${handoff.toFixed(0)} ms, featurize → check_drift ${trigger.toFixed(0)} ms`);
  expect(handoff).toBeGreaterThanOrEqual(990);
  expect(handoff).toBeLessThan(1_900);
  expect(trigger).toBeGreaterThanOrEqual(1_990);
  expect(trigger).toBeLessThan(3_500);
  expect(await logOf(page, producer.id, 'save_raw_data')).toContainEqual(expect.stringContaining('Airflow-like speed: held 1000 ms in the queue'));
  expect(await logOf(page, consumer.id, 'check_drift')).toContainEqual(expect.stringContaining('Airflow-like speed: held 2000 ms in the queue'));
});

test('"fail the next try" of extract: its try 1 fails on purpose, the retry succeeds, and the entry is used up', async ({ page }) => {
  await ready(page, './#/settings');
  await page.getByTestId('setting-fail-task').selectOption('ml_producer/extract');
  await page.getByTestId('setting-fail-arm').click();
  await expect(page.getByTestId('armed-ml_producer-extract')).toContainText('ml_producer › extract');
  await expect(page.getByTestId('setting-fail-arm')).toBeDisabled();
  await triggerProducer(page);

  await page.getByTestId('open-dag-ml_producer').click();
  await page.getByTestId('dag-graph').getByTestId('graph-node-extract').click();
  await expect(page.getByTestId('task-error')).toContainText('InjectedFault');
  await expect(page.getByTestId('task-error')).toContainText('Settings: fail the next try of this task');
  await expect(page.getByTestId('run-state')).toHaveAttribute('data-state', 'success', { timeout: 60_000 });
  await expect(page.getByTestId('task-tries')).toContainText('try 2 of 3');
  const producer = (await storedRuns(page, 'ml_producer'))[0]!;
  expect(producer.tasks.extract!.tries.map((t) => t.state)).toEqual(['failed', 'success']);
  expect(await logOf(page, producer.id, 'extract')).toContain(
    '#1 Settings for this try: worker pool 2, seed 42, tfjs wasm, speed instant; this try fails on purpose (armed in Settings).',
  );

  await openSettings(page);
  await expect(page.getByTestId('armed-failures')).toContainText('Nothing armed.');
});

test('failure probability 1 fails every try: the run fails after extract’s retries, and the page says why', async ({ page }) => {
  await ready(page, './#/settings');
  await page.getByTestId('setting-failure-probability').fill('1');
  await expect(page.getByTestId('settings-saved')).toContainText('Saved');
  await triggerProducer(page);
  await expect.poll(() => runStates(page, 'ml_producer'), { timeout: 60_000 }).toEqual(['failed']);
  const run = (await storedRuns(page, 'ml_producer'))[0]!;
  expect(run.tasks.extract!.tries.map((t) => t.error?.name)).toEqual(['InjectedFault', 'InjectedFault', 'InjectedFault']);
  expect(run.tasks.extract!.tries[0]!.error!.message).toContain('failure probability 1 per try, seed 42');
  expect(await runStates(page, 'ml_consumer')).toEqual([]);
});

test('reset all data: asks first, then deletes runs, datasets and settings, and reloads an empty playground', async ({ page }) => {
  await ready(page, './#/settings');
  await page.getByTestId('setting-seed').fill('5');
  await triggerProducer(page);
  await bothFinished(page);
  expect((await readStore(page, 'datasetVersions')).length).toBeGreaterThan(0);

  await page.getByTestId('settings-reset').click();
  await expect(page.getByTestId('reset-dialog')).toBeVisible();
  await expect(page.getByTestId('reset-cancel')).toBeFocused();
  await page.getByTestId('reset-cancel').click();
  await expect(page.getByTestId('reset-dialog')).toBeHidden();
  expect(await runStates(page, 'ml_producer')).toEqual(['success']);

  await page.getByTestId('settings-reset').click();
  await Promise.all([page.waitForEvent('load'), page.getByTestId('reset-confirm').click()]);
  await expect(page.getByTestId('app-status')).toHaveAttribute('data-status', 'ready');
  await expect(page.getByTestId('dag-card-ml_producer')).toContainText('no runs yet');
  await expect(page.getByTestId('dag-card-ml_consumer')).toContainText('no runs yet');
  for (const store of ['runs', 'taskBlocks', 'datasetVersions', 'datasetColumns', 'datasetEvents', 'logs', 'models']) {
    expect(await readStore(page, store), store).toEqual([]);
  }
  await expect(page.getByTestId('setting-seed')).toHaveValue('42');
  expect(await page.evaluate(() => localStorage.getItem('pipeline-playground.settings'))).toBeNull();
});

test('URL parameters override the stored settings for one page load, and a bad one is reported in the banner', async ({ page }) => {
  await ready(page, './#/settings');
  await page.getByTestId('setting-seed').fill('5');
  await expect(page.getByTestId('settings-saved')).toContainText('Saved');

  await ready(page, './?seed=9&speed=airflow&pool=1&backend=tpu&fault=extract:boom#/settings');
  const overrides = page.getByTestId('url-overrides');
  await expect(overrides).toContainText('seed=9');
  await expect(overrides).toContainText('speed=airflow');
  await expect(overrides).toContainText('pool=1');
  await expect(page.getByTestId('settings-errors')).toContainText('Invalid backend "tpu": The tfjs backend must be one of wasm, cpu, webgl');
  await expect(page.getByTestId('settings-errors')).toContainText('Invalid fault "extract:boom"');
  await expect(page.getByTestId('setting-seed')).toHaveValue('9');
  await expect(page.getByTestId('override-note-seed')).toContainText('seed=9');
  await expect(page.getByTestId('setting-speed-airflow')).toBeChecked();
  await expect(page.getByTestId('setting-backend-wasm')).toBeChecked();

  // A change in the page replaces the URL's value for that setting only.
  await page.getByTestId('setting-seed').fill('6');
  await expect(page.getByTestId('url-override-seed')).toBeHidden();
  await expect(overrides).toContainText('speed=airflow');

  // Without the parameters, the stored settings are back.
  await ready(page, './#/settings');
  await expect(page.getByTestId('url-overrides')).toBeHidden();
  await expect(page.getByTestId('setting-seed')).toHaveValue('6');
  await expect(page.getByTestId('setting-speed-instant')).toBeChecked();
});

test('autorun triggers the producer once; the parameter leaves the URL, so a reload does not trigger it again', async ({ page }) => {
  await ready(page, './?autorun=1&seed=3');
  await expect(page.getByTestId('url-autorun')).toContainText('ml_producer was triggered once');
  await expect(page).not.toHaveURL(/autorun/);
  await expect(page).toHaveURL(/seed=3/);
  await bothFinished(page);
  await page.reload();
  await expect(page.getByTestId('app-status')).toHaveAttribute('data-status', 'ready');
  await expect(page.getByTestId('url-autorun')).toBeHidden();
  // Let a wrongly repeated trigger show up before counting.
  await page.waitForTimeout(1_000);
  expect(await runStates(page, 'ml_producer')).toEqual(['success']);

  await ready(page, './?autorun=ml_prodcer');
  await expect(page.getByTestId('settings-errors')).toContainText('Invalid autorun "ml_prodcer": no DAG has that id');
});

test('a corrupt stored settings record falls back to the defaults with a message, and a save replaces it', async ({ page }) => {
  await ready(page, './#/settings');
  await page.evaluate(() => localStorage.setItem('pipeline-playground.settings', '{"version":1,"settings":{"seed":"x","poolSize":2}}'));
  await page.reload();
  await expect(page.getByTestId('stored-settings-errors')).toContainText('The seed must be a whole number');
  await expect(page.getByTestId('setting-seed')).toHaveValue('42');
  await page.getByTestId('setting-seed').fill('8');
  await expect(page.getByTestId('stored-settings-errors')).toBeHidden();
  await page.reload();
  await expect(page.getByTestId('setting-seed')).toHaveValue('8');
  await expect(page.getByTestId('stored-settings-errors')).toBeHidden();
});

test('the Settings page and its reset dialog pass an automated accessibility check', async ({ page }) => {
  await ready(page, './?seed=9#/settings');
  // The Settings page's code loads when the page is opened, after the app is ready: check the page, not its skeleton.
  await expect(page.getByTestId('settings-page')).toBeVisible();
  const page1 = await new AxeBuilder({ page }).include('.settings-page').analyze();
  expect(page1.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  await page.getByTestId('settings-reset').click();
  const dialog = await new AxeBuilder({ page }).include('[data-testid="reset-dialog"]').analyze();
  expect(dialog.violations.map((v) => v.id)).toEqual([]);
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('reset-dialog')).toBeHidden();
});
