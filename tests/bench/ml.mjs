// The machine-learning half of `npm run bench` (issue 6): on the built site, per run, the producer → consumer demo with
// the default linear model, then ml_consumer triggered by hand with model=mlp. Figures come from what the tasks
// recorded (train's return value, featurize's try times in IndexedDB), not from the page's text.

/** Metric name → unit and target, for the runner's table. */
export const ML_METRICS = {
  r2_linear: { unit: 'R²', target: '≥ 0.5 held-out, within 0.01 of r2_ols_reference', meets: (v) => v >= 0.5 },
  r2_ols_reference: { unit: 'R²', target: '— (closed-form OLS, same split)', meets: null },
  r2_mlp: { unit: 'R²', target: '≥ 0.78 held-out', meets: (v) => v >= 0.78 },
  train_linear_ms: { unit: 'ms', target: '—', meets: null },
  train_mlp_ms: { unit: 'ms', target: '< 15,000 ms', meets: (v) => v < 15_000 },
  featurize_ms: { unit: 'ms', target: '—', meets: null },
};

/** The train results and featurize times stored so far (read in the page, from the playground's IndexedDB). */
async function storedTries(page) {
  return page.evaluate(async () => {
    const db = await new Promise((resolve, reject) => {
      const request = indexedDB.open('pipeline-playground');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const all = await new Promise((resolve) => {
      const request = db.transaction('taskInstances').objectStore('taskInstances').getAll();
      request.onsuccess = () => resolve(request.result);
    });
    db.close();
    return all
      .filter((ti) => ti.state === 'success' && (ti.taskId === 'train' || ti.taskId === 'featurize'))
      .map((ti) => ({ taskId: ti.taskId, runId: ti.runId, result: ti.returnValue ?? null, ms: ti.endDate - ti.startDate }));
  });
}

async function waitForTrain(page, kind) {
  for (let waited = 0; waited < 120_000; waited += 250) {
    const train = (await storedTries(page)).find((t) => t.taskId === 'train' && t.result?.kind === kind);
    if (train) return train;
    await page.waitForTimeout(250);
  }
  throw new Error(`No ${kind} model was trained within 120 s.`);
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
    const featurize = (await storedTries(page)).find((t) => t.taskId === 'featurize');
    await page.locator('[data-testid="dag-last-run-ml_consumer"][data-state="success"]').waitFor({ timeout: 60_000 });
    await page.getByTestId('trigger-ml_consumer').click();
    await page.getByTestId('param-model').selectOption('mlp');
    await page.getByTestId('trigger-submit').click();
    const mlp = await waitForTrain(page, 'mlp');
    return {
      r2_linear: linear.result.testR2,
      r2_ols_reference: linear.result.olsTestR2,
      r2_mlp: mlp.result.testR2,
      train_linear_ms: linear.result.trainMs,
      train_mlp_ms: mlp.result.trainMs,
      featurize_ms: featurize.ms,
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
    for (const [name, value] of Object.entries(run)) samples[name].push(value);
    console.log(`ml run ${i + 1}/${runs}: ${JSON.stringify(run)}`);
  }
  return samples;
}
