import { expect, test } from '@playwright/test';

// URL parameters make the run repeatable (seed, backend, speed) and start it (autorun); data-testids find things.
test('the producer’s asset event starts the consumer, which trains a model with seed 7', async ({ page }) => {
  await page.goto('./?seed=7&backend=wasm&speed=instant&autorun=ml_producer');
  await expect(page.getByTestId('app-status')).toHaveAttribute('data-status', 'ready');
  await expect(page.getByTestId('url-autorun')).toContainText('ml_producer was triggered once');

  // Nobody triggers the consumer: the built_features asset event does.
  await expect(page.getByTestId('dag-last-run-ml_producer')).toHaveAttribute('data-state', 'success', { timeout: 60_000 });
  await expect(page.getByTestId('dag-last-run-ml_consumer')).toHaveAttribute('data-state', 'success', { timeout: 90_000 });
  await page.getByTestId('open-dag-ml_consumer').click();
  await expect(page.getByTestId('run-summary')).toContainText('triggered by asset');

  await page.getByTestId('dag-graph').getByTestId('graph-node-train').click();
  await expect(page.getByTestId('task-state')).toHaveAttribute('data-state', 'success');
  await expect(page.getByTestId('task-log')).toContainText('(seed 7, tfjs wasm');
  await expect(page.getByTestId('task-log')).toContainText('Held-out test');
});

// A fault from the URL fails extract's first try; its retry succeeds and the run still ends well.
test('an injected failure is retried', async ({ page }) => {
  await page.goto('./?fault=extract:throw@1&autorun=1#/dags/ml_producer');
  await expect(page.getByTestId('active-faults')).toContainText('extract:throw@1');
  await expect(page.getByTestId('run-state')).toHaveAttribute('data-state', 'success', { timeout: 60_000 });
  await page.getByTestId('dag-graph').getByTestId('graph-node-extract').click();
  await expect(page.getByTestId('task-tries')).toContainText('try 2 of 3');
  await expect(page.getByTestId('task-error')).toContainText('InjectedFault');
});
