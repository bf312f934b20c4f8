import { expect, test, type Page, type Route } from '@playwright/test';

/**
 * Pages other than the first load their code when opened (src/ui/lazyPage.tsx): a skeleton, never a blank, while the
 * chunk is on its way; no skeleton at all once it was preloaded; a chunk that fails to load says so and a reload fixes it.
 */

const MODEL_CHUNK = /\/assets\/ModelPage-[\w-]+\.js$/;

async function ready(page: Page, path = './') {
  await page.goto(path);
  await expect(page.getByTestId('app-status')).toHaveAttribute('data-status', 'ready');
}

/** Records from now on whether a skeleton is ever put in the page, however briefly (a flash a screenshot could miss). */
async function watchForSkeleton(page: Page) {
  await page.evaluate(() => {
    const w = window as unknown as { skeletonSeen: boolean };
    w.skeletonSeen = false;
    new MutationObserver(() => {
      if (document.querySelector('[data-testid="page-loading"]')) w.skeletonSeen = true;
    }).observe(document.body, { subtree: true, childList: true });
  });
}

const skeletonWasSeen = (page: Page) => page.evaluate(() => (window as unknown as { skeletonSeen: boolean }).skeletonSeen);

test('a page whose code is still loading shows its skeleton, then its content', async ({ page }) => {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(MODEL_CHUNK, async (route: Route) => {
    await held;
    await route.continue();
  });
  await ready(page);
  await page.getByTestId('tab-model').click();
  const skeleton = page.getByTestId('page-loading');
  await expect(skeleton).toBeVisible();
  await expect(skeleton).toHaveAttribute('data-page', 'model');
  await expect(page.getByRole('status').filter({ hasText: 'Loading the model page…' })).toBeAttached();
  release();
  await expect(page.getByTestId('model-page')).toBeVisible();
  await expect(skeleton).toHaveCount(0);
});

test('a page preloaded in idle time opens with no skeleton at all', async ({ page }) => {
  const preloaded = page.waitForResponse(/\/assets\/SettingsPage-[\w-]+\.js$/);
  await ready(page);
  await preloaded;
  await watchForSkeleton(page);
  await page.getByTestId('tab-settings').click();
  await expect(page.getByTestId('settings-page')).toBeVisible();
  expect(await skeletonWasSeen(page)).toBe(false);
});

test('a deep link to a lazy page opens it, and a chunk that fails to load says so and a reload fixes it', async ({ page }) => {
  let fail = true;
  await page.route(MODEL_CHUNK, (route) => (fail ? route.abort('internetdisconnected') : route.continue()));
  await ready(page, './#/model');
  await expect(page.getByTestId('page-load-error')).toContainText('The model page could not be loaded');
  fail = false;
  await page.getByTestId('page-load-error').getByRole('button', { name: 'Reload the page' }).click();
  await expect(page.getByTestId('model-page')).toBeVisible();
  await expect(page).toHaveURL(/#\/model$/);
});

test('the trigger form, out of the entry chunk, opens once its code is there: never a skeleton in its place', async ({ page }) => {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(/\/assets\/TriggerForm-[\w-]+\.js$/, async (route: Route) => {
    await held;
    await route.continue();
  });
  await ready(page);
  await watchForSkeleton(page);
  await page.getByTestId('trigger-ml_producer').click();
  // The chunk is held back: nothing opens yet, and nothing stands in for the dialog.
  await page.waitForTimeout(300);
  await expect(page.getByTestId('trigger-form')).toHaveCount(0);
  release();
  await expect(page.getByTestId('trigger-submit')).toBeVisible();
  expect(await skeletonWasSeen(page)).toBe(false);
  await page.getByTestId('trigger-submit').click();
  await expect(page.getByTestId('dag-last-run-ml_producer')).toHaveAttribute('data-state', /queued|running|success/);
});

/**
 * The other pages' chunks load after a run, not during it (src/app/idleWithoutRun.ts): each is evaluated in one
 * main-thread task when it arrives, which in a run fell between its frames. Each chunk is held back 700 ms here, so
 * preloading one after the other would still be under way when the run starts whenever it began before it.
 */
test('the other pages load their code once no run is going, never during one', async ({ page }) => {
  test.setTimeout(120_000);
  const PAGE_CHUNK = /\/assets\/(DagsPage|DatasetsView|ModelPage|NotificationLog|SettingsPage|LessonsGallery)-[\w-]+\.js$/;
  const requested: { url: string; at: number }[] = [];
  await page.route(PAGE_CHUNK, async (route) => {
    requested.push({ url: route.request().url(), at: Date.now() });
    await new Promise((resolve) => setTimeout(resolve, 700));
    await route.continue();
  });
  await ready(page, './#/dags/ml_producer');
  await page.getByTestId('trigger-ml_producer').click();
  await page.getByTestId('trigger-submit').click();
  // From when the page shows the run: a preload whose idle period came just before the run was created may still be
  // on its way to this handler (the chunks are asked for one after the other, so the next would fall in the run).
  await expect(page.getByTestId('dag-last-run-ml_producer')).toHaveAttribute('data-state', /queued|running/);
  const runFrom = Date.now();
  await expect(page.getByTestId('dag-last-run-ml_producer')).toHaveAttribute('data-state', 'success', { timeout: 60_000 });
  await expect(page.getByTestId('dag-last-run-ml_consumer')).toHaveAttribute('data-state', 'success', { timeout: 60_000 });
  const runTo = Date.now();
  const duringRun = requested.filter((r) => r.at >= runFrom && r.at <= runTo).map((r) => r.url.split('/').pop());
  expect(duringRun, `page chunks asked for during the run (${runTo - runFrom} ms)`).toEqual([]);
  // And once the run is over, the pages do load ahead: Settings then opens with no skeleton.
  await page.waitForResponse(/\/assets\/SettingsPage-[\w-]+\.js$/, { timeout: 30_000 });
  await watchForSkeleton(page);
  await page.getByTestId('tab-settings').click();
  await expect(page.getByTestId('settings-page')).toBeVisible();
  expect(await skeletonWasSeen(page)).toBe(false);
});
