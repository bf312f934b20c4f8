import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';

async function ready(page: Page, path = './') {
  await page.goto(path);
  await expect(page.getByTestId('app-status')).toHaveAttribute('data-status', 'ready');
}

/** ml_producer declares params: Trigger opens its form, whose defaults run the normal pipeline. */
async function triggerProducer(page: Page, params: Record<string, string> = {}) {
  await page.getByTestId('trigger-ml_producer').click();
  const form = page.getByTestId('trigger-form');
  for (const [name, value] of Object.entries(params)) await form.getByTestId(`param-${name}`).fill(value);
  await form.getByTestId('trigger-submit').click();
  await expect(form).toBeHidden();
}

/** No axe-core violations inside the given part of the page. */
async function expectAccessible(page: Page, selector: string) {
  const { violations } = await new AxeBuilder({ page }).include(selector).analyze();
  expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

const byTestIdPrefix = (scope: Page | Locator, prefix: string, suffix = '') =>
  scope.locator(`[data-testid^="${prefix}"]${suffix ? `[data-testid$="${suffix}"]` : ''}`);

test('the DAGs page lists every DAG with its schedule, runs, next run, pause switch and Trigger', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await ready(page, './#/dags');

  const list = page.getByTestId('dags-page');
  await expect(list).toBeVisible();
  await expect(page.getByTestId('tab-dags')).toHaveAttribute('aria-current', 'page');
  // The table replaces the sidebar here: each control exists once.
  await expect(page.getByTestId('dag-card-ml_producer')).toHaveCount(0);
  await expect(list.getByTestId('import-dags')).toBeAttached();
  await expect(page.getByTestId('dag-row-ml_producer')).toContainText('Loads the California housing data');
  await expect(page.getByTestId('dag-schedule-ml_producer')).toHaveText(/manual/);
  await expect(page.getByTestId('dag-schedule-ml_consumer')).toHaveText(/on built_features/);
  await expect(page.getByTestId('next-run-ml_producer')).toHaveText(/on trigger/);
  const consumerNext = page.getByTestId('next-run-ml_consumer');
  await expect(consumerNext).toHaveText(/waiting for 1 of 1 asset: built_features/);
  await expect(consumerNext).toHaveAttribute('data-status', 'waiting');
  await expect(page.getByTestId('dag-row-ml_consumer')).toContainText('no runs yet');
  await expectAccessible(page, '[data-testid="dags-page"]');

  // Pausing says what it means for this schedule, on the row and in the switch.
  await page.getByTestId('pause-ml_consumer').click();
  await expect(page.getByTestId('pause-ml_consumer')).toHaveAttribute('aria-pressed', 'true');
  await expect(consumerNext).toHaveText(/paused: asset events are not queued/);
  await expect(page.getByTestId('dag-row-ml_consumer')).toHaveAttribute('data-paused', 'true');
  await page.getByTestId('pause-ml_consumer').click();
  await expect(consumerNext).toHaveAttribute('data-status', 'waiting');

  // Trigger with params from the page; the producer's built_features event starts the consumer.
  await triggerProducer(page);
  await expect(page.getByTestId('dag-last-run-ml_producer')).toHaveAttribute('data-state', 'success');
  await expect(page.getByTestId('dag-last-run-ml_consumer')).toHaveAttribute('data-state', 'success');
  await expect(page.getByTestId('dags-summary')).toContainText('4 DAGs · 0 runs in progress · 0 paused');
  const consumerRuns = byTestIdPrefix(page.getByTestId('recent-runs-ml_consumer'), 'recent-run-');
  await expect(consumerRuns).toHaveCount(1);
  await expect(consumerRuns.first()).toHaveAttribute('data-state', 'success');
  await expect(consumerRuns.first()).toHaveAccessibleName(/^Run dataset_triggered__.*, success, triggered by an asset$/);

  // A recent-run square opens that run in the DAG's grid.
  await consumerRuns.first().click();
  await expect(page).toHaveURL(/#\/dags\/ml_consumer\/grid\/runs\/dataset_triggered__/);
  await expect(page.getByTestId('dag-tab-grid')).toHaveAttribute('aria-selected', 'true');

  // The DAG's name opens its page, in the view last used (here the grid).
  await page.getByTestId('tab-dags').click();
  await page.getByTestId('open-dag-ml_producer').click();
  await expect(page).toHaveURL(/#\/dags\/ml_producer\/grid$/);
  await expect(page.getByTestId('dag-grid')).toBeVisible();
  await page.getByTestId('dag-tab-graph').click();
  await expect(page).toHaveURL(/#\/dags\/ml_producer$/);
  await expect(page.getByTestId('dag-graph')).toBeVisible();
  expect(errors).toEqual([]);
});

test('DAG tabs: grid squares select a task try, the Gantt chart shows each try, the code is the definition', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  // The first try of extract fails: a retry to see in the grid, the Gantt chart and the toasts.
  await ready(page, './?fault=extract:throw@1&fault=featurize:throw@1#/dags/ml_producer/grid');

  // A deep link opens the tab; the tab bar is one tab stop with arrow keys.
  const gridTab = page.getByTestId('dag-tab-grid');
  await expect(gridTab).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('tabpanel')).toHaveAttribute('aria-labelledby', 'dag-tab-grid');
  await expect(page.getByTestId('dag-grid')).toContainText('No runs yet');
  await gridTab.focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('dag-tab-gantt')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('dag-tab-gantt')).toBeFocused();
  await expect(page).toHaveURL(/#\/dags\/ml_producer\/gantt$/);
  await page.keyboard.press('ArrowLeft');
  await expect(page).toHaveURL(/#\/dags\/ml_producer\/grid$/);

  await triggerProducer(page);
  await expect(page.getByTestId('dag-last-run-ml_producer')).toHaveAttribute('data-state', 'success');

  // featurize has no on_retry callback: the playground still says it retries (extract's callback says it for extract).
  const retryToast = page.getByTestId('toast').filter({ hasText: 'featurize will retry' });
  await expect(retryToast).toHaveAttribute('data-level', 'warning');

  // Grid: one column for the run, a square per task with its state and try in its name.
  const grid = page.getByTestId('dag-grid');
  const extract = byTestIdPrefix(grid, 'grid-cell-', '-extract');
  await expect(extract).toHaveCount(1);
  await expect(extract).toHaveAttribute('data-state', 'success');
  await expect(extract).toHaveAccessibleName(/^extract, run manual__.*, success, try 2$/);
  await expect(byTestIdPrefix(grid, 'grid-run-')).toHaveAttribute('data-run-type', 'manual');
  await extract.click();
  const details = page.getByTestId('task-details');
  await expect(details).toHaveAttribute('data-task', 'extract');
  await expect(page).toHaveURL(/#\/dags\/ml_producer\/grid\/runs\/manual__[^/]+\/tasks\/extract$/);
  await expect(details.getByTestId('task-try-1')).toContainText('failed');
  await expect(details.getByTestId('task-try-2')).toContainText('success');
  // It succeeded on its retry: the first try's error is what it recovered from, not an alert.
  await expect(details.getByTestId('task-error')).toContainText('recovered from try 1: InjectedFault');
  await expect(details.getByTestId('task-error')).not.toHaveAttribute('role', 'alert');
  await expect(details.getByTestId('task-xcom')).toContainText('"rows": 20640');

  // Arrow keys move between squares; Enter selects.
  await expect(extract).toBeFocused();
  await page.keyboard.press('ArrowDown');
  const saveRaw = byTestIdPrefix(grid, 'grid-cell-', '-save_raw_data');
  await expect(saveRaw).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(details).toHaveAttribute('data-task', 'save_raw_data');
  const output = details.getByTestId('task-output-raw_housing');
  await expect(output).toContainText('20,640 rows');
  await expect(output.getByRole('link', { name: 'raw_housing' })).toHaveAttribute('href', '#/assets/raw_housing');
  await expectAccessible(page, '[data-testid="dag-view"]');

  // The deep link of the selection survives a reload.
  await page.reload();
  await expect(page.getByTestId('app-status')).toHaveAttribute('data-status', 'ready');
  await expect(page.getByTestId('task-details')).toHaveAttribute('data-task', 'save_raw_data');
  await expect(page.getByTestId('dag-tab-grid')).toHaveAttribute('aria-selected', 'true');

  // Gantt: a queued and a running bar per try; the failed first try of extract and its retry are separate bars.
  await page.getByTestId('dag-tab-gantt').click();
  const gantt = page.getByTestId('dag-gantt');
  await expect(gantt.getByTestId('gantt-bar-extract-1-running')).toHaveAttribute('data-state', 'failed');
  await expect(gantt.getByTestId('gantt-bar-extract-2-running')).toHaveAttribute('data-state', 'success');
  await expect(gantt.getByTestId('gantt-bar-extract-2-queued')).toBeAttached();
  await expect(gantt.getByTestId('gantt-bar-extract-2-retry_wait')).toBeAttached();
  await expect(gantt.getByTestId('gantt-bar-featurize-2-running')).toHaveAttribute('data-state', 'success');
  await expect(gantt.getByTestId('gantt-bar-quarantine_data-1-running')).toHaveCount(0);
  const first = await gantt.getByTestId('gantt-bar-extract-1-running').locator('rect').boundingBox();
  const second = await gantt.getByTestId('gantt-bar-extract-2-running').locator('rect').boundingBox();
  expect(first && second && second.x > first.x + first.width).toBe(true);
  await expect(gantt.locator('.gantt-axis text').first()).toBeVisible();
  await gantt.getByTestId('gantt-task-check_data').click();
  await expect(page.getByTestId('task-details')).toHaveAttribute('data-task', 'check_data');
  await expectAccessible(page, '[data-testid="dag-view"]');

  // The consumer's run was made by the built_features event: its grid column says so.
  await page.goto('./#/dags/ml_consumer/grid');
  await expect(page.getByTestId('dag-last-run-ml_consumer')).toHaveAttribute('data-state', 'success');
  const consumerRun = byTestIdPrefix(page.getByTestId('dag-grid'), 'grid-run-');
  await expect(consumerRun).toHaveAttribute('data-run-type', 'dataset_triggered');
  await expect(consumerRun).toHaveAccessibleName(/triggered by asset built_features/);

  // Code: the DAG as written, coloured by spans, and as the JSON the scheduler reads.
  await page.getByTestId('dag-tab-code').click();
  await expect(page).toHaveURL(/#\/dags\/ml_consumer\/code$/);
  const code = page.getByTestId('dag-code-text');
  await expect(code).toContainText("export const ML_CONSUMER: DagDefinition = {");
  await expect(code).toContainText("schedule: { type: 'datasets', condition: onDataset(BUILT_FEATURES) }");
  await expect(code).not.toContainText('ML_PRODUCER');
  await expect(code.locator('.tok-keyword').first()).toHaveText('export');
  await page.getByTestId('code-format-json').click();
  await expect(code).toContainText('"id": "ml_consumer"');
  await expect(code).toContainText('"epochs": {');
  await expectAccessible(page, '[data-testid="dag-view"]');
  expect(errors).toEqual([]);
});

test('the notification log filters by level; toasts sit in a dock that covers no control', async ({ page }) => {
  await ready(page, './?fault=extract:throw@1');
  await triggerProducer(page, { corrupt_rows: '50' });
  await expect(page.getByTestId('dag-last-run-ml_producer')).toHaveAttribute('data-state', 'success');
  const toast = page.getByTestId('toast').first();
  await expect(toast).toBeVisible();

  // The dock is below the page, not over it: the side panel ends above it.
  const dock = await page.getByTestId('toast-dock').boundingBox();
  const main = await page.locator('.app-body').boundingBox();
  expect(dock && main && main.y + main.height <= dock.y + 1).toBe(true);

  await page.getByTestId('toasts-open-log').click();
  await expect(page).toHaveURL(/#\/notifications$/);
  const log = page.getByTestId('notification-log');
  await expect(log.locator('tr[data-level="warning"]')).toHaveCount(2);
  await expect(log.locator('tbody tr')).toHaveCount(2);
  await expectAccessible(page, '.notification-view');
  await page.getByTestId('notification-filter-warning').click();
  await expect(page.getByTestId('notification-filter-warning')).toHaveAttribute('aria-pressed', 'false');
  await expect(log.locator('tr[data-level="warning"]')).toHaveCount(0);
  await expect(log).toContainText('No notification of the chosen levels.');
  await page.getByTestId('notification-filter-warning').click();
  await expect(log.locator('tr[data-level="warning"]')).toHaveCount(2);

  await page.getByTestId('toasts-dismiss-all').click();
  await expect(page.getByTestId('toast')).toHaveCount(0);
});
