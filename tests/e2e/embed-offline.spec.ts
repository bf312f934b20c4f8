import { expect, test } from '@playwright/test';
import { precacheManifest } from '../../src/build/precacheManifest';
import { startPlainStaticServer } from './support/plainStaticServer';

// Issue 15 point 3: an embed served from a sub-path by a plain static server, then with the network gone (the service
// worker serves it), runs the housing lesson and shows the model's held-out metrics; nothing leaves /demo/.
test.use({ serviceWorkers: 'allow', viewport: { width: 800, height: 500 } });

test('an embed from /demo/ works offline after one visit and shows the housing metrics', async ({ page, context }) => {
  test.setTimeout(120_000);
  const server = await startPlainStaticServer('dist', '/demo/');
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  try {
    const embedUrl = `${server.url}?embed=1&id=offline&lesson=producer-consumer&hide=editor`;
    await page.goto(embedUrl);
    await expect(page.getByTestId('embed-root')).toHaveAttribute('data-status', 'ready');
    // "Open in Pipeline Playground" stays under the sub-path and opens the lesson's file in the full app.
    expect(await page.getByTestId('embed-open').getAttribute('href')).toBe(`${server.url}#/editor/producer-consumer.ts`);
    const version = precacheManifest('dist').version;
    await expect
      .poll(() => page.evaluate(async (name) => Boolean(navigator.serviceWorker.controller) && (await caches.has(name)), `pipeline-playground-precache-${version}`), {
        timeout: 60_000,
      })
      .toBe(true);
    await context.setOffline(true);
    await server.close();
    await page.reload();
    await expect(page.getByTestId('embed-root')).toHaveAttribute('data-status', 'ready');
    // Nothing ran on load, even the second time.
    await expect(page.getByTestId('embed-run-state')).toHaveAttribute('data-state', 'none');
    await page.getByTestId('embed-run').click();
    await expect(page.getByTestId('embed-root')).toHaveAttribute('data-running', 'false', { timeout: 90_000 });
    await expect(page.getByTestId('embed-run-state')).toHaveAttribute('data-state', 'success');
    const r2 = Number(await page.getByTestId('embed-metric-r2').textContent());
    expect(r2).toBeGreaterThan(0.5);
    await expect(page.getByTestId('embed-metric-rmse')).toHaveText(/^0\.\d{3}$/);
    // The document never scrolls: only panes do.
    expect(await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.scrollHeight])).toEqual([800, 500]);
    expect(server.requests.filter((path) => !path.startsWith('/demo/'))).toEqual([]);
    expect(errors).toEqual([]);
  } finally {
    await context.setOffline(false);
    await server.close();
  }
});
