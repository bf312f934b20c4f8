import { expect, test, type Page } from '@playwright/test';

/** The graph view: zoom buttons, keyboard selection, colour plus glyph per state, and the 1,000-task demo DAG. */

const ready = async (page: Page) => expect(page.getByTestId('app-status')).toHaveAttribute('data-status', 'ready');
const viewportTransform = (page: Page) => page.getByTestId('dag-graph').locator('g.graph-viewport').getAttribute('transform');
const scaleOf = (transform: string | null) => Number(/scale\(([\d.e-]+)/.exec(transform ?? '')?.[1] ?? Number.NaN);

test('zoom buttons zoom in, out and fit the graph back, from the keyboard too', async ({ page }) => {
  await page.goto('./#/dags/ml_producer');
  await ready(page);
  await expect(page.getByTestId('dag-graph').locator('[data-layout="ready"]')).toBeVisible();
  const fitted = scaleOf(await viewportTransform(page));
  expect(fitted).toBeGreaterThan(0);

  await page.getByTestId('dag-graph-zoom-in').click();
  await expect.poll(async () => scaleOf(await viewportTransform(page))).toBeGreaterThan(fitted * 1.3);
  await page.getByTestId('dag-graph-zoom-out').focus();
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter');
  await expect.poll(async () => scaleOf(await viewportTransform(page))).toBeLessThan(fitted);
  await page.getByTestId('dag-graph-zoom-fit').click();
  await expect.poll(async () => scaleOf(await viewportTransform(page))).toBeCloseTo(fitted, 5);
  await expect(page.getByRole('button', { name: 'Zoom in' }).first()).toBeVisible();
});

test('one Tab reaches the graph; arrows move between nodes; Enter selects; each node says its state in words and a glyph', async ({ page }) => {
  await page.goto('./#/dags/ml_producer');
  await ready(page);
  const graph = page.getByTestId('dag-graph');
  const extract = graph.getByTestId('graph-node-extract');
  await expect(extract).toHaveAttribute('tabindex', '0');
  // Only one node is a tab stop (roving tabindex).
  await expect(graph.locator('[tabindex="0"]')).toHaveCount(1);
  await extract.focus();
  await page.keyboard.press('ArrowDown');
  const second = graph.locator('.graph-node:focus');
  await expect(second).toHaveAttribute('data-testid', /graph-node-(save_raw_data|check_data)/);
  const secondId = (await second.getAttribute('data-testid'))!.replace('graph-node-', '');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/#\/dags\/ml_producer/);
  await expect(graph.getByTestId(`graph-node-${secondId}`)).toHaveAttribute('aria-pressed', 'true');
  await expect(graph.getByTestId(`graph-node-${secondId}`)).toHaveAttribute('tabindex', '0');
  await page.keyboard.press('Home');
  await expect(extract).toBeFocused();

  // Colour is never the only signal: the glyph and the state in words are on the node and in its name.
  await expect(page.getByRole('button', { name: 'extract none, no status' })).toHaveAttribute('data-testid', 'graph-node-extract');
  await expect(extract.locator('.graph-node-icon')).toHaveText('○');
  await page.getByTestId('trigger-ml_producer').click();
  await page.getByTestId('trigger-submit').click();
  await expect(extract).toHaveAttribute('data-state', 'success');
  await expect(page.getByRole('button', { name: 'extract success · try 1', exact: true })).toHaveAttribute('data-testid', 'graph-node-extract');
  await expect(extract.locator('.graph-node-icon')).toHaveText('✓');
});

test('reduced motion: running nodes do not blink and states change without transitions', async ({ page }) => {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.goto('./?fault=extract:hang@1#/dags/ml_producer');
  await ready(page);
  await page.getByTestId('trigger-ml_producer').click();
  await page.getByTestId('trigger-submit').click();
  const extract = page.getByTestId('dag-graph').getByTestId('graph-node-extract');
  await expect(extract).toHaveAttribute('data-state', 'running');
  const styles = await extract.evaluate((node) => ({
    halo: getComputedStyle(node.querySelector('.graph-node-halo')!).animationName,
    fill: getComputedStyle(node.querySelector('.graph-node-fill')!).transitionDuration,
  }));
  expect(styles).toEqual({ halo: 'none', fill: '0s' });
});

test('a state change rewrites only what changed in the node, and only its body fades', async ({ page }) => {
  await page.goto('./?fault=extract:hang@1#/dags/ml_producer');
  await ready(page);
  const extract = page.getByTestId('dag-graph').getByTestId('graph-node-extract');
  await expect(extract).toHaveAttribute('data-state', /.+/);
  // Each SVG <text> written to is laid out again in the next frame, even when the same text is written back.
  await extract.evaluate((node) => {
    const counts: Record<string, number> = {};
    (window as unknown as { __textWrites: Record<string, number> }).__textWrites = counts;
    for (const text of node.querySelectorAll('text')) {
      const name = text.getAttribute('class')!;
      counts[name] = 0;
      new MutationObserver((records) => (counts[name] = (counts[name] ?? 0) + records.length)).observe(text, {
        childList: true,
        characterData: true,
        attributes: true,
        subtree: true,
      });
    }
  });
  await page.getByTestId('trigger-ml_producer').click();
  await page.getByTestId('trigger-submit').click();
  await expect(extract).toHaveAttribute('data-state', 'running');
  const writes = await page.evaluate(() => (window as unknown as { __textWrites: Record<string, number> }).__textWrites);
  // The glyph and the state line change; the task's name stays as it was.
  expect(writes['graph-node-label']).toBe(0);
  expect(writes['graph-node-icon']).toBeGreaterThan(0);
  expect(writes['graph-node-sublabel']).toBeGreaterThan(0);
  const transitions = await extract.evaluate((node) =>
    ['.graph-node-fill', '.graph-node-line', '.graph-node-label'].map((selector) => {
      const element = node.querySelector(selector);
      return element ? getComputedStyle(element).transitionDuration : null;
    }),
  );
  expect(transitions[0]).not.toBe('0s');
  expect(transitions.slice(1).filter((duration) => duration !== null && duration !== '0s')).toEqual([]);
});

test("a DAG's first Trigger fills the page in without moving the graph", async ({ page }) => {
  await page.goto('./?fault=extract:hang@1#/dags/ml_producer');
  await ready(page);
  const graph = page.getByTestId('dag-graph');
  await expect(graph.locator('[data-layout="ready"]')).toBeVisible();
  await expect(page.getByTestId('run-summary-empty')).toHaveText('No run yet');
  const before = await graph.boundingBox();
  await page.getByTestId('trigger-ml_producer').click();
  await page.getByTestId('trigger-submit').click();
  await expect(page.getByTestId('run-summary')).toContainText('triggered by hand');
  await expect(page.getByTestId('run-picker')).toBeEnabled();
  expect(await graph.boundingBox()).toEqual(before);
});

test('the 1,000-task demo DAG is laid out in a worker, runs to the end and stays operable', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto('./#/dags/demo_fan_1000');
  await ready(page);
  const graph = page.getByTestId('dag-graph');
  await expect(graph.locator('[data-layout="ready"]')).toHaveAttribute('data-node-count', '1000');
  expect(await page.evaluate(() => performance.getEntriesByName('graph-layout-worker').length)).toBeGreaterThan(0);
  await expect(graph.locator('[data-testid^="graph-node-"]')).toHaveCount(1000);

  await page.getByTestId('trigger-demo_fan_1000').click();
  await page.getByTestId('param-sleep_ms').fill('5');
  await page.getByTestId('trigger-submit').click();
  await expect(page.getByTestId('dag-graph-summary')).toContainText('running');
  await expect(graph.getByTestId('graph-node-end')).toHaveAttribute('data-state', 'success', { timeout: 150_000 });
  await expect(page.getByTestId('dag-graph-summary')).toHaveText(/1,000 success/);

  // Keyboard: one tab stop, arrows, Enter selects and opens the task's details.
  const start = graph.getByTestId('graph-node-start');
  await start.focus();
  await page.keyboard.press('ArrowRight');
  await expect(graph.getByTestId('graph-node-sleep_000')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('task-details')).toBeVisible();
  await expect(graph.getByTestId('graph-node-sleep_000')).toHaveAttribute('aria-pressed', 'true');
  // A click on the canvas selects the node under the pointer: the start node, found through the zoom transform.
  await page.getByTestId('dag-graph-zoom-fit').click();
  const canvas = graph.locator('canvas.graph-canvas-surface');
  const point = await canvas.evaluate((element) => {
    const t = (element as unknown as { __zoom: { k: number; x: number; y: number } }).__zoom;
    const height = Number(element.closest('[data-layout]')!.getAttribute('data-height'));
    return { x: t.x + t.k * 10, y: t.y + (t.k * height) / 2 };
  });
  await canvas.click({ position: { x: point.x, y: point.y } });
  await expect(graph.getByTestId('graph-node-start')).toHaveAttribute('aria-pressed', 'true');
  await expect(graph.getByTestId('graph-node-sleep_000')).toHaveAttribute('aria-pressed', 'false');
});
