import { expect, test } from '@playwright/test';
import { databaseNames, serveEmbedTestPage, storedRunDags, writeEmbedTestPage, type HostWindow } from './support/embedHost';
import { startPlainStaticServer } from './support/plainStaticServer';

/**
 * Issue 15 points 3-4: a host page embeds two playgrounds (tests/embed/two-embeds.html) and drives both through the
 * copyable client: a file loaded into one, both run, each with its own final states and its own database, and the full
 * app — open in another tab of the same browser — keeps its data to itself.
 */

const HOST_FILE = `import { Dag, getContext } from 'apache-airflow-ts-sdk';

const dag = new Dag('host_loaded', { description: 'Loaded by the host page.' });
const greet = dag.task('greet', async () => {
  getContext().log.info('hello from the host page');
});
const refuse = dag.task('refuse', async () => {
  throw new Error('refused on purpose');
});
refuse().after(greet());
`;

test('two embeds on one page run their own pipelines, driven through the client; the full app is untouched', async ({ page, context, baseURL }) => {
  test.setTimeout(150_000);
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  const appOrigin = new URL(baseURL!).origin;

  // The full app first, in its own tab: its database exists and must stay as it is.
  const app = await context.newPage();
  await app.goto('./');
  await expect(app.getByTestId('app-status')).toHaveAttribute('data-status', 'ready');

  await serveEmbedTestPage(page, appOrigin);
  await page.goto('/embed-test/two-embeds.html');
  const alpha = page.frameLocator('iframe[data-embed=alpha]');
  const beta = page.frameLocator('iframe[data-embed=beta]');
  await expect(alpha.getByTestId('embed-root')).toHaveAttribute('data-embed-id', 'alpha');
  await expect(beta.getByTestId('embed-root')).toHaveAttribute('data-embed-id', 'beta');
  const ready = await page.evaluate(async () => {
    const { embeds } = window as unknown as HostWindow;
    return Promise.all([embeds.alpha.ready, embeds.beta.ready]);
  });
  expect(ready).toEqual([
    { embedId: 'alpha', version: 1 },
    { embedId: 'beta', version: 1 },
  ]);
  // Nothing ran on load.
  expect(await page.evaluate(() => (window as unknown as HostWindow).embeds.beta.getState())).toMatchObject({ status: 'ready', running: false, runs: [] });

  // A file from the host into alpha; both run at once; beta runs its lesson (trigger rules: transform fails on purpose).
  const finished = await page.evaluate(async (text) => {
    const { embeds } = window as unknown as HostWindow;
    const changes: string[] = [];
    embeds.alpha.onRunState((run) => changes.push(`${run.dagId}:${run.state}`));
    await embeds.alpha.load({ name: 'host_loaded.ts', text });
    const [a, b] = await Promise.all([embeds.alpha.run(), embeds.beta.run()]);
    return { a, b, changes };
  }, HOST_FILE);
  expect(finished.a.ok).toBe(false);
  expect(finished.a.runs.map((r) => [r.dagId, r.state, r.tasks])).toEqual([['host_loaded', 'failed', { greet: 'success', refuse: 'failed' }]]);
  expect(finished.b.runs.map((r) => [r.dagId, r.state, r.tasks])).toEqual([
    [
      'lesson_trigger_rules',
      'failed',
      { extract: 'success', transform: 'failed', load: 'upstream_failed', alert: 'success', cleanup: 'success', report: 'upstream_failed' },
    ],
  ]);
  expect(finished.changes).toContain('host_loaded:running');
  expect(finished.changes.at(-1)).toBe('host_loaded:failed');

  // Each frame shows its own run; a task's log is one pick away.
  await expect(alpha.getByTestId('embed-run-state')).toHaveAttribute('data-state', 'failed');
  await alpha.getByTestId('embed-log-task').selectOption('greet');
  await expect(alpha.getByTestId('embed-log-lines')).toContainText('hello from the host page');
  await expect(beta.getByTestId('embed-run-state')).toHaveText('lesson_trigger_rules: run failed');

  // Storages apart: one database per embed id, each with its own runs only; the full app's has none of theirs.
  expect(await databaseNames(app)).toEqual(['pipeline-playground', 'pipeline-playground-embed-alpha', 'pipeline-playground-embed-beta']);
  expect(await storedRunDags(app, 'pipeline-playground-embed-alpha')).toEqual(['host_loaded']);
  expect(await storedRunDags(app, 'pipeline-playground-embed-beta')).toEqual(['lesson_trigger_rules']);
  expect(await storedRunDags(app, 'pipeline-playground')).toEqual([]);
  await expect(app.getByTestId('tab-role')).toHaveAttribute('data-role', 'leader');
  expect(errors).toEqual([]);
});

test('from another origin the embeds obey only an origin named in ?origin=, and refuse bad messages', async ({ page, baseURL }) => {
  test.setTimeout(120_000);
  // The host page on a server of its own: another port, another origin.
  const host = await startPlainStaticServer(writeEmbedTestPage());
  const app = encodeURIComponent(baseURL!);
  try {
    // Allowed: the host names its origin in each embed's URL.
    await page.goto(`${host.url}two-embeds.html?allow=1&app=${app}`);
    const state = await page.evaluate(async () => {
      const { embeds } = window as unknown as HostWindow;
      await embeds.alpha.ready;
      return embeds.alpha.getState();
    });
    expect(state).toMatchObject({ embedId: 'alpha', status: 'ready', fileName: 'branching.ts' });
    // An embed opens only its own database: the visitor's playground database is not created as a side effect.
    const frame = page.frames().find((f) => /[?&]id=alpha(&|$)/.test(f.url()))!;
    const names = await frame.evaluate(async () => (await indexedDB.databases()).map((d) => d.name));
    expect(names).toContain('pipeline-playground-embed-alpha');
    expect(names).not.toContain('pipeline-playground');
    const refused = await page.evaluate(async () => {
      const { embeds } = window as unknown as HostWindow;
      return embeds.alpha.load({ name: '../../evil.js', text: 'x' }).then(
        () => 'loaded',
        (error: Error) => error.message,
      );
    });
    expect(refused).toMatch(/pp:load message was refused: file.name/);

    // Not allowed: the same page without ?origin= in the embeds' URLs. They boot, but answer nothing.
    await page.goto(`${host.url}two-embeds.html?app=${app}`);
    const alpha = page.frameLocator('iframe[data-embed=alpha]');
    await expect(alpha.getByTestId('embed-root')).toHaveAttribute('data-status', 'ready');
    const answered = await page.evaluate(async () => {
      const { embeds } = window as unknown as HostWindow;
      // A command straight into the frame, past the client: a disallowed origin must not start a run.
      document.querySelector<HTMLIFrameElement>('iframe[data-embed=alpha]')!.contentWindow!.postMessage({ type: 'pp:run' }, '*');
      // The client asks every 200 ms until it hears; two seconds of silence is the answer here.
      return Promise.race([embeds.alpha.ready.then(() => true), new Promise((resolve) => setTimeout(() => resolve(false), 2_000))]);
    });
    expect(answered).toBe(false);
    await expect(alpha.getByTestId('embed-run-state')).toHaveText(/not run yet/);
  } finally {
    await host.close();
  }
});
