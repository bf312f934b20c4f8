import { expect, test, type Page } from '@playwright/test';

async function ready(page: Page, path = './') {
  await page.goto(path);
  await expect(page.getByTestId('app-status')).toHaveAttribute('data-status', 'ready');
}

/** Opens the params form of a DAG, sets the given fields and submits it; the form closes once a run exists. */
async function triggerWithParams(page: Page, dagId: string, params: Record<string, string> = {}) {
  await page.getByTestId(`trigger-${dagId}`).click();
  const form = page.getByTestId('trigger-form');
  await expect(form).toBeVisible();
  for (const [name, value] of Object.entries(params)) await form.getByTestId(`param-${name}`).fill(value);
  await form.getByTestId('trigger-submit').click();
  await expect(form).toBeHidden();
}

test('the params form refuses bad values, and corrupt rows send the data to quarantine with a callback toast', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await ready(page);

  // Escape closes the form and gives focus back to the Trigger button.
  const triggerButton = page.getByTestId('trigger-ml_producer');
  await triggerButton.click();
  const form = page.getByTestId('trigger-form');
  await expect(form).toBeVisible();
  await expect(form.getByTestId('param-corrupt_rows')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(form).toBeHidden();
  await expect(triggerButton).toBeFocused();

  // Prefilled with the default; a value out of range is refused with the param's own message and creates no run.
  await triggerButton.click();
  const field = form.getByTestId('param-corrupt_rows');
  await expect(field).toHaveValue('0');
  await expect(form).toContainText('Blank out this many rows');
  await field.fill('-5');
  await form.getByTestId('trigger-submit').click();
  await expect(form.getByTestId('trigger-errors')).toContainText('Param "corrupt_rows" must be ≥ 0, got -5.');
  await expect(form.getByTestId('trigger-errors')).toHaveAttribute('role', 'alert');
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await expect(form).toBeVisible();
  // An empty number field is an error too, never a silent 0 or NaN.
  await field.fill('');
  await form.getByTestId('trigger-submit').click();
  await expect(form.getByTestId('trigger-errors')).toContainText('Param "corrupt_rows" needs a number.');
  await expect(page.getByTestId('dag-card-ml_producer')).toContainText('no runs yet');

  await field.fill('50');
  await form.getByTestId('trigger-submit').click();
  await expect(form).toBeHidden();

  const graph = page.getByTestId('dag-graph');
  await expect(graph.getByTestId('graph-node-quarantine_data')).toHaveAttribute('data-state', 'success');
  await expect(graph.getByTestId('graph-node-featurize')).toHaveAttribute('data-state', 'skipped');
  await expect(page.getByTestId('dag-last-run-ml_producer')).toHaveAttribute('data-state', 'success');

  // quarantine_data's on_success_callback shows as a warning toast, and stays in the notification log.
  const toast = page.getByTestId('toast').filter({ hasText: 'quarantined' });
  await expect(toast).toBeVisible();
  await expect(toast).toHaveAttribute('data-level', 'warning');
  await expect(toast).toHaveAttribute('role', 'status');
  await expect(page.getByTestId('notifications-unread')).toBeVisible();

  // No built_features event: the consumer was not triggered.
  await expect(page.getByTestId('dag-card-ml_consumer')).toContainText('no runs yet');

  await page.getByTestId('tab-notifications').click();
  await expect(page).toHaveURL(/#\/notifications$/);
  const log = page.getByTestId('notification-log');
  const entry = log.locator('tr[data-source="callback"]').filter({ hasText: 'quarantined' });
  await expect(entry).toHaveCount(1);
  await expect(entry).toContainText('warning');
  await expect(entry).toContainText('quarantine_data');
  await expect(page.getByTestId('notifications-unread')).toHaveCount(0);

  await toast.getByRole('button', { name: 'Dismiss' }).click();
  await expect(toast).toHaveCount(0);

  // The log's deep link survives a reload (the log itself is per session).
  await page.reload();
  await expect(page.getByTestId('notification-log')).toBeVisible();
  await expect(page.getByTestId('tab-notifications')).toHaveAttribute('aria-current', 'page');
  expect(errors).toEqual([]);
});

test('a paused consumer queues no event; a hand-made event starts it; mark and clear change a finished run', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await ready(page);

  const pause = page.getByTestId('pause-ml_consumer');
  await expect(pause).toHaveAttribute('aria-pressed', 'false');
  await expect(pause).toHaveText('active');
  await pause.click();
  await expect(pause).toHaveAttribute('aria-pressed', 'true');
  await expect(pause).toHaveText('paused');
  await expect(page.getByTestId('dag-card-ml_consumer')).toHaveAttribute('data-paused', 'true');

  await triggerWithParams(page, 'ml_producer', { corrupt_rows: '0' });
  const graph = page.getByTestId('dag-graph');
  await expect(graph.getByTestId('graph-node-featurize')).toHaveAttribute('data-state', 'success');
  await expect(page.getByTestId('dag-last-run-ml_producer')).toHaveAttribute('data-state', 'success');

  await page.getByTestId('tab-datasets').click();
  const condition = page.getByTestId('consumer-condition-ml_consumer');
  await expect(condition).toContainText('built_features');
  await expect(condition).toContainText('paused: events are not queued');
  await expect(page.getByTestId('condition-ml_consumer-built_features')).toHaveAttribute('data-status', 'waiting');
  await expect(page.getByTestId('condition-ml_consumer-built_features')).toContainText('waiting');
  await expect(page.getByTestId('dag-card-ml_consumer')).toContainText('no runs yet');

  // Unpausing replays nothing (Airflow 2.9+): the consumer still has no run.
  await pause.click();
  await expect(pause).toHaveAttribute('aria-pressed', 'false');
  await expect(condition).not.toContainText('paused: events are not queued');
  await expect(page.getByTestId('dag-card-ml_consumer')).toContainText('no runs yet');

  // "Create dataset event" points at the stored built_features version: the consumer starts and succeeds.
  await page.getByTestId('create-event-built_features').click();
  await expect(page.getByTestId('last-trigger')).toContainText('triggered ml_consumer');
  await expect(page.getByTestId('dag-last-run-ml_consumer')).toHaveAttribute('data-state', 'success', { timeout: 90_000 });
  await expect(page.getByTestId('dataset-events')).toContainText('manual');

  // Mark failed on the last task of the finished run: the run follows its leaves and fails.
  await page.getByTestId('open-dag-ml_consumer').click();
  await expect(page.getByTestId('run-summary')).toContainText('triggered by asset');
  const consumerGraph = page.getByTestId('dag-graph');
  await consumerGraph.getByTestId('graph-node-save_predictions').click();
  await expect(page.getByTestId('task-state')).toHaveAttribute('data-state', 'success');
  await expect(page.getByTestId('task-mark-success')).toBeDisabled();
  await page.getByTestId('task-mark-failed').click();
  await expect(page.getByTestId('task-state')).toHaveAttribute('data-state', 'failed');
  await expect(page.getByTestId('task-note')).toContainText('marked failed');
  await expect(page.getByTestId('task-mark-failed')).toBeDisabled();
  await expect(page.getByTestId('run-state')).toHaveAttribute('data-state', 'failed');

  // Clear train with its downstream tasks: all three run again, and the run succeeds.
  await consumerGraph.getByTestId('graph-node-train').click();
  await expect(page.getByTestId('task-tries')).toHaveText('try 1 of 2');
  await expect(page.getByTestId('task-clear-downstream')).toBeChecked();
  await page.getByTestId('task-clear').click();
  await expect(page.getByTestId('run-state')).not.toHaveAttribute('data-state', 'failed');
  for (const id of ['train', 'predict', 'save_predictions']) {
    await expect(consumerGraph.getByTestId(`graph-node-${id}`)).toHaveAttribute('data-state', 'success', { timeout: 90_000 });
  }
  await expect(page.getByTestId('run-state')).toHaveAttribute('data-state', 'success');
  // Clearing gives the task its retries again, as in Airflow: the second try of up to three.
  await expect(page.getByTestId('task-tries')).toHaveText('try 2 of 3');
  expect(errors).toEqual([]);
});

