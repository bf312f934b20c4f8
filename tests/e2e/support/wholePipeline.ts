import { expect, type Page } from '@playwright/test';

/**
 * The whole housing pipeline from a loaded page: trigger ml_producer with its default params, and wait for the
 * built_features event to start ml_consumer and for that run to succeed; then the held-out R² must be a real fit.
 * Returns the R² shown.
 */
export async function runWholePipeline(page: Page): Promise<number> {
  await expect(page.getByTestId('app-status')).toHaveAttribute('data-status', 'ready');
  await page.getByTestId('trigger-ml_producer').click();
  const form = page.getByTestId('trigger-form');
  await form.getByTestId('trigger-submit').click();
  await expect(form).toBeHidden();
  await expect(page.getByTestId('dag-last-run-ml_producer')).toHaveAttribute('data-state', 'success', { timeout: 90_000 });
  await expect(page.getByTestId('dag-last-run-ml_consumer')).toHaveAttribute('data-state', 'success', { timeout: 90_000 });
  const r2 = Number(await page.getByTestId('metric-r2').textContent());
  expect(r2).toBeGreaterThanOrEqual(0.5);
  expect(r2).toBeLessThan(1);
  return r2;
}
