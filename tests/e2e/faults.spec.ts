import { expect, test, type Page, type Worker } from '@playwright/test';
import { columnSummaries, latestStoredVersion, readStore, storedRuns, type StoredRun } from './support/playgroundDb';

/**
 * Faults injected through the URL (`?fault=task:kind@tries`, see src/runtime/workers/faults.ts) in real Chromium workers.
 * Each test first completes one normal producer → consumer run and fingerprints the dataset versions it stored, then
 * plays its fault, then checks the outcome and that those versions are still whole, byte for byte.
 */

async function latestRun(page: Page, dagId: string): Promise<StoredRun> {
  const runs = await storedRuns(page, dagId);
  expect(runs.length).toBeGreaterThan(0);
  return runs[runs.length - 1]!;
}

/** The id of the newest stored version of a dataset. */
async function latestVersion(page: Page, datasetId: string): Promise<string> {
  const latest = await latestStoredVersion(page, datasetId);
  expect(latest, `a stored version of ${datasetId}`).toBeDefined();
  return latest!.id;
}

/** Each version's column fingerprint (row count, column count, FNV-1a over every byte); null once not stored. */
async function columnHashes(page: Page, versionIds: readonly string[]): Promise<Record<string, string | null>> {
  const summaries = await columnSummaries(page, versionIds);
  return Object.fromEntries(versionIds.map((id) => [id, summaries[id]?.fingerprint ?? null]));
}

async function ready(page: Page, path: string) {
  await page.goto(path);
  await expect(page.getByTestId('app-status')).toHaveAttribute('data-status', 'ready');
}

/** ml_producer declares params, so Trigger opens the params form; its defaults are fine. */
async function triggerProducer(page: Page) {
  await page.getByTestId('trigger-ml_producer').click();
  await page.getByTestId('trigger-submit').click();
  await expect(page.getByTestId('trigger-form')).toBeHidden();
}

async function runStates(page: Page, dagId: string): Promise<string[]> {
  return (await storedRuns(page, dagId)).map((r) => r.state);
}

/**
 * One normal producer run and the consumer run it triggers, both finished and stored; returns the fingerprints of the
 * raw_housing and built_features versions they stored.
 */
async function completeNormalRun(page: Page): Promise<Record<string, string | null>> {
  await ready(page, './');
  await triggerProducer(page);
  await expect.poll(() => runStates(page, 'ml_producer')).toEqual(['success']);
  await expect.poll(() => runStates(page, 'ml_consumer')).toEqual(['success']);
  const versions = [await latestVersion(page, 'raw_housing'), await latestVersion(page, 'built_features')];
  const hashes = await columnHashes(page, versions);
  for (const id of versions) expect(hashes[id], id).toMatch(/^20640:\d+:[0-9a-f]{8}$/);
  return hashes;
}

/** The versions fingerprinted before the fault are all still stored, unchanged. */
async function expectIntact(page: Page, before: Record<string, string | null>) {
  expect(await columnHashes(page, Object.keys(before))).toEqual(before);
}

/**
 * Task workers the page starts from now on, and which of them were terminated. Call it before the page is loaded: the
 * pool starts its workers as soon as the page is idle, which on a quiet machine is before a test gets to look.
 */
function trackWorkers(page: Page) {
  const started: Worker[] = [];
  const closed = new Set<Worker>();
  page.on('worker', (worker) => {
    if (!/task\.worker/.test(worker.url())) return;
    started.push(worker);
    worker.on('close', () => closed.add(worker));
  });
  return { started, closed };
}

const graphNode = (page: Page, taskId: string) => page.getByTestId('dag-graph').getByTestId(`graph-node-${taskId}`);

async function openTask(page: Page, taskId: string) {
  await graphNode(page, taskId).click();
  await expect(page.getByTestId('task-details')).toContainText(taskId);
}

test('throw: extract try 1 fails with InjectedFault, try 2 succeeds, the consumer runs, nothing stored is lost', async ({ page }) => {
  const before = await completeNormalRun(page);
  await ready(page, './?fault=extract:throw@1');
  await expect(page.getByTestId('active-faults')).toContainText('extract:throw@1');
  await triggerProducer(page);

  await openTask(page, 'extract');
  await expect(page.getByTestId('task-error')).toContainText('InjectedFault: Injected fault: "extract" try 1');
  await expect(page.getByTestId('run-state')).toHaveAttribute('data-state', 'success');
  await expect(page.getByTestId('task-tries')).toContainText('try 2 of 3');
  // extract's on_retry callback told the person.
  await expect(page.getByTestId('toast').filter({ hasText: 'extract failed' }).first()).toContainText('retrying');

  const run = await latestRun(page, 'ml_producer');
  expect(run.state).toBe('success');
  const extract = run.tasks.extract!;
  expect(extract.tries.map((t) => t.state)).toEqual(['failed', 'success']);
  expect(extract.tries[0]!.error).toMatchObject({ name: 'InjectedFault' });
  // The retry's new data reached the consumer, which trained again.
  await expect.poll(() => runStates(page, 'ml_consumer')).toEqual(['success', 'success']);
  const fresh = await latestVersion(page, 'built_features');
  expect(Object.keys(before)).not.toContain(fresh);
  expect((await columnHashes(page, [fresh]))[fresh]).toMatch(/^20640:/);
  await expectIntact(page, before);
});

