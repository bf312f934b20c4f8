import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
// @ts-expect-error: a plain .mjs helper shared with the benchmark.
import { largeDagDocument } from '../support/largeDag.mjs';

/**
 * A 5,000-task DAG's graph (issue 12 point 8): it opens at a readable size instead of a sliver, an overview shows the
 * whole and where the view is, search by task id finds a node, zooms to it and selects it (keyboard only), and the
 * state summary counts every node.
 */

const READABLE_SCALE = 0.6;
const DAG = 'big_5000';

type Transform = { k: number; x: number; y: number };
const transformOf = (page: Page) =>
  page.getByTestId('dag-graph').locator('canvas.graph-canvas-surface').evaluate((el) => (el as unknown as { __zoom: Transform }).__zoom);

async function openLargeDag(page: Page) {
  await page.goto('./#/dags');
  await expect(page.getByTestId('app-status')).toHaveAttribute('data-status', 'ready');
  const { document } = largeDagDocument({ dagId: DAG }) as { document: unknown };
  await page.getByTestId('import-file').setInputFiles({ name: 'big.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(document)) });
  await expect(page.getByTestId('import-summary')).toContainText(`Added: ${DAG}`);
  await page.getByTestId(`open-dag-${DAG}`).click();
  const graph = page.getByTestId('dag-graph');
  await expect(graph.locator('[data-layout="ready"]')).toHaveAttribute('data-node-count', '5000');
  return graph;
}

test('a 5,000-task DAG opens at a readable size from its start, with an overview and counts per state', async ({ page }) => {
  test.setTimeout(180_000);
  const graph = await openLargeDag(page);
  // Fitting the whole graph would take it to a few hundredths; the fit stops at a readable scale, at the graph's start.
  const fitted = await transformOf(page);
  expect(fitted.k).toBeCloseTo(READABLE_SCALE, 5);
  expect(fitted.x).toBeGreaterThanOrEqual(0);
  expect(fitted.x).toBeLessThan(60);
  await expect(page.getByTestId('dag-graph-summary')).toHaveText(/5,000 no status/);
  await expect(page.getByTestId('dag-graph-overview')).toHaveAttribute('aria-label', /all 5,000 tasks/);
  await expect(graph.locator('[data-testid^="graph-node-"]')).toHaveCount(5000);

  // The whole graph is one button away (its shape, too small to read), and fit brings the readable view back.
  await page.getByTestId('dag-graph-zoom-all').click();
  await expect.poll(async () => (await transformOf(page)).k).toBeLessThan(0.05);
  await page.getByTestId('dag-graph-zoom-fit').click();
  await expect.poll(async () => (await transformOf(page)).k).toBeCloseTo(READABLE_SCALE, 5);

  // A press on the overview's far right moves the view to the graph's end.
  const overview = page.getByTestId('dag-graph-overview').locator('.graph-overview-inner');
  const box = (await overview.boundingBox())!;
  await overview.click({ position: { x: box.width - 2, y: box.height / 2 } });
  const width = Number(await graph.locator('[data-layout="ready"]').getAttribute('data-width'));
  await expect.poll(async () => (await transformOf(page)).x).toBeLessThan(-0.8 * width * READABLE_SCALE);
});

test('search by task id, keyboard only: type, arrow to a match, Enter zooms to the node and selects it', async ({ page }) => {
  test.setTimeout(180_000);
  const graph = await openLargeDag(page);
  await page.getByTestId('dag-graph-zoom-all').click();
  await expect.poll(async () => (await transformOf(page)).k).toBeLessThan(0.05);

  const search = page.getByTestId('dag-graph-search');
  await search.focus();
  await page.keyboard.type('score_30_0');
  await expect(page.getByTestId('dag-graph-search-status')).toHaveText(/^\d+ tasks match; the first 8 are listed\.$/);
  const options = page.getByTestId('dag-graph-search-option');
  await expect(options).toHaveCount(8);
  // The first match is active as soon as there are matches (Enter would take it); one arrow down is the second.
  await page.keyboard.press('ArrowDown');
  const target = (await options.nth(1).getAttribute('data-id'))!;
  await expect(options.nth(1)).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Enter');

  const node = graph.getByTestId(`graph-node-${target}`);
  await expect(node).toBeFocused();
  await expect(node).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('dag-graph-search-status')).toHaveText(`Showing ${target}.`);
  await expect.poll(async () => (await transformOf(page)).k).toBeCloseTo(READABLE_SCALE, 5);

  // The node is in the middle of the view: select its neighbour with the keyboard, then click the centre of the canvas.
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(node).toHaveAttribute('aria-pressed', 'false');
  const canvas = graph.locator('canvas.graph-canvas-surface');
  const size = (await canvas.boundingBox())!;
  await canvas.click({ position: { x: size.width / 2, y: size.height / 2 } });
  await expect(node).toHaveAttribute('aria-pressed', 'true');

  // No match says so; Escape closes the list, then clears the box.
  await search.fill('no_such_task');
  await expect(page.getByTestId('dag-graph-search-status')).toHaveText('No task id contains "no_such_task".');
  await page.keyboard.press('Escape');
  await expect(search).toHaveValue('');
});

test('small graphs keep their whole-graph fit and have no search or overview', async ({ page }) => {
  await page.goto('./#/dags/ml_producer');
  await expect(page.getByTestId('dag-graph').locator('[data-layout="ready"]')).toBeVisible();
  await expect(page.getByTestId('dag-graph-search')).toHaveCount(0);
  await expect(page.getByTestId('dag-graph-overview')).toHaveCount(0);
  await expect(page.getByTestId('dag-graph-zoom-all')).toHaveCount(0);
});

for (const colorScheme of ['light', 'dark'] as const) {
  test(`the search box with its list open, the overview and the toolbar have no serious axe violations (${colorScheme})`, async ({ page }) => {
    await page.emulateMedia({ colorScheme });
    await page.goto('./#/dags/demo_fan_1000');
    await expect(page.getByTestId('dag-graph').locator('[data-layout="ready"]')).toHaveAttribute('data-node-count', '1000');
    await page.getByTestId('dag-graph-search').fill('sleep_01');
    await expect(page.getByTestId('dag-graph-search-option')).toHaveCount(8);
    // Only the new controls: the 1,000 node buttons are covered by the graph's own tests, and axe is slow on them.
    const result = await new AxeBuilder({ page })
      .include('.graph-search')
      .include('.graph-toolbar')
      .include('.graph-overview')
      .include('.graph-summary')
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
      .analyze();
    const blocking = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(blocking.map((v) => `${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`)).toEqual([]);
  });
}

test("a 1,000-task DAG's layout is applied without forcing a layout, and its node buttons arrive a slice a task", async ({ page }) => {
  // Measured in an init script, before the page's code runs. Sizes read while the layout is applied (right after its
  // measure is taken) force a style and layout of every node button just added;
  // a MutationObserver's callback runs once a task, so its records tell how many buttons each task added.
  await page.addInitScript(() => {
    const w = window as unknown as { __sizeReads: number; __applying: boolean; __added: number[]; __readyAt: number | null };
    w.__sizeReads = 0;
    w.__applying = false;
    w.__added = [];
    w.__readyAt = null;
    for (const name of ['clientWidth', 'clientHeight', 'offsetWidth', 'offsetHeight'] as const) {
      const descriptor = Object.getOwnPropertyDescriptor(Element.prototype, name) ?? Object.getOwnPropertyDescriptor(HTMLElement.prototype, name)!;
      const owner = Object.getOwnPropertyDescriptor(Element.prototype, name) ? Element.prototype : HTMLElement.prototype;
      Object.defineProperty(owner, name, {
        ...descriptor,
        get(this: Element) {
          if (w.__applying) w.__sizeReads += 1;
          return descriptor.get!.call(this);
        },
      });
    }
    const rect = Element.prototype.getBoundingClientRect;
    Element.prototype.getBoundingClientRect = function (this: Element) {
      if (w.__applying) w.__sizeReads += 1;
      return rect.call(this);
    };
    const measure = performance.measure.bind(performance);
    performance.measure = ((name: string, options?: PerformanceMeasureOptions) => {
      if (name === 'graph-layout-worker') {
        // The layout is applied right after this measure, in the same callback: the microtask queued here runs once
        // that callback is done. (A message to a port would also count a frame's ResizeObserver callbacks that the
        // browser may run before it, where reading a size is what they are for.)
        w.__applying = true;
        queueMicrotask(() => (w.__applying = false));
      }
      return measure(name, options);
    }) as typeof performance.measure;
    new MutationObserver((records) => {
      let added = 0;
      for (const record of records) for (const node of record.addedNodes) if (node instanceof HTMLButtonElement && node.classList.contains('graph-node')) added += 1;
      if (added > 0) w.__added.push(added);
      const root = document.querySelector('.graph-large[data-layout="ready"]');
      if (root && w.__readyAt === null) w.__readyAt = w.__added.reduce((a, b) => a + b, 0);
    }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-layout'] });
  });
  await page.goto('./#/dags/demo_fan_1000');
  const graph = page.getByTestId('dag-graph');
  await expect(graph.locator('[data-layout="ready"]')).toHaveAttribute('data-node-count', '1000');
  const seen = await page.evaluate(() => {
    const w = window as unknown as { __sizeReads: number; __added: number[]; __readyAt: number | null };
    return { sizeReads: w.__sizeReads, added: w.__added, readyAt: w.__readyAt };
  });
  expect(seen.sizeReads).toBe(0);
  expect(seen.added.reduce((a, b) => a + b, 0)).toBe(1000);
  expect(seen.added.length).toBeGreaterThanOrEqual(4);
  expect(Math.max(...seen.added)).toBeLessThanOrEqual(250);
  // Ready only once every button is there, each with its name and state.
  expect(seen.readyAt).toBe(1000);
  await expect(graph.locator('button.graph-node:not([aria-label])')).toHaveCount(0);
  await expect(graph.locator('button.graph-node[data-state="none"]')).toHaveCount(1000);
  await expect(graph.getByRole('button', { name: /^sleep_500\b/ })).toHaveCount(1);
});
