// embed_ready_ms (issue 15 point 7): a host page inserts an embedded playground (<iframe src="…?embed=1&id=…">) and
// the clock runs from the insertion to the embed's pp:ready message (booted: storage opened, scheduler up). "Cold but
// cached": the site's files are in the HTTP cache and the service worker's (one visit before), but each sample is a
// new embed id, so a new, empty database. Reported beside app_ready_ms: the full app in the same state, from the
// navigation's start to `app-status` = ready.

/** The host page, served same-origin beside the site by a route: no file is added to the build. */
const HOST_HTML = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>embed bench host</title></head><body>
<script>
window.embedOnce = (id) => new Promise((resolve) => {
  const frame = document.createElement('iframe');
  const started = performance.now();
  const onMessage = (event) => {
    if (event.source !== frame.contentWindow || event.data?.type !== 'pp:ready') return;
    window.removeEventListener('message', onMessage);
    const ms = performance.now() - started;
    frame.remove();
    resolve(ms);
  };
  window.addEventListener('message', onMessage);
  frame.width = '800';
  frame.height = '500';
  frame.src = './?embed=1&id=' + id + '&lesson=producer-consumer';
  document.body.append(frame);
});
</script></body></html>`;

export async function runEmbedReadyBench(browser, baseUrl, runs = 5) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  await context.route(`${baseUrl}bench-embed-host.html`, (route) => route.fulfill({ status: 200, contentType: 'text/html', body: HOST_HTML }));
  const samples = { embed_ready_ms: [], app_ready_ms: [] };
  try {
    // One visit first: the HTTP cache and the service worker's cache fill.
    const warm = await context.newPage();
    await warm.goto(baseUrl);
    await warm.getByTestId('app-status').and(warm.locator('[data-status="ready"]')).waitFor({ timeout: 60_000 });
    await warm.evaluate(async () => navigator.serviceWorker && (await navigator.serviceWorker.ready));
    await warm.close();

    const host = await context.newPage();
    await host.goto(`${baseUrl}bench-embed-host.html`);
    await host.evaluate(() => window.embedOnce('bench-warm'));
    for (let i = 0; i < runs; i++) samples.embed_ready_ms.push(await host.evaluate((id) => window.embedOnce(id), `bench-${i}`));
    await host.close();

    for (let i = 0; i < runs; i++) {
      const page = await context.newPage();
      await page.goto(baseUrl);
      await page.waitForFunction(() => document.querySelector('[data-testid="app-status"]')?.getAttribute('data-status') === 'ready', null, {
        polling: 'raf',
        timeout: 60_000,
      });
      samples.app_ready_ms.push(await page.evaluate(() => performance.now()));
      await page.close();
    }
  } finally {
    await context.close();
  }
  return samples;
}

export const EMBED_METRICS = { embed_ready_ms: { unit: 'ms' }, app_ready_ms: { unit: 'ms' } };
