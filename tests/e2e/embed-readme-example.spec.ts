import { expect, test } from '@playwright/test';
import { serveEmbedTestPage, type HostWindow } from './support/embedHost';

// A host page (tests/embed/two-embeds.html) frames playgrounds and keeps one client per frame (src/embed/client.ts,
// on window.embeds); the spec drives one through it: load a DAG file, run it, read the final states.
test('a host page runs a DAG file in an embedded playground and reads the final states', async ({ page, baseURL }) => {
  await serveEmbedTestPage(page, new URL(baseURL!).origin);
  await page.goto('/embed-test/two-embeds.html');
  const finished = await page.evaluate(async () => {
    const { embeds } = window as unknown as HostWindow;
    await embeds.alpha.ready;
    await embeds.alpha.load({
      name: 'hello.ts',
      text: "import { Dag } from 'apache-airflow-ts-sdk';\nconst dag = new Dag('hello');\ndag.task('say', async () => 'hi');\n",
    });
    return embeds.alpha.run();
  });
  expect(finished).toMatchObject({ ok: true, runs: [{ dagId: 'hello', state: 'success', tasks: { say: 'success' } }] });
  const frame = page.frameLocator('iframe[data-embed=alpha]');
  await expect(frame.getByTestId('embed-run-state')).toHaveAttribute('data-state', 'success');
});
