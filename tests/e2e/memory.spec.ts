import { expect, test } from '@playwright/test';

test('where IndexedDB is blocked, the whole pipeline runs in memory and a banner says so', async ({ page }) => {
  // Init scripts do not run in workers: in memory mode the workers must not touch IndexedDB at all.
  await page.addInitScript(() => {
    Object.defineProperty(window, 'indexedDB', {
      configurable: true,
      get() {
        throw new DOMException('IndexedDB is blocked in this test', 'SecurityError');
      },
    });
  });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto('./');
  await expect(page.getByTestId('app-status')).toHaveAttribute('data-status', 'ready');

  const banner = page.getByTestId('memory-banner');
  await expect(banner).toBeVisible();
  await expect(banner).toHaveAttribute('role', 'status');
  await expect(banner).toContainText('in memory only');
  await expect(banner).toContainText('gone when you reload');
  await expect(banner).toContainText('IndexedDB is blocked in this test');
  await expect(page.getByTestId('tab-role')).toHaveAttribute('data-role', 'leader');

  await page.getByTestId('trigger-ml_producer').click();
  await page.getByTestId('trigger-submit').click();
  await expect(page.getByTestId('trigger-form')).toBeHidden();
  await expect(page.getByTestId('dag-last-run-ml_producer')).toHaveAttribute('data-state', 'success');
  await expect(page.getByTestId('dag-last-run-ml_consumer')).toHaveAttribute('data-state', 'success', { timeout: 90_000 });

  await page.getByTestId('open-dag-ml_consumer').click();
  const r2 = Number(await page.getByTestId('metric-r2').textContent());
  expect(r2).toBeGreaterThanOrEqual(0.5);
  expect(r2).toBeLessThan(1);

  await page.getByTestId('tab-datasets').click();
  await expect(page.getByTestId('dataset-rows-built_features')).toHaveText('20,640');
  await expect(page.getByTestId('dataset-rows-housing_predictions')).toHaveText('20,640');
  expect(errors).toEqual([]);
});

test('with IndexedDB available, no memory banner shows', async ({ page }) => {
  await page.goto('./');
  await expect(page.getByTestId('app-status')).toHaveAttribute('data-status', 'ready');
  await expect(page.getByTestId('memory-banner')).toHaveCount(0);
});
