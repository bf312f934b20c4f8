import { expect, test, type Page } from '@playwright/test';
import { press } from './support/keyboard';

// The editor view on the built site: a DAG file typed with the keyboard becomes a graph as it is typed, Save & run
// schedules it (the scheduling tab reads the file itself), its tasks run in the sandbox and log, a broken file changes
// nothing, a reload and a second (mirroring) tab keep the deployed file, and the housing lesson reproduces the
// built-in pipeline. One lean spec: CI's browser suite has a time budget.

/** Typed key by key, one top-level statement a line (so Enter indents nothing). */
const TYPED_DAG = [
  "import { Dag, getContext } from 'apache-airflow-ts-sdk';",
  "const dag = new Dag('typed_dag');",
  "const first = dag.task('first', async () => { console.log('hello from the sandbox'); return 1; });",
  "const second = dag.task('second', async ({ n }: { n: number }) => n + 1);",
  "const third = dag.task('third', async ({ m }: { m: number }) => { getContext().log.info('third got', m); return m * 10; });",
  'third({ m: second({ n: first() }) });',
];

async function ready(page: Page) {
  await expect(page.getByTestId('app-status')).toHaveAttribute('data-status', 'ready');
  await expect(page.getByTestId('editor')).toBeVisible();
}

async function typeLines(page: Page, lines: readonly string[]) {
  for (const [i, line] of lines.entries()) {
    if (i > 0) await page.keyboard.press('Enter');
    await page.keyboard.type(line);
    // A completion list may be open after the last word: Escape closes it (a second Escape would release Tab).
    await page.keyboard.press('Escape');
  }
}

