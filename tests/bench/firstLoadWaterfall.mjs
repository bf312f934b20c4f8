// Where a first visit's time goes (issue 16 point 3): one cold load of the built site over the emulated network of
// time_to_ready_ms (or its slow twin), printed as a waterfall on the page's clock (ms after navigation start): the
// HTML, each script's and stylesheet's request (start → first byte → end), the main thread's script compilation and
// evaluation and long tasks (a CDP trace), and the page's own boot measures (`pp:boot:*`, src/main.tsx, src/app/) up
// to `ready`. Usage: node tests/bench/firstLoadWaterfall.mjs [fast|slow] [runs] on an existing build (BENCH_DIST,
// default dist/), served gzip-compressed on PW_PORT (default 4488); MIN_US=1000 lists events from 1 ms (default 2 ms,
// function calls from 5 ms). Diagnostic only: the bench's numbers come from firstLoad.mjs.
import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from '../support/chromium.mjs';
import { pageMeasures, watchReady } from './demoStages.mjs';
import { FIRST_LOAD_METRICS } from './firstLoad.mjs';

const [profile = 'fast', runsArg = '1'] = process.argv.slice(2);
const network = FIRST_LOAD_METRICS[profile === 'slow' ? 'time_to_ready_slow_ms' : 'time_to_ready_ms'].network;
const PORT = Number(process.env.PW_PORT ?? 4488);
const dist = process.env.BENCH_DIST ?? 'dist';
const short = (url) => url.replace(/^https?:\/\/[^/]+\//, '/').replace(/-[\w-]{8}(\.\w+)$/, '$1');
const ms = (v) => String(Math.round(v)).padStart(6);

/** The trace's main-thread events of interest, on the page's clock (trace ts are µs on the monotonic clock). */
function mainThreadEvents(events, navigationStartUs) {
  const out = [];
  for (const e of events) {
    if (e.ph !== 'X' || !e.dur || e.dur < Number(process.env.MIN_US ?? 2_000)) continue;
    const at = (e.ts - navigationStartUs) / 1_000;
    if (e.name === 'EvaluateScript' || e.name === 'v8.evaluateModule' || e.name.startsWith('v8.compile')) out.push({ at, dur: e.dur / 1_000, what: `${e.name} ${short(e.args?.data?.url ?? '')}` });
    else if (e.name === 'FunctionCall' && e.dur >= Number(process.env.MIN_US ?? 5_000)) out.push({ at, dur: e.dur / 1_000, what: `FunctionCall ${short(e.args?.data?.url ?? '')}:${e.args?.data?.functionName ?? ''}` });
    else if (e.name === 'RunTask' && e.dur >= 30_000) out.push({ at, dur: e.dur / 1_000, what: 'long task' });
    else if ((e.name === 'ParseHTML' || e.name === 'Layout' || e.name === 'UpdateLayoutTree' || e.name === 'Paint') && e.dur >= 5_000) out.push({ at, dur: e.dur / 1_000, what: e.name });
  }
  return out;
}

async function oneLoad(browser, url) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, serviceWorkers: 'block' });
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    const bytesPerS = (network.mbitPerS * 1_000_000) / 8;
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: network.rttMs, downloadThroughput: bytesPerS, uploadThroughput: bytesPerS });
    const events = [];
    cdp.on('Tracing.dataCollected', ({ value }) => events.push(...value));
    const traced = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
    await cdp.send('Tracing.start', { categories: 'devtools.timeline,v8.execute,v8,blink.user_timing', transferMode: 'ReportEvents' });
    await watchReady(page);
    await page.goto(url, { waitUntil: 'commit' });
    await page.getByTestId('app-status').and(page.locator('[data-status="ready"]')).waitFor({ timeout: 60_000 });
    const readyAt = await page.evaluate(() => window.__ppReadyAt);
    const resources = await page.evaluate(() => {
      const [nav] = performance.getEntriesByType('navigation');
      const list = performance.getEntriesByType('resource').map((e) => ({
        name: e.name, start: e.startTime, request: e.requestStart, first: e.responseStart, end: e.responseEnd, size: e.transferSize,
      }));
      return [{ name: 'document', start: 0, request: nav.requestStart, first: nav.responseStart, end: nav.responseEnd, size: nav.transferSize }, ...list];
    });
    const measures = await pageMeasures(page);
    await cdp.send('Tracing.end');
    await traced;
    // The navigation's start on the trace clock: the `navigationStart` mark of the main frame.
    const nav = events.find((e) => e.name === 'navigationStart' && e.args?.data?.isLoadingMainFrame && e.args?.data?.documentLoaderURL?.startsWith('http'));
    const thread = nav ? mainThreadEvents(events.filter((e) => e.pid === nav.pid && e.tid === nav.tid), nav.ts) : [];
    return { readyAt, resources, measures, thread };
  } finally {
    await context.close();
  }
}

console.log(`load average before: ${loadavg().map((l) => l.toFixed(2)).join(' ')}; network ${network.label}`);
const server = spawn(process.execPath, ['tests/support/serve.mjs', dist, '--port', String(PORT), '--strict-port', '--gzip'], { stdio: 'pipe' });
await new Promise((resolve) => server.stdout.once('data', resolve));
const browser = await chromium.launch({ executablePath: (await findChromium()).path, args: CHROMIUM_ARGS });
try {
  for (let i = 0; i < Number(runsArg); i++) {
    const { readyAt, resources, measures, thread } = await oneLoad(browser, `http://localhost:${PORT}/`);
    const rows = [
      ...resources.filter((r) => r.start <= readyAt).map((r) => ({ at: r.start, text: `net   ${ms(r.request)} ${ms(r.first)} ${ms(r.end)}  ${String(Math.round(r.size / 102.4) / 10).padStart(6)} kB  ${short(r.name)}` })),
      ...thread.filter((t) => t.at <= readyAt).map((t) => ({ at: t.at, text: `main  ${ms(t.at)} +${Math.round(t.dur)} ms  ${t.what}` })),
      ...measures.map((m) => ({ at: m.start, text: `boot  ${ms(m.start)} +${Math.round(m.duration)} ms  ${m.name.slice(8)}` })),
    ].sort((a, b) => a.at - b.at);
    console.log(`\nrun ${i + 1}: ready at ${Math.round(readyAt)} ms (net rows: queued-at request first-byte end)`);
    for (const row of rows) console.log(`${ms(row.at)}  ${row.text}`);
  }
} finally {
  await browser.close();
  server.kill();
  console.log(`load average after: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
}