test('hang: extract try 1 times out as AirflowTaskTimeout, its worker is terminated, the retry succeeds on a fresh one', async ({ page }) => {
  const before = await completeNormalRun(page);
  const workers = trackWorkers(page);
  await ready(page, './?fault=extract:hang@1');
  await triggerProducer(page);

  await openTask(page, 'extract');
  await expect(page.getByTestId('task-state')).toHaveAttribute('data-state', 'running');
  expect(workers.closed.size).toBe(0);
  // The point of this test is the wait: extract's execution timeout is 10 s.
  await expect(page.getByTestId('task-error')).toContainText('AirflowTaskTimeout', { timeout: 20_000 });
  await expect(page.getByTestId('task-error')).toContainText('execution timeout of 10000 ms');
  // The worker that ran the stuck try is gone; the retry ran on a worker started after it.
  await expect.poll(() => workers.closed.has(workers.started[0]!)).toBe(true);
  await expect(page.getByTestId('run-state')).toHaveAttribute('data-state', 'success');
  expect(workers.started.length).toBeGreaterThanOrEqual(2);
  expect(workers.closed.size).toBe(1);

  const extract = (await latestRun(page, 'ml_producer')).tasks.extract!;
  expect(extract.tries.map((t) => t.state)).toEqual(['failed', 'success']);
  expect(extract.tries[0]!.error).toMatchObject({ name: 'AirflowTaskTimeout' });
  expect(extract.tries[0]!.endDate! - extract.tries[0]!.startDate!).toBeGreaterThanOrEqual(9_900);
  await expect.poll(() => runStates(page, 'ml_consumer')).toEqual(['success', 'success']);
  await expectIntact(page, before);
});

test('crash: featurize dies with WorkerCrashed, the pool replaces the worker, and the retry succeeds', async ({ page }) => {
  const before = await completeNormalRun(page);
  const workers = trackWorkers(page);
  await ready(page, './?fault=featurize:crash@1');
  await triggerProducer(page);

  // featurize has one retry: the crash fails try 1, try 2 (no fault) runs on a replacement worker.
  await expect(page.getByTestId('run-state')).toHaveAttribute('data-state', 'success');
  await expect.poll(() => workers.closed.size).toBe(1);
  const run = await latestRun(page, 'ml_producer');
  expect(run.tasks.featurize!.tries.map((t) => t.state)).toEqual(['failed', 'success']);
  expect(run.tasks.featurize!.tries[0]!.error).toMatchObject({ name: 'WorkerCrashed' });
  expect(run.tasks.featurize!.tries[0]!.error!.message).toContain('Injected worker crash');
  expect(run.tasks.extract!.tries).toHaveLength(1);
  await expect.poll(() => runStates(page, 'ml_consumer')).toEqual(['success', 'success']);
  expect(workers.closed.size).toBe(1);
  await expectIntact(page, before);
});

test('reload mid-run: the lost try is taken up without using a retry, the run completes, finished tasks are not run again', async ({ page }) => {
  const before = await completeNormalRun(page);
  await ready(page, './?fault=featurize:hang@1');
  await triggerProducer(page);
  await expect(graphNode(page, 'featurize')).toHaveAttribute('data-state', 'running');
  await expect(graphNode(page, 'save_raw_data')).toHaveAttribute('data-state', 'success');
  // Wait until storage knows the try is in flight (writes are batched per task turn).
  await expect.poll(async () => (await latestRun(page, 'ml_producer')).tasks.featurize?.state).toBe('running');
  const inFlight = await latestRun(page, 'ml_producer');
  const rawVersion = inFlight.tasks.save_raw_data!.outputs[0]!.versionId;
  const rawHash = await columnHashes(page, [rawVersion]);
  expect(rawHash[rawVersion]).toMatch(/^20640:/);

  // Reload without the fault, straight onto the run.
  await ready(page, `./#/dags/ml_producer/runs/${encodeURIComponent(inFlight.id)}`);
  await expect(page.getByTestId('active-faults')).toBeHidden();
  // featurize's new try (at once: no retry delay) finishes the run, and its built_features event starts the consumer.
  await expect(page.getByTestId('run-state')).toHaveAttribute('data-state', 'success');

  const run = await latestRun(page, 'ml_producer');
  expect(run.id).toBe(inFlight.id);
  expect(run.state).toBe('success');
  expect(run.tasks.featurize!.tries.map((t) => t.state)).toEqual(['failed', 'success']);
  expect(run.tasks.featurize!.tries[0]!).toMatchObject({ lost: true, error: { name: 'TaskLost' } });
  expect(run.tasks.featurize!.tries[1]!.lost).toBeUndefined();
  for (const taskId of ['extract', 'save_raw_data', 'check_data']) {
    expect(run.tasks[taskId]!.state, taskId).toBe('success');
    expect(run.tasks[taskId]!.tries, taskId).toHaveLength(1);
  }
  expect(await columnHashes(page, [rawVersion])).toEqual(rawHash);
  await expect.poll(() => runStates(page, 'ml_consumer')).toEqual(['success', 'success']);
  await expectIntact(page, before);
});

