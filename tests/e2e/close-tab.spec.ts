import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { ML_CONSUMER } from '../../src/pipelines/housing/dags';
import { columnSummaries, readStore, storedRuns, type StoredRun, type StoredVersion } from './support/playgroundDb';

/**
 * Closing the tab is the most ordinary thing a person does (issue 12, point 1). Here the page is closed — not
 * reloaded: `page.close()`, then a new page on the same browser context — while each task of both DAGs is in flight,
 * at the worst moment: its code has run to the end and stored what it makes (a dataset version, a model, a task
 * output), but its success is not recorded yet (the `stall` fault). Every time, the reopened page takes the lost try
 * up without using a retry, nothing the lost try stored becomes visible, and the runs end in success.
 */

interface StoredLog {
  readonly runId: string;
  readonly taskId: string;
  readonly tryNumber: number;
  readonly message: string;
}

interface StoredModel {
  readonly id: string;
  readonly committed?: boolean;
  readonly producedBy: { readonly runId: string; readonly taskId: string; readonly tryNumber: number };
}

const FAST_CONSUMER = {
  version: 1,
  dags: [{ ...ML_CONSUMER, params: { ...ML_CONSUMER.params, epochs: { ...ML_CONSUMER.params!.epochs!, default: 3 } } }],
};

const PRODUCER_TASKS = ['extract', 'save_raw_data', 'check_data', 'featurize'];
const CONSUMER_TASKS = ['check_drift', 'train', 'predict', 'save_predictions'];

async function open(page: Page, query: string) {
  await page.goto(`./${query}`);
  await expect(page.getByTestId('app-status')).toHaveAttribute('data-status', 'ready');
}

/** Every committed version's column fingerprint, by id. */
async function committedHashes(page: Page): Promise<Record<string, string | null>> {
  const ids = (await readStore<StoredVersion>(page, 'datasetVersions')).filter((v) => v.committed !== false).map((v) => v.id);
  const summaries = await columnSummaries(page, ids);
  return Object.fromEntries(ids.map((id) => [id, summaries[id]?.fingerprint ?? null]));
}

async function lastRun(page: Page, dagId: string): Promise<StoredRun | undefined> {
  return (await storedRuns(page, dagId)).at(-1);
}

/** Waits until a task's stalled try has stored its work and said so in its log (in IndexedDB): the worst moment. */
async function waitForStall(page: Page, dagId: string, taskId: string) {
  await expect
    .poll(
      async () => {
        const run = await lastRun(page, dagId);
        if (!run) return false;
        const logs = await readStore<StoredLog>(page, 'logs');
        return logs.some((l) => l.runId === run.id && l.taskId === taskId && l.tryNumber === 1 && l.message.includes('stalls and will not report'));
      },
      { message: `${dagId}.${taskId} try 1 stalled after its work` },
    )
    .toBe(true);
  expect((await lastRun(page, dagId))!.tasks[taskId]!.state).toBe('running');
}

/** Closes the page (its workers die with it) and opens a new one on the same context: a person closing the tab. */
async function closeAndReopen(context: BrowserContext, page: Page, query: string): Promise<Page> {
  await page.close();
  const next = await context.newPage();
  await open(next, query);
  return next;
}