test('a failing task shows its tries, when it retries, and an error toast once it fails for good', async ({ page }) => {
  // No data file: extract fails each try (the request comes from a worker, so the route is on the context).
  await page.context().route('**/california_housing.csv', (route) => route.abort());
  await ready(page);
  await triggerWithParams(page, 'ml_producer');
  await page.getByTestId('dag-graph').getByTestId('graph-node-extract').click();

  await expect(page.getByTestId('task-state')).toHaveAttribute('data-state', 'up_for_retry');
  // The first retry waits 1 s, the second 2 s: a slow page may first see the second.
  await expect(page.getByTestId('task-tries')).toContainText(/try [12] of 3/);
  await expect(page.getByTestId('task-next-retry')).toContainText(/next try at \d\d:\d\d:\d\d\.\d{3}/);
  await expect(page.getByTestId('toast').filter({ hasText: 'retrying' }).first()).toHaveAttribute('data-level', 'warning');

  await expect(page.getByTestId('task-state')).toHaveAttribute('data-state', 'failed');
  await expect(page.getByTestId('task-tries')).toHaveText('try 3 of 3');
  await expect(page.getByTestId('task-next-retry')).toHaveCount(0);
  const failure = page.getByTestId('toast').filter({ hasText: 'failed.' });
  await expect(failure).toHaveAttribute('data-level', 'error');
  await expect(failure).toHaveAttribute('role', 'alert');
});
