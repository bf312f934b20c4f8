import { expect, test, type Page } from '@playwright/test';
import { readStore } from './support/playgroundDb';
import { press } from './support/keyboard';

// Share links (issue 15 points 1 and 2) on the built site: Copy link → a fresh browser opens it into a scratch
// workspace beside its own files, nothing runs until "Run this shared pipeline"; a bad link changes nothing; a file
// too large for a link is refused at Copy link with a download instead. One lean spec: CI's browser suite has a budget.

interface StoredFile {
  readonly workspace: string;
  readonly name: string;
  readonly text: string;
  readonly revision: number;
  readonly deployed: unknown;
}

async function ready(page: Page) {
  await expect(page.getByTestId('app-status')).toHaveAttribute('data-status', 'ready');
  await expect(page.getByTestId('editor')).toBeVisible();
}

const workspaceFiles = (page: Page) => readStore<StoredFile>(page, 'workspaceFiles');
const ownFiles = async (page: Page) => (await workspaceFiles(page)).filter((f) => f.workspace === 'own');

test('a copied link opens in a fresh browser beside its own files, runs nothing on load, and runs after the gate', async ({ browser }) => {
  const author = await browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
  const page = await author.newPage();
  await page.goto('./?seed=7#/editor');
  await ready(page);
  await press(page, 'editor-lesson-retries');
  await expect(page.getByTestId('editor-file-name')).toHaveText('retries.ts');
  await press(page, 'share-copy-link');
  await expect(page.getByTestId('share-status')).toContainText('Link copied');
  const url = await page.evaluate(() => navigator.clipboard.readText());
  expect(url).toMatch(/\?seed=7#\/share\/1\.[A-Za-z0-9_-]+$/);
  expect(url.length).toBeLessThanOrEqual(8_000);
  await author.close();

  const visitor = await browser.newContext();
  const other = await visitor.newPage();
  // The visitor has files of their own, one named like the shared one.
  await other.goto('./#/editor');
  await ready(other);
  await press(other, 'editor-lesson-retries');
  await expect(other.getByTestId('editor-file-name')).toHaveText('retries.ts');
  await expect(other.getByTestId('editor-save-status')).toHaveAttribute('data-status', 'saved');
  const ownBefore = await ownFiles(other);

  await other.goto(url);
  const banner = other.getByTestId('shared-banner');
  await expect(banner).toBeVisible();
  await expect(banner.getByTestId('shared-origin')).toHaveText('lesson retries');
  await expect(banner.getByTestId('shared-settings')).toContainText('seed=7');
  await expect(other.getByTestId('shared-files').getByTestId('shared-file-retries.ts')).toHaveAttribute('aria-current', 'true');
  await expect(other.getByTestId('editor-files').getByTestId('editor-file-retries.ts')).toBeVisible();
  // The address no longer holds the link: a reload opens the scratch file, it does not import the link again.
  await expect(other).toHaveURL(/#\/editor\/shared\/[0-9a-f]{10}\/retries\.ts$/);

  // Nothing ran and nothing was deployed, even after a while; the own files are exactly as they were.
  await other.waitForTimeout(1_500);
  expect(await readStore(other, 'runs')).toEqual([]);
  expect((await readStore<{ dagId: string }>(other, 'dagVersions')).filter((v) => v.dagId === 'lesson_retries')).toEqual([]);
  expect(await ownFiles(other)).toEqual(ownBefore);
  const scratch = (await workspaceFiles(other)).filter((f) => f.workspace.startsWith('scratch:'));
  expect(scratch.map((f) => [f.name, f.deployed])).toEqual([['retries.ts', null]]);

  // Save & run asks first; "Run this shared pipeline" runs it (its task code in the sandbox).
  await press(other, 'editor-save-run');
  await expect(other.getByTestId('shared-run')).toBeFocused();
  expect(await readStore(other, 'runs')).toEqual([]);
  await other.keyboard.press('Enter');
  await expect(other.getByTestId('editor-deploy-result')).toHaveAttribute('data-status', 'ok');
  await expect(other.getByTestId('shared-run')).toHaveCount(0);
  await press(other, 'editor-open-dag-lesson_retries');
  await press(other, 'trigger-lesson_retries');
  await expect(other.getByTestId('dag-last-run-lesson_retries')).toHaveAttribute('data-state', 'success', { timeout: 60_000 });
  expect(await ownFiles(other)).toEqual(ownBefore);

  // A reload of the shared file's address opens it again (no second import, no gate: it ran); "Keep a copy in my
  // files" copies it under a free name.
  await other.goto(`./#/editor/shared/${scratch[0]!.workspace.slice('scratch:'.length)}/retries.ts`);
  await other.reload();
  await expect(other.getByTestId('shared-banner')).toContainText('opened on an earlier visit');
  await expect(other.getByTestId('shared-run')).toHaveCount(0);
  expect((await workspaceFiles(other)).filter((f) => f.workspace.startsWith('scratch:')).length).toBe(1);
  await press(other, 'shared-keep');
  await expect(other.getByTestId('editor-file-name')).toHaveText('retries (2).ts');
  expect((await ownFiles(other)).map((f) => f.name).sort()).toEqual(['producer-consumer.ts', 'retries (2).ts', 'retries.ts']);
  await visitor.close();
});

test('a bad link says what is wrong and changes nothing; a file too large for a link is offered as a download', async ({ page }) => {
  // The clipboard refused: the link is shown selected in a read-only field instead.
  await page.addInitScript(() => {
    Object.defineProperty(navigator, 'clipboard', { value: { writeText: () => Promise.reject(new DOMException('refused', 'NotAllowedError')) } });
  });
  await page.goto('./#/editor');
  await ready(page);
  await expect(page.getByTestId('editor-save-status')).toHaveAttribute('data-status', 'saved');
  const before = await workspaceFiles(page);

  await page.goto('./#/share/1.AAAA_this-is-not-deflate');
  await expect(page.getByTestId('share-error')).toContainText('damaged');
  await expect(page.getByTestId('shared-banner')).toHaveCount(0);
  await expect(page.getByTestId('shared-files')).toHaveCount(0);
  expect(await workspaceFiles(page)).toEqual(before);
  expect(await readStore(page, 'runs')).toEqual([]);

  await press(page, 'share-copy-link');
  await expect(page.getByTestId('share-status')).toContainText('did not let the page copy');
  const field = page.getByTestId('share-link-field');
  await expect(field).toHaveValue(/#\/share\/1\./);
  expect(await field.evaluate((input: HTMLInputElement) => input.selectionEnd! - input.selectionStart! === input.value.length)).toBe(true);

  // ~12,000 characters that do not compress: the link would pass 8,000 characters.
  let state = 7;
  const noise = Array.from({ length: 12_000 }, () => String.fromCharCode(33 + ((state = (state * 48271) % 2147483647) % 90))).join('');
  await page.getByTestId('editor-file-input').setInputFiles({ name: 'big.ts', mimeType: 'text/plain', buffer: Buffer.from(`// ${noise}\n`) });
  await expect(page.getByTestId('editor-file-name')).toHaveText('big.ts');
  await press(page, 'share-copy-link');
  await expect(page.getByTestId('share-error')).toContainText(/would have [\d,]+ characters; links past 8,000/);
  const download = page.waitForEvent('download');
  await press(page, 'share-download');
  expect((await download).suggestedFilename()).toBe('big.ts');
});