test('mark run failed while extract hangs: the try is stopped, the run ends failed, pending tasks are skipped', async ({ page }) => {
  const before = await completeNormalRun(page);
  const workers = trackWorkers(page);
  await ready(page, './?fault=extract:hang@1');
  await triggerProducer(page);
  await expect(graphNode(page, 'extract')).toHaveAttribute('data-state', 'running');
  await expect(page.getByTestId('run-mark-success')).toBeVisible();

  // A confirmation first; Cancel changes nothing.
  await page.getByTestId('run-mark-failed').click();
  await expect(page.getByTestId('run-mark-question')).toContainText('Stop this run?');
  await page.getByTestId('run-mark-cancel').click();
  await expect(page.getByTestId('run-state')).toHaveAttribute('data-state', 'running');
  await page.getByTestId('run-mark-failed').click();
  await page.getByTestId('run-mark-confirm').click();

  await expect(page.getByTestId('run-state')).toHaveAttribute('data-state', 'failed');
  await expect(graphNode(page, 'extract')).toHaveAttribute('data-state', 'failed');
  for (const taskId of ['save_raw_data', 'check_data', 'featurize', 'quarantine_data']) {
    await expect(graphNode(page, taskId)).toHaveAttribute('data-state', 'skipped');
  }
  await expect(page.getByTestId('run-mark-failed')).toBeHidden();
  // The hanging try's worker was terminated.
  await expect.poll(() => workers.closed.size).toBe(1);

  await expect.poll(async () => (await latestRun(page, 'ml_producer')).state).toBe('failed');
  const run = await latestRun(page, 'ml_producer');
  expect(run.tasks.extract).toMatchObject({ state: 'failed', note: 'run marked failed' });
  expect(run.tasks.extract!.tries.map((t) => t.state)).toEqual(['failed']);
  for (const taskId of ['save_raw_data', 'check_data', 'featurize', 'quarantine_data']) {
    expect(run.tasks[taskId], taskId).toMatchObject({ state: 'skipped', tries: [] });
  }
  expect(await runStates(page, 'ml_consumer')).toEqual(['success']);
  await expectIntact(page, before);
});

test('quota exceeded: save_raw_data cannot store its version, fails with a clear message, and what was stored stays whole', async ({ page }) => {
  const before = await completeNormalRun(page);
  const rawBefore = await latestVersion(page, 'raw_housing');
  await ready(page, './?fault=save_raw_data:quota@1');
  await triggerProducer(page);

  // save_raw_data is a leaf without retries: it fails, and with it the run; check_data → featurize go on.
  await expect(page.getByTestId('run-state')).toHaveAttribute('data-state', 'failed');
  await openTask(page, 'save_raw_data');
  await expect(page.getByTestId('task-error')).toContainText('Browser storage is full');
  const run = await latestRun(page, 'ml_producer');
  expect(run.tasks.save_raw_data!.state).toBe('failed');
  expect(run.tasks.featurize!.state).toBe('success');
  // No half-written raw_housing version: the newest one is still the one from before, byte for byte.
  expect(await latestVersion(page, 'raw_housing')).toBe(rawBefore);
  const stored = await readStore<{ id: string; datasetId: string }>(page, 'datasetVersions');
  expect(stored.filter((v) => v.datasetId === 'raw_housing').map((v) => v.id)).toEqual([rawBefore]);
  await expect.poll(() => runStates(page, 'ml_consumer')).toEqual(['success', 'success']);
  await expectIntact(page, before);
});

test('a malformed fault in the URL is reported in a banner, not ignored', async ({ page }) => {
  await ready(page, './?fault=extract:explode&fault=extrct:throw@1&fault=featurize:hang@0');
  const banner = page.getByTestId('settings-errors');
  await expect(banner).toContainText('Invalid fault "extract:explode": unknown kind "explode"');
  await expect(banner).toContainText('Invalid fault "extrct:throw@1": no DAG has a task "extrct"');
  await expect(banner).toContainText('Invalid fault "featurize:hang@0": "0" is not a try number');
  await expect(page.getByTestId('active-faults')).toBeHidden();
});