test('closing the tab while each task of both DAGs is in flight loses nothing: lost tries are taken up, one model per train success', async ({
  context,
  page,
}) => {
  test.setTimeout(180_000);
  // The consumer as built in, but training 3 epochs (a dataset-triggered run takes the defaults): train runs three
  // times here, and its length is not what this test is about.
  await open(page, '?speed=instant&backend=cpu#/dags');
  await page.getByTestId('import-file').setInputFiles({ name: 'consumer.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(FAST_CONSUMER)) });
  await expect(page.getByTestId('import-summary')).toContainText('Replaced: ml_consumer');
  // A first, normal producer → consumer run: what it stored must come out of all this byte for byte.
  await open(page, '?speed=instant&backend=cpu&autorun=ml_producer');
  await expect.poll(async () => (await storedRuns(page, 'ml_consumer')).map((r) => r.state)).toEqual(['success']);
  const before = await committedHashes(page);
  const modelsBefore = (await readStore<StoredModel>(page, 'models')).map((m) => m.id);
  expect(Object.keys(before)).toHaveLength(3);
  expect(modelsBefore).toHaveLength(1);

  // Close at every task in turn: the faults stall try 1 of the next task(s); the reopened page runs the lost tries'
  // tasks again (try 2, no fault) and stalls the next ones. save_raw_data and check_data both follow extract: they are
  // in flight together (with one of them stalled, the other would run to its end and the DAG go on without a close).
  const closes: readonly (readonly [string, readonly string[]])[] = [
    ['ml_producer', ['extract']],
    ['ml_producer', ['save_raw_data', 'check_data']],
    ['ml_producer', ['featurize']],
    ['ml_consumer', ['check_drift']],
    ['ml_consumer', ['train']],
    ['ml_consumer', ['predict']],
    ['ml_consumer', ['save_predictions']],
  ];
  const faults = (i: number) => (closes[i]?.[1] ?? []).map((taskId) => `&fault=${taskId}:stall@1`).join('');
  await page.close();
  page = await context.newPage();
  await open(page, `?speed=instant&backend=cpu&autorun=ml_producer${faults(0)}`);
  for (let i = 0; i < closes.length; i++) {
    const [dagId, taskIds] = closes[i]!;
    await test.step(`close while ${dagId} ${taskIds.join(' and ')} in flight`, async () => {
      for (const taskId of taskIds) await waitForStall(page, dagId, taskId);
      page = await closeAndReopen(context, page, `?speed=instant&backend=cpu${faults(i + 1)}`);
    });
  }
  const tasks = closes.flatMap(([dagId, taskIds]) => taskIds.map((taskId) => [dagId, taskId] as const));
  expect(tasks.map(([, taskId]) => taskId)).toEqual([...PRODUCER_TASKS, ...CONSUMER_TASKS]);

  await expect.poll(async () => (await storedRuns(page, 'ml_consumer')).map((r) => r.state)).toEqual(['success', 'success']);
  const producer = (await lastRun(page, 'ml_producer'))!;
  const consumer = (await lastRun(page, 'ml_consumer'))!;
  expect((await storedRuns(page, 'ml_producer')).map((r) => r.state)).toEqual(['success', 'success']);
  for (const [dagId, taskId] of tasks) {
    const ti = (dagId === 'ml_producer' ? producer : consumer).tasks[taskId]!;
    // Try 1 was lost and try 2 took the task up: no retry used (maxTries is one more than the DAG allows).
    expect(ti.tries.map((t) => [t.state, t.lost === true, t.error?.name]), `${dagId}.${taskId}`).toEqual([
      ['failed', true, 'TaskLost'],
      ['success', false, undefined],
    ]);
  }

  // One model per successful train try: the lost try's staged model never became visible, and is gone.
  const models = await readStore<StoredModel>(page, 'models');
  const newModels = models.filter((m) => !modelsBefore.includes(m.id));
  expect(newModels.map((m) => [m.producedBy.runId, m.producedBy.taskId, m.producedBy.tryNumber, m.committed])).toEqual([
    [consumer.id, 'train', 2, true],
  ]);

  // Every version stored before is unchanged; the new ones are exactly those of the tries that succeeded.
  const after = await committedHashes(page);
  for (const [id, hash] of Object.entries(before)) expect(after[id], id).toBe(hash);
  const added = Object.keys(after).filter((id) => !(id in before));
  expect(added.sort()).toEqual(
    [
      `raw_housing@${producer.id}/save_raw_data/2`,
      `built_features@${producer.id}/featurize/2`,
      `housing_predictions@${consumer.id}/save_predictions/2`,
    ].sort(),
  );
  for (const id of added) expect(after[id], id).toMatch(/^20640:\d+:[0-9a-f]{8}$/);
  // Nothing staged is left behind: every stored version is committed.
  expect((await readStore<StoredVersion>(page, 'datasetVersions')).filter((v) => v.committed === false)).toEqual([]);

  // The person sees it: the lost try in the tries table, and the resumed try's log saying why it ran.
  await page.goto(`./#/dags/ml_consumer/runs/${encodeURIComponent(consumer.id)}/tasks/predict`);
  await expect(page.getByTestId('task-try-1')).toContainText('lost');
  await expect(page.getByTestId('task-tries-table')).toContainText('lost: the page was closed or reloaded while try 1 was running');
  await expect(page.getByTestId('task-tries')).toContainText('try 2 of 2');
  await expect(page.getByTestId('task-log')).toContainText('Resumed after try 1 was lost with the page that ran it');
});

test('closing the tab while quarantine_data is in flight: the quarantined version is stored once, by the try that took it up', async ({
  context,
  page,
}) => {
  await open(page, '?speed=instant&backend=cpu&fault=quarantine_data:stall@1#/dags/ml_producer');
  await page.getByTestId('trigger-ml_producer').click();
  await page.getByTestId('param-corrupt_rows').fill('50');
  await page.getByTestId('trigger-submit').click();
  await waitForStall(page, 'ml_producer', 'quarantine_data');
  page = await closeAndReopen(context, page, '?speed=instant&backend=cpu');

  await expect.poll(async () => (await lastRun(page, 'ml_producer'))?.state).toBe('success');
  const run = (await lastRun(page, 'ml_producer'))!;
  expect(run.tasks.quarantine_data!.tries.map((t) => t.lost === true)).toEqual([true, false]);
  expect(run.tasks.featurize!.state).toBe('skipped');
  const versions = await readStore<StoredVersion>(page, 'datasetVersions');
  expect(versions.filter((v) => v.datasetId === 'quarantined_housing').map((v) => [v.id, v.committed])).toEqual([
    [`quarantined_housing@${run.id}/quarantine_data/2`, true],
  ]);
  expect(await storedRuns(page, 'ml_consumer')).toEqual([]);
});
