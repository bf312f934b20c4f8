// Where the demo's time goes (issue 16 point 1): one cold run of the producer → consumer demo, broken down by stage.
// Sources, all on one time axis (the page's performance.now()):
//  - the page: navigation → `app-status` ready (a MutationObserver installed before the page's own scripts), the
//    Trigger submit, the consumer's success;
//  - IndexedDB: each try's queued / start / end times (the coordinator's clock is timeOrigin + performance.now());
//  - every task worker's own timeline (Playwright reads it): its start (timeOrigin), the User Timing measures the
//    runtime leaves (`pp:<task>:code`, `pp:<task>:<storage call>`, `pp:<task>:<read>(kept)` for a read the worker's
//    own copy answered (runtime/workers/outputCache.ts), `pp:<task>:run`, `pp:tfjs:<backend>`,
//    `pp:warm-up:<step>` (src/pipelines/registry.ts housingWarmUp), `pp:extract:parse`, see
//    src/runtime/stageMarks.ts) and Resource Timing for the chunks, wasm and CSV it fetched.

import { storedTaskInstances } from './storedTaskInstances.mjs';

/** Installs the ready watch; call before page.goto. */
export async function watchReady(page) {
  await page.addInitScript(() => {
    const w = window;
    const check = () => {
      if (w.__ppReadyAt === undefined && document.querySelector('[data-testid="app-status"][data-status="ready"]')) {
        w.__ppReadyAt = performance.now();
      }
    };
    new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-status'] });
  });
}

async function storedTries(page) {
  return (await storedTaskInstances(page)).map((ti) => ({ runId: ti.runId, taskId: ti.taskId, tries: ti.tries }));
}

/** The page's own `pp:` measures (boot steps: src/main.tsx, src/app/boot.ts). */
export function pageMeasures(page) {
  return page.evaluate(() =>
    performance
      .getEntriesByType('measure')
      .filter((e) => e.name.startsWith('pp:'))
      .map((e) => ({ name: e.name, start: e.startTime, duration: e.duration })),
  );
}

async function workerTimelines(page) {
  const out = [];
  for (const worker of page.workers()) {
    try {
      out.push(
        await worker.evaluate(() => ({
          url: location.href,
          origin: performance.timeOrigin,
          entries: performance.getEntries().map((e) => ({ name: e.name, type: e.entryType, start: e.startTime, duration: e.duration, size: e.transferSize ?? 0 })),
        })),
      );
    } catch {
      // A worker that ended meanwhile (a replaced one) has nothing to say.
    }
  }
  return out;
}

