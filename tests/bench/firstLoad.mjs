// time_to_ready_ms and time_to_ready_slow_ms (issue 16 point 3): a first visit over an emulated network, navigation →
// `app-status` ready. Each run is a fresh browser context (cold HTTP cache, empty IndexedDB) with the service worker
// blocked, so nothing is served from a previous visit; the network is throttled through the Chrome DevTools Protocol
// (Network.emulateNetworkConditions: per-request latency and a shared bandwidth cap). The served files are
// gzip-compressed as by any static host (tests/support/serve.mjs). The time is the page's own performance.now() at
// the moment the ready status appears (a MutationObserver installed before the page's scripts), i.e. measured from
// the navigation's start.
import { pageMeasures, watchReady } from './demoStages.mjs';

export const FIRST_LOAD_METRICS = {
  time_to_ready_ms: { unit: 'ms', network: { label: '10 Mbit/s, 40 ms RTT', mbitPerS: 10, rttMs: 40 } },
  time_to_ready_slow_ms: { unit: 'ms', network: { label: '1.6 Mbit/s, 150 ms RTT', mbitPerS: 1.6, rttMs: 150 } },
};

export async function firstLoad(browser, url, { mbitPerS, rttMs }) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, serviceWorkers: 'block' });
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    const bytesPerS = (mbitPerS * 1_000_000) / 8;
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: rttMs,
      downloadThroughput: bytesPerS,
      uploadThroughput: bytesPerS,
    });
    await watchReady(page);
    await page.goto(url);
    await page.getByTestId('app-status').and(page.locator('[data-status="ready"]')).waitFor({ timeout: 60_000 });
    const readyAt = await page.evaluate(() => window.__ppReadyAt);
    const transferred = await page.evaluate(() =>
      performance.getEntriesByType('resource').reduce((sum, e) => sum + (e.transferSize ?? 0), 0),
    );
    const stages = (await pageMeasures(page)).map((e) => `${e.name.slice(8)} ${Math.round(e.start)}+${Math.round(e.duration)}`);
    return { readyAt, transferred, stages };
  } finally {
    await context.close();
  }
}

/** name → samples (ms), `runs` first visits per network profile. */
export async function runFirstLoadBench(browser, url, runs) {
  const out = {};
  for (const [name, spec] of Object.entries(FIRST_LOAD_METRICS)) {
    out[name] = [];
    for (let i = 0; i < runs; i++) {
      const { readyAt, transferred, stages } = await firstLoad(browser, url, spec.network);
      out[name].push(Math.round(readyAt));
      console.log(`${name} run ${i + 1}/${runs}: ${Math.round(readyAt)} ms (${spec.network.label}, ${Math.round(transferred / 1024)} kB of resources before ready; ${stages.join(', ')})`);
    }
  }
  return out;
}
