// The machine-learning half of `npm run bench` (issue 6): on the built site, per run, the producer → consumer demo with
// the default linear model, then ml_consumer triggered by hand with model=mlp. Figures come from what the tasks
// recorded (train's return value, featurize's try times in IndexedDB), not from the page's text.

import { storedTaskInstances } from './storedTaskInstances.mjs';

/** Metric name → unit, for the runner's table (targets and descriptions live in anchors.mjs). */
export const ML_METRICS = {
  r2_linear: { unit: 'R²' },
  r2_ols_reference: { unit: 'R²' },
  r2_mlp: { unit: 'R²' },
  train_linear_ms: { unit: 'ms' },
  train_mlp_ms: { unit: 'ms' },
  featurize_ms: { unit: 'ms' },
  featurize_cold_ms: { unit: 'ms' },
  featurize_read_ms: { unit: 'ms' },
  featurize_build_ms: { unit: 'ms' },
  featurize_write_ms: { unit: 'ms' },
  train_linear_load_ms: { unit: 'ms' },
  train_linear_evaluate_ms: { unit: 'ms' },
  train_linear_reference_ms: { unit: 'ms' },
  train_linear_save_ms: { unit: 'ms' },
};

/** The train results and featurize times stored so far (read in the page, from the playground's IndexedDB). */
async function storedTries(page) {
  return (await storedTaskInstances(page))
    .filter((ti) => ti.state === 'success' && (ti.taskId === 'train' || ti.taskId === 'featurize'))
    .map((ti) => ({ taskId: ti.taskId, runId: ti.runId, result: ti.returnValue ?? null, ms: ti.endDate - ti.startDate }));
}

async function waitForTrain(page, kind) {
  for (let waited = 0; waited < 120_000; waited += 250) {
    const train = (await storedTries(page)).find((t) => t.taskId === 'train' && t.result?.kind === kind);
    if (train) return train;
    await page.waitForTimeout(250);
  }
  throw new Error(`No ${kind} model was trained within 120 s.`);
}

/** The `count`-th successful featurize try (in run order), once stored. */
async function waitForFeaturize(page, count) {
  for (let waited = 0; waited < 120_000; waited += 100) {
    const all = (await storedTries(page)).filter((t) => t.taskId === 'featurize').sort((a, b) => a.runId.localeCompare(b.runId));
    if (all.length >= count) return all[count - 1];
    await page.waitForTimeout(100);
  }
  throw new Error(`featurize did not succeed ${count} time(s) within 120 s.`);
}

/** One run on a fresh browser context (fresh IndexedDB): the samples of every ML metric. */
async function mlRun(browser, url) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const page = await context.newPage();
  try {
    await page.goto(url);
    await page.getByTestId('app-status').and(page.locator('[data-status="ready"]')).waitFor();
    await page.getByTestId('trigger-ml_producer').click();
    await page.getByTestId('trigger-submit').click();
    const linear = await waitForTrain(page, 'linear');
    const cold = await waitForFeaturize(page, 1);
    await page.locator('[data-testid="dag-last-run-ml_consumer"][data-state="success"]').waitFor({ timeout: 60_000 });
    await page.getByTestId('trigger-ml_consumer').click();
    await page.getByTestId('param-model').selectOption('mlp');
    await page.getByTestId('trigger-submit').click();
    const mlp = await waitForTrain(page, 'mlp');
    // The mlp run's predict and save_predictions (a 20,640 × 12 write) still run after its train is stored: let them
    // finish, so the warm featurize below is measured alone, not against another run's IndexedDB writes.
    await page.locator('[data-testid="dag-last-run-ml_consumer"][data-state="success"]').waitFor({ timeout: 60_000 });
    // featurize again on a warm worker: the second producer run, its task module already loaded in the pool.
    await page.getByTestId('trigger-ml_producer').click();
    await page.getByTestId('trigger-submit').click();
    const warm = await waitForFeaturize(page, 2);
    const stage = (try_, name) => try_.result?.stageMs?.[name] ?? null;
    return {
      r2_linear: linear.result.testR2,
      r2_ols_reference: linear.result.olsTestR2,
      r2_mlp: mlp.result.testR2,
      train_linear_ms: linear.result.trainMs,
      train_mlp_ms: mlp.result.trainMs,
      featurize_ms: warm.ms,
      featurize_cold_ms: cold.ms,
      featurize_read_ms: stage(warm, 'read'),
      featurize_build_ms: stage(warm, 'build'),
      featurize_write_ms: stage(warm, 'write'),
      train_linear_load_ms: stage(linear, 'load'),
      train_linear_evaluate_ms: stage(linear, 'evaluate'),
      train_linear_reference_ms: stage(linear, 'reference'),
      train_linear_save_ms: stage(linear, 'save'),
    };
  } finally {
    await context.close();
  }
}

/** `runs` runs; returns every sample per metric. */
export async function runMlBench(browser, url, runs) {
  const samples = Object.fromEntries(Object.keys(ML_METRICS).map((name) => [name, []]));
  for (let i = 0; i < runs; i++) {
    const run = await mlRun(browser, url);
    // A figure an older build does not record (no stage times before issue 16) is left out, not counted as 0.
    for (const [name, value] of Object.entries(run)) if (typeof value === 'number') samples[name].push(value);
    console.log(`ml run ${i + 1}/${runs}: ${JSON.stringify(run)}`);
  }
  return samples;
}