const shortName = (url) => url.replace(/^.*\/assets\//, '').replace(/^.*\/data\//, 'data/').replace(/-[\w-]{8}(\.\w+)$/, '$1');

/**
 * Reads everything after a demo run on `page` (the consumer has succeeded) and returns
 * { stages: [{stage, start, ms}], totals: {name: ms} } with times relative to the Trigger submit.
 */
export async function collectDemoStages(page, submittedAt) {
  const pageOrigin = await page.evaluate(() => performance.timeOrigin);
  const readyAt = await page.evaluate(() => window.__ppReadyAt ?? null);
  const tries = await storedTries(page);
  const workers = await workerTimelines(page);
  const rel = (epochMs) => epochMs - pageOrigin - submittedAt;
  const stages = [];
  const push = (stage, start, ms, where = '') => stages.push({ stage, start: Math.round(start), ms: Math.round(ms * 10) / 10, where });
  if (readyAt !== null) push('page: navigation → app ready', -submittedAt, readyAt, 'page');
  for (const e of await pageMeasures(page)) push(e.name.slice(3), e.start - submittedAt, e.duration, 'page');
  for (const w of workers) {
    if (!w.url.includes('task.worker')) continue;
    const id = `worker@${Math.round(w.origin - pageOrigin)}`;
    push('worker: created (timeOrigin)', w.origin - pageOrigin - submittedAt, 0, id);
    for (const e of w.entries) {
      const start = w.origin - pageOrigin + e.start - submittedAt;
      if (e.type === 'measure' && e.name.startsWith('pp:')) push(e.name.slice(3), start, e.duration, id);
      else if (e.type === 'resource') push(`fetch ${shortName(e.name)}`, start, e.duration, id);
    }
  }
  const tasks = tries
    .flatMap((ti) => ti.tries.map((t) => ({ ...t, taskId: ti.taskId, runId: ti.runId })))
    .filter((t) => t.startDate !== null && t.endDate !== null)
    .sort((a, b) => a.startDate - b.startDate);
  for (const t of tasks) {
    push(`try ${t.taskId}: queued → started`, rel(t.queuedAt), t.startDate - t.queuedAt, 'coordinator');
    push(`try ${t.taskId}: started → ended`, rel(t.startDate), t.endDate - t.startDate, 'coordinator');
  }
  // A scheduling gap: from the last try to end before a try started (its upstream, in this DAG) to that start.
  for (const t of tasks) {
    const before = tasks.filter((u) => u !== t && u.endDate <= t.startDate).sort((a, b) => b.endDate - a.endDate)[0];
    if (before) push(`gap ${before.taskId} end → ${t.taskId} start`, rel(before.endDate), t.startDate - before.endDate, 'coordinator');
  }
  stages.sort((a, b) => a.start - b.start);
  return stages;
}

/**
 * Per-stage medians over several runs: stage name → median ms (a stage seen in some runs only is kept with the runs it
 * was seen in; the same stage twice in one run, e.g. two workers loading one chunk, is summed).
 */
export function medianStages(runs) {
  const byName = new Map();
  for (const stages of runs) {
    const sums = new Map();
    for (const s of stages) sums.set(s.stage, (sums.get(s.stage) ?? 0) + s.ms);
    for (const [name, ms] of sums) byName.set(name, [...(byName.get(name) ?? []), ms]);
  }
  const firstStart = new Map();
  const firstWhere = new Map();
  for (const s of runs.flat()) {
    if (!firstStart.has(s.stage)) firstStart.set(s.stage, s.start);
    if (!firstWhere.has(s.stage)) firstWhere.set(s.stage, s.where.replace(/@\d+$/, ''));
  }
  return [...byName]
    .map(([stage, values]) => {
      const sorted = [...values].sort((a, b) => a - b);
      return { stage, median: Math.round(sorted[Math.floor((sorted.length - 1) / 2)] * 10) / 10, runs: values.length, start: firstStart.get(stage) ?? null, where: firstWhere.get(stage) ?? '' };
    })
    .sort((a, b) => (a.start ?? 1e12) - (b.start ?? 1e12));
}

/**
 * One e2e_demo_ms run: a cold page in a fresh context, Trigger (Airflow's "Trigger DAG w/ config" form, defaults filled
 * in; the clock starts at its submit) → the consumer's run success; with the held-out R² shown and the run's stages.
 * With `settleMs`, the Trigger comes that long after the page is ready (e2e_demo_settled_ms).
 */
export async function runDemoOnce(browser, url, { settleMs = 0 } = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  try {
    const page = await context.newPage();
    await watchReady(page);
    await page.goto(url);
    await page.getByTestId('app-status').and(page.locator('[data-status="ready"]')).waitFor();
    // e2e_demo_settled_ms: the person reads the page first; the workers' idle-time warm-up has finished by the click.
    if (settleMs > 0) await page.waitForTimeout(settleMs);
    await page.getByTestId('trigger-ml_producer').click();
    const submit = page.getByTestId('trigger-submit');
    await submit.waitFor();
    const submittedAt = await page.evaluate(() => performance.now());
    const started = Date.now();
    await submit.click();
    await page.locator('[data-testid="dag-last-run-ml_consumer"][data-state="success"]').waitFor({ timeout: 120_000 });
    const elapsed = Date.now() - started;
    const r2 = Number(await page.getByTestId('metric-r2').textContent());
    const stages = await collectDemoStages(page, submittedAt);
    return { elapsed, r2, stages };
  } finally {
    await context.close();
  }
}
