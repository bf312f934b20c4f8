import { expect, test, type Page } from '@playwright/test';

/**
 * Issue 12 point 3 in the built site: an upload of a few dozen rows that a line fits exactly trains a model that fits
 * it (a plain success), and a model that ends much worse than the closed-form reference is called out as a warning —
 * in a toast, in the run's own notification, on the DAG view's metrics panel and on the Model page.
 */

/** 60 rows of two features and a target exactly 2a + b + 0.5 (deterministic values, 3 decimals). */
function exactLineCsv(rows: number): string {
  const lines = ['a,b,y'];
  for (let i = 0; i < rows; i++) {
    const a = ((i * 37) % 100) / 10;
    const b = ((i * 53 + 11) % 100) / 10;
    lines.push(`${a},${b},${(2 * a + b + 0.5).toFixed(3)}`);
  }
  return `${lines.join('\n')}\n`;
}

async function ready(page: Page, path: string) {
  await page.goto(path);
  await expect(page.getByTestId('app-status')).toHaveAttribute('data-status', 'ready');
}

test('a few dozen rows of an exact line give a model that fits; a model far worse than the reference is a warning', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await ready(page, './#/datasets');
  const panel = page.getByTestId('upload-panel');
  await panel.getByTestId('upload-file-input').setInputFiles({ name: 'line.csv', mimeType: 'text/csv', buffer: Buffer.from(exactLineCsv(60)) });
  await expect(panel.getByTestId('upload-role-y')).toHaveValue('target');
  await panel.getByTestId('upload-import').click();
  await expect(panel.getByTestId('upload-result')).toContainText('60 rows stored as uploaded_csv@');
  await expect(page.getByTestId('dag-last-run-ml_consumer')).toHaveAttribute('data-state', 'success', { timeout: 90_000 });

  // It fits: R² 1.000 on the held-out rows, and nothing to warn about.
  await page.getByTestId('open-dag-ml_consumer').click();
  await expect(page.getByTestId('metric-r2')).toHaveText(/^(1\.000|0\.99\d)$/);
  await expect(page.getByTestId('metric-warning')).toHaveCount(0);
  await expect(page.locator('[data-testid="toast"][data-level="warning"]')).toHaveCount(0);

  // One epoch of tiny steps: the model barely leaves zero and ends far below the reference.
  await page.getByTestId('trigger-ml_consumer').click();
  await page.getByTestId('param-epochs').fill('1');
  await page.getByTestId('param-learning_rate').fill('0.0001');
  await page.getByTestId('trigger-submit').click();
  const warnings = page.locator('[data-testid="toast"][data-level="warning"]');
  await expect(warnings.filter({ hasText: 'much worse than a straight line' }).first()).toBeVisible({ timeout: 90_000 });
  await expect(page.getByTestId('dag-last-run-ml_consumer')).toHaveAttribute('data-state', 'success');
  await expect(page.getByTestId('metric-warning')).toContainText('much worse than a straight line: test R²');

  await page.getByTestId('open-model-page').click();
  await expect(page.getByTestId('model-ols-gap')).toHaveAttribute('data-status', 'much_worse');
  await expect(page.getByTestId('model-ols-gap')).toContainText('much worse than a straight line');

  // The run's own success notification says so too, instead of a plain "New model trained".
  await page.getByTestId('tab-notifications').click();
  await expect(page.getByTestId('notification-log')).toContainText(
    'New model trained and predictions saved (run dataset_triggered__', // the first run: plain
  );
  await expect(page.getByTestId('notification-log')).toContainText('predictions saved (run manual__');
  await expect(page.getByTestId('notification-log')).toContainText('But: The linear model is much worse than a straight line');
  expect(errors).toEqual([]);
});
