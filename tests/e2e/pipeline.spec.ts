import { expect, test, type Page } from '@playwright/test';
import { columnSummaries, latestStoredVersion, storedRuns } from './support/playgroundDb';

/** The newest stored version of a dataset and a summary of its columns, read straight from IndexedDB. */
async function storedColumns(page: Page, datasetId: string) {
  const latest = await latestStoredVersion(page, datasetId);
  if (!latest) return null;
  const summary = (await columnSummaries(page, [latest.id]))[latest.id]!;
  return { versionId: latest.id, ...summary };
}

/** ml_producer declares params, so Trigger opens Airflow's "Trigger DAG w/ config" form; its defaults are fine. */
async function triggerProducer(page: Page) {
  await page.getByTestId('trigger-ml_producer').click();
  await page.getByTestId('trigger-submit').click();
  await expect(page.getByTestId('trigger-form')).toBeHidden();
}

test('the producer run triggers the consumer, which trains, predicts and stores every row', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto('./');
  await expect(page.getByTestId('app-status')).toHaveAttribute('data-status', 'ready');
  await expect(page.getByTestId('dag-schedule-ml_consumer')).toHaveText(/on built_features/);

  await triggerProducer(page);
  const graph = page.getByTestId('dag-graph');
  await expect(graph.getByTestId('graph-node-extract')).toHaveAttribute('data-state', 'success');
  await expect(graph.getByTestId('graph-node-featurize')).toHaveAttribute('data-state', 'success');
  await expect(graph.getByTestId('graph-node-save_raw_data')).toHaveAttribute('data-state', 'success');
  await expect(page.getByTestId('dag-last-run-ml_producer')).toHaveAttribute('data-state', 'success');
  await expect(graph.getByTestId('graph-node-check_data')).toHaveAttribute('data-state', 'success');
  await expect(graph.getByTestId('graph-node-quarantine_data')).toHaveAttribute('data-state', 'skipped');
  // save_raw_data and check_data ran after extract, side by side in two workers: their tries overlap in time.
  const [producer] = await storedRuns(page, 'ml_producer');
  const [extract, raw, check] = ['extract', 'save_raw_data', 'check_data'].map((t) => producer!.tasks[t]!.tries[0]!);
  expect(raw!.startDate!).toBeGreaterThanOrEqual(extract!.endDate!);
  expect(check!.startDate!).toBeGreaterThanOrEqual(extract!.endDate!);
  expect(raw!.startDate!).toBeLessThan(check!.endDate!);
  expect(check!.startDate!).toBeLessThan(raw!.endDate!);

  // Nobody touches the consumer: the dataset event starts it.
  await expect(page.getByTestId('dag-last-run-ml_consumer')).toHaveAttribute('data-state', 'success', {
    timeout: 90_000,
  });
  await page.getByTestId('open-dag-ml_consumer').click();
  await expect(page.getByTestId('run-summary')).toContainText('triggered by asset');
  await expect(page.getByTestId('run-summary')).toContainText('built_features');

  const r2 = Number(await page.getByTestId('metric-r2').textContent());
  expect(r2).toBeGreaterThanOrEqual(0.5);
  expect(r2).toBeLessThan(1);

  // The tfjs linear model comes within 0.01 R² of the closed-form least-squares solution on the same split.
  const [consumer] = await storedRuns(page, 'ml_consumer');
  const trained = (consumer!.tasks.train as unknown as { returnValue: Record<string, number | string> }).returnValue;
  expect(trained).toMatchObject({ kind: 'linear', trainRows: 14_448, validationRows: 3_096, testRows: 3_096 });
  expect(Math.abs((trained.olsTestR2 as number) - (trained.testR2 as number))).toBeLessThanOrEqual(0.01);
  expect(consumer!.tasks.check_drift!.state).toBe('success');

  // Every row: its features in raw units, the actual value, the prediction, the residual and the row's split.
  const predictions = await storedColumns(page, 'housing_predictions');
  expect(predictions).not.toBeNull();
  const features8 = ['MedInc', 'HouseAge', 'AveRooms', 'AveBedrms', 'Population', 'AveOccup', 'Latitude', 'Longitude'];
  expect(predictions!.names).toEqual([...features8, 'MedHouseVal', 'prediction', 'residual', 'split']);
  expect(Object.values(predictions!.lengths)).toEqual(Array(12).fill(20_640));
  expect(predictions!.allFinite).toBe(true);
  const features = await storedColumns(page, 'built_features');
  expect(features!.lengths.MedInc).toBe(20_640);

  // The task log of train streamed to the page and reports the held-out metrics.
  await page.getByTestId('dag-graph').getByTestId('graph-node-train').click();
  await expect(page.getByTestId('task-log')).toContainText('Held-out test');
  await expect(page.getByTestId('task-log')).toContainText('Closed-form OLS reference');
  await expect(page.getByTestId('task-log')).toContainText(/epoch 1\/40 train loss [\d.]+ validation loss [\d.]+/);

  // After a reload, what was stored is still there.
  await page.reload();
  await expect(page.getByTestId('app-status')).toHaveAttribute('data-status', 'ready');
  await page.getByTestId('tab-datasets').click();
  await expect(page.getByTestId('dataset-rows-raw_housing')).toHaveText('20,640');
  await expect(page.getByTestId('dataset-rows-built_features')).toHaveText('20,640');
  await expect(page.getByTestId('dataset-rows-housing_predictions')).toHaveText('20,640');
  await expect(page.getByTestId('dag-last-run-ml_consumer')).toHaveAttribute('data-state', 'success');
  expect(errors).toEqual([]);
});

