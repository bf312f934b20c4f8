import { expect, test, type Locator, type Page } from '@playwright/test';

/**
 * User text that cannot steer the reader (issue 12 point 6): a right-to-left override (U+202E) in an id or a description
 * must not reverse the rest of a message or a header, and a 1,000,000-character id is not echoed whole. What "reads in
 * order" means is checked on the rendered page: where the browser lays out words that come after the user text.
 */

const RLO = '\u202e';
const ready = async (page: Page) => expect(page.getByTestId('app-status')).toHaveAttribute('data-status', 'ready');

/** The left edge, on screen, of the first occurrence of `word` in the element's text (laid out by the browser). */
async function leftOf(element: Locator, word: string): Promise<number> {
  return element.evaluate((root, needle) => {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = node.textContent!.indexOf(needle);
      if (at < 0) continue;
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + needle.length);
      return range.getBoundingClientRect().left;
    }
    throw new Error(`"${needle}" is not in the element's text`);
  }, word);
}

async function importDocument(page: Page, name: string, document: unknown) {
  await page.getByTestId('import-file').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(document)) });
}

const noopDag = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  schedule: { type: 'manual' },
  tasks: [{ id: 'only', upstream: [], operator: 'noop' }],
  ...extra,
});

test('an id with a right-to-left override, or of a million characters, cannot reverse or flood the import errors', async ({ page }) => {
  await page.goto('./#/dags');
  await ready(page);
  const huge = `${'x'.repeat(500_000)}${'y'.repeat(500_000)}`;
  await importDocument(page, `${RLO}nosj.stnemucod`, { version: 1, dags: [noopDag(`evil${RLO}gnp.exe`), noopDag(huge)] });

  const errors = page.getByTestId('import-error');
  await expect(errors).toHaveCount(2);
  // The override is shown as what it is, not obeyed: the words after the id keep their order.
  const evil = errors.filter({ hasText: 'evil' });
  await expect(evil).toContainText('evil<U+202E>gnp.exe');
  expect(await leftOf(evil, 'not')).toBeLessThan(await leftOf(evil, 'valid'));
  expect(await leftOf(evil, 'evil')).toBeLessThan(await leftOf(evil, 'valid'));

  // The million-character id: the message is cut to head … tail with the length, and the rest of the message survives.
  const long = errors.filter({ hasText: 'dags[1].id' });
  const text = (await long.textContent())!;
  expect(text.length).toBeLessThan(1_000);
  expect(text).toMatch(/x+…x*y+.*\(1,000,\d{3} characters\)/);
  expect(text).toContain('is not a valid');
  await expect(long.getByTestId('user-text-toggle')).toHaveText(/^show all 1,000,\d{3} characters$/);

  // The file's own name is user text too: isolated, so "was refused" stays after it.
  const refused = page.getByTestId('import-errors').locator('p').first();
  expect(await leftOf(refused, 'stnemucod')).toBeLessThan(await leftOf(refused, 'refused'));
  await expect(refused.locator('bdi')).toHaveCount(1);
});

test('a DAG header isolates a description with an override and shortens a long id, with the full text on hover', async ({ page }) => {
  await page.goto('./#/dags');
  await ready(page);
  const longId = `long_${'a'.repeat(241)}_end`;
  const description = `${RLO}Reversed? ${'d'.repeat(400)} last words`;
  await importDocument(page, 'bidi.json', { version: 1, dags: [noopDag(longId, { description })] });
  await expect(page.getByTestId('import-summary')).toContainText('Added:');
  await page.getByTestId(`open-dag-${longId}`).click();

  const header = page.locator('.dag-view-title');
  const title = header.locator('h2 [data-shortened="true"]');
  await expect(title).toHaveAttribute('title', longId);
  await expect(title).toHaveText(/^long_a+…a+_end \(250 characters\)$/);

  const line = header.locator('p.muted');
  // The description is cut (head … tail, its length) and isolated: " · schedule: manual" after it reads in order.
  await expect(line.locator('[data-shortened="true"]')).toHaveText(/\(422 characters\)$/);
  expect(await leftOf(line, 'schedule')).toBeLessThan(await leftOf(line, 'manual'));
  // The length is the playground's words, outside the isolate: it reads left to right whatever the text does.
  expect(await leftOf(line, '422')).toBeLessThan(await leftOf(line, 'characters'));
  expect(await leftOf(line, 'characters')).toBeLessThan(await leftOf(line, 'schedule'));
});

test('an id from a link is shown isolated and shortened: an unknown dataset in the URL', async ({ page }) => {
  const id = `${RLO}evil${'z'.repeat(5_000)}`;
  await page.goto(`./#/datasets/${encodeURIComponent(id)}`);
  await ready(page);
  const unknown = page.getByTestId('dataset-unknown');
  await expect(unknown).toContainText('(5,005 characters)');
  expect((await unknown.textContent())!.length).toBeLessThan(400);
  expect(await leftOf(unknown, 'No dataset')).toBeLessThan(await leftOf(unknown, 'is defined'));
  expect(await leftOf(unknown, 'is defined')).toBeLessThan(await leftOf(unknown, 'known ones'));
  await expect(page.locator('#dataset-detail-title bdi')).toHaveCount(1);
});