test('a DAG typed with the keyboard is drawn as it is typed, saved and run, logs from the sandbox, and stays after a reload and in a second tab', async ({ page, context }) => {
  await page.goto('./#/editor');
  await ready(page);
  // A first visit opens the housing lesson, with its prose, and draws its two DAGs.
  await expect(page.getByTestId('editor-lesson-intro')).toHaveAttribute('data-lesson', 'producer-consumer');
  await expect(page.getByTestId('editor-graph').getByTestId('graph-node-featurize')).toBeVisible();

  await press(page, 'editor-new-file');
  await expect(page.getByTestId('editor-file-name')).toHaveText('untitled.ts');
  await page.getByTestId('editor').locator('.cm-content').focus();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.press('Delete');
  await typeLines(page, TYPED_DAG);

  const graph = page.getByTestId('editor-graph');
  await expect(graph).toHaveAttribute('data-stale', 'false');
  for (const task of ['first', 'second', 'third']) await expect(graph.getByTestId(`graph-node-${task}`)).toBeVisible();
  await expect(page.getByTestId('editor-diagnostics')).toHaveAttribute('data-errors', '0');

  // Tab indents in the editor; Escape then Tab leaves it (as the page says), and Shift-Tab comes back.
  const content = page.getByTestId('editor').locator('.cm-content');
  await page.keyboard.press('Tab');
  await expect(content).toBeFocused();
  await expect(page.getByTestId('editor').locator('.cm-line').last()).toHaveText(/^\s+third\(/);
  await page.keyboard.press('Shift+Tab');
  await expect(page.getByTestId('editor').locator('.cm-line').last()).toHaveText(/^third\(/);
  await page.keyboard.press('Escape');
  await page.keyboard.press('Tab');
  await expect(content).not.toBeFocused();
  await page.keyboard.press('Shift+Tab');
  await expect(content).toBeFocused();

  // A syntax error: shown at its line, the last good graph stays (marked stale), and Save & run changes nothing.
  await page.keyboard.press('ControlOrMeta+End');
  await page.keyboard.press('Enter');
  await page.keyboard.type('const broken = (;');
  const problem = page.getByTestId('editor-diagnostics').locator('li[data-severity="error"]').first();
  await expect(problem).toHaveAttribute('data-line', '7');
  await expect(graph).toHaveAttribute('data-stale', 'true');
  await expect(page.getByTestId('editor').locator('.cm-lintRange-error').first()).toBeVisible();
  await page.keyboard.press('Escape');
  await press(page, 'editor-save-run');
  await expect(page.getByTestId('editor-deploy-result')).toHaveAttribute('data-status', 'refused');
  await expect(page.getByTestId('editor-deploy-result')).toContainText('running DAGs are unchanged');
  await page.getByTestId('tab-dags').click();
  await expect(page.getByTestId('open-dag-ml_producer')).toBeVisible();
  await expect(page.getByTestId('open-dag-typed_dag')).toHaveCount(0);

  // Fixed (the broken line deleted), saved and run.
  await page.getByTestId('nav-editor').click();
  await page.getByTestId('editor').locator('.cm-content').focus();
  await page.keyboard.press('ControlOrMeta+End');
  await page.keyboard.press('Shift+Home');
  await page.keyboard.press('Backspace');
  await page.keyboard.press('Backspace');
  await expect(page.getByTestId('editor-diagnostics')).toHaveAttribute('data-errors', '0');
  await expect(graph).toHaveAttribute('data-stale', 'false');
  await page.keyboard.press('Escape');
  await press(page, 'editor-save-run');
  await expect(page.getByTestId('editor-deploy-result')).toHaveAttribute('data-status', 'ok');
  await expect(page.getByTestId('editor-version-typed_dag')).toHaveAttribute('data-version', '1');
  await expect(page.getByTestId('editor-draft-status')).toHaveAttribute('data-status', 'same');

  // Trigger it and follow its tasks: each ran in the sandbox; first's console.log is in its log.
  await press(page, 'editor-open-dag-typed_dag');
  await press(page, 'trigger-typed_dag'); // no params: triggered at once, no form
  await expect(page.getByTestId('dag-last-run-typed_dag')).toHaveAttribute('data-state', 'success', { timeout: 60_000 });
  const dagGraph = page.getByTestId('dag-graph');
  for (const task of ['first', 'second', 'third']) await expect(dagGraph.getByTestId(`graph-node-${task}`)).toHaveAttribute('data-state', 'success');
  await expect(page.getByTestId('dag-version')).toContainText('v1');
  await dagGraph.getByTestId('graph-node-first').click();
  await expect(page.getByTestId('task-log')).toContainText('hello from the sandbox');
  await dagGraph.getByTestId('graph-node-third').click();
  await expect(page.getByTestId('task-log')).toContainText('third got 2');

  // A reload: the file, its draft and the deployed DAG are all back.
  await page.goto('./#/editor/untitled.ts');
  await ready(page);
  await expect(page.getByTestId('editor-file-name')).toHaveText('untitled.ts');
  await expect(page.getByTestId('editor')).toContainText("dag.task('third'");
  await expect(page.getByTestId('editor-draft-status')).toHaveAttribute('data-status', 'same');
  await expect(page.getByTestId('trigger-typed_dag')).toHaveCount(0); // the editor view has no DAG sidebar
  await page.getByTestId('tab-dags').click();
  await expect(page.getByTestId('open-dag-typed_dag')).toBeVisible();

  // A second tab mirrors the first: it sees the file and the DAG, and its Save & run is forwarded.
  const second = await context.newPage();
  await second.goto('./#/editor/untitled.ts');
  await ready(second);
  await expect(second.getByTestId('tab-role')).toHaveAttribute('data-role', 'follower');
  await expect(second.getByTestId('editor')).toContainText("dag.task('third'");
  await second.getByTestId('editor').locator('.cm-content').focus();
  await second.keyboard.press('ControlOrMeta+End');
  await second.keyboard.press('Enter');
  await second.keyboard.type("dag.task('fourth', async () => 4);");
  await second.keyboard.press('Escape');
  await expect(second.getByTestId('editor-graph').getByTestId('graph-node-fourth')).toBeVisible();
  await press(second, 'editor-save-run');
  await expect(second.getByTestId('editor-version-typed_dag')).toHaveAttribute('data-version', '2');
  // The first tab was told: its copy of the file follows (it had nothing unsaved).
  await page.getByTestId('nav-editor').click();
  await expect(page.getByTestId('editor')).toContainText("dag.task('fourth'");
  await second.close();

  // The run made before is of version 1: its Code tab shows version 1's file, without the fourth task.
  await page.evaluate(() => (window.location.hash = '#/dags/typed_dag/code'));
  await expect(page.getByTestId('dag-code')).toHaveAttribute('data-version', '1');
  await expect(page.getByTestId('dag-code-text')).toContainText("dag.task('third'");
  await expect(page.getByTestId('dag-code-text')).not.toContainText('fourth');

  // A draft never saved and run survives a reload too, cursor included, and says it differs from what is running.
  await page.getByTestId('nav-editor').click();
  await page.getByTestId('editor').locator('.cm-content').focus();
  await page.keyboard.press('ControlOrMeta+End');
  await page.keyboard.press('Enter');
  await page.keyboard.type('// a draft only');
  await expect(page.getByTestId('editor-save-status')).toHaveAttribute('data-status', 'saved');
  await page.reload();
  await ready(page);
  await expect(page.getByTestId('editor')).toContainText('// a draft only');
  await expect(page.getByTestId('editor-draft-status')).toHaveAttribute('data-status', 'differs');
  await page.getByTestId('editor').locator('.cm-content').focus();
  await page.keyboard.type('!');
  await expect(page.getByTestId('editor')).toContainText('// a draft only!');
});

test('the housing lesson, saved and run from the editor, reproduces the built-in pipeline', async ({ page }) => {
  // A link to a file this browser does not have says so, and shows the housing lesson instead.
  await page.goto('./#/editor/not-here.ts');
  await ready(page);
  await expect(page.getByTestId('editor-file-name')).toHaveText('producer-consumer.ts');
  await expect(page.getByTestId('editor-message')).toContainText('There is no file "not-here.ts" here');
  await expect(page).toHaveURL(/#\/editor\/producer-consumer\.ts$/);
  await expect(page.getByTestId('editor-graph').getByTestId('graph-node-train')).toBeVisible();
  await press(page, 'editor-save-run');
  await expect(page.getByTestId('editor-deploy-result')).toHaveAttribute('data-status', 'ok');
  await expect(page.getByTestId('editor-version-ml_producer')).toHaveAttribute('data-version', '1');
  await press(page, 'editor-open-dag-ml_producer');
  await press(page, 'trigger-ml_producer');
  await press(page, 'trigger-submit');
  await expect(page.getByTestId('dag-last-run-ml_producer')).toHaveAttribute('data-state', 'success', { timeout: 90_000 });
  await expect(page.getByTestId('dag-graph').getByTestId('graph-node-quarantine_data')).toHaveAttribute('data-state', 'skipped');
  await expect(page.getByTestId('dag-last-run-ml_consumer')).toHaveAttribute('data-state', 'success', { timeout: 90_000 });
  await page.getByTestId('open-dag-ml_consumer').click();
  const r2 = Number(await page.getByTestId('metric-r2').textContent());
  expect(r2).toBeGreaterThanOrEqual(0.649);
  expect(r2).toBeLessThanOrEqual(0.65);
});