test('the datasets view shows the lineage and marks the trigger when built_features starts the consumer', async ({ page }) => {
  await page.goto('./#/assets');
  await expect(page.getByTestId('app-status')).toHaveAttribute('data-status', 'ready');
  const lineage = page.getByTestId('lineage-graph');
  for (const id of ['dag:ml_producer', 'dataset:raw_housing', 'dataset:built_features', 'dag:ml_consumer', 'dataset:housing_predictions']) {
    await expect(lineage.getByTestId(`graph-node-${id}`)).toBeVisible();
  }
  await expect(lineage.locator('svg')).toHaveAttribute('data-pulse-count', '0');
  await expect(page.getByTestId('consumer-status-ml_consumer-built_features')).toHaveText(/no pending event/);

  // Triggered from the datasets view, the page stays here to show the event travel.
  await triggerProducer(page);
  await expect(page.getByTestId('last-trigger')).toContainText('built_features');
  await expect(page.getByTestId('last-trigger')).toContainText('triggered ml_consumer');
  await expect(lineage.locator('svg')).toHaveAttribute('data-pulse-count', '1');
  await expect(page).toHaveURL(/#\/assets$/);
  await expect(page.getByTestId('dag-last-run-ml_consumer')).toHaveAttribute('data-state', 'success', { timeout: 90_000 });
  await expect(lineage.getByTestId('graph-node-dataset:housing_predictions')).toContainText('20,640 rows');
  await expect(page.getByTestId('dataset-events')).toContainText('ml_producer.featurize');
});

test('a deep link opens a task of a run with its stored log', async ({ page }) => {
  await page.goto('./');
  await expect(page.getByTestId('app-status')).toHaveAttribute('data-status', 'ready');
  await triggerProducer(page);
  await expect(page.getByTestId('dag-last-run-ml_producer')).toHaveAttribute('data-state', 'success');
  await page.getByTestId('dag-graph').getByTestId('graph-node-extract').click();
  await expect(page).toHaveURL(/#\/dags\/ml_producer\/runs\/manual__.+\/tasks\/extract$/);
  const link = page.url();

  await page.goto('about:blank');
  await page.goto(link);
  await expect(page.getByTestId('task-details')).toContainText('extract');
  await expect(page.getByTestId('task-state')).toHaveAttribute('data-state', 'success');
  await expect(page.getByTestId('task-log')).toContainText('Parsed 20,640 rows × 9 columns.');
});
