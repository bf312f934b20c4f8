import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { press } from './support/keyboard';

// The lessons gallery on the built site: every lesson has a card with a picture of its graph; "Try it" deploys a lesson,
// triggers its DAGs and shows ✓; a lesson edited in the editor to behave differently shows what differed, on the
// editor's intro and on the gallery's card; Copy link and Copy embed snippet put working text on the clipboard. One
// lean spec: CI's browser suite has a time budget.

const LESSONS = ['producer-consumer', 'trigger-rules', 'branching', 'asset-conditions', 'retries'];

test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

test('the gallery shows every lesson with its graph; Try it passes; Copy link and Copy embed snippet fill the clipboard', async ({ page, context, baseURL }) => {
  await page.goto('./#/lessons');
  await expect(page.getByTestId('app-status')).toHaveAttribute('data-status', 'ready');
  await expect(page.getByTestId('nav-lessons')).toHaveAttribute('aria-current', 'page');
  for (const name of LESSONS) {
    const card = page.getByTestId(`lesson-card-${name}`);
    await expect(card.getByTestId('lesson-picture')).toHaveAttribute('data-status', 'ready');
    await expect(card.getByRole('img')).toHaveAttribute('aria-label', /^Graph of .*\d+ tasks?/);
    await expect(card.getByTestId('lesson-check')).toHaveCount(0);
  }
  await expect(page.getByTestId('lesson-card-trigger-rules').locator('.lesson-picture-node')).toHaveCount(6);

  for (const name of ['trigger-rules', 'retries']) {
    await press(page, `lesson-try-${name}`);
    const check = page.getByTestId(`lesson-card-${name}`).getByTestId('lesson-check');
    await expect(check).toHaveAttribute('data-status', 'pass');
    await expect(check).toContainText('As expected');
  }

  await press(page, 'lesson-copy-link-branching');
  await expect(page.getByTestId('lesson-card-branching').getByTestId('lesson-copied')).toContainText('Link copied');
  const link = await page.evaluate(() => navigator.clipboard.readText());
  expect(link.startsWith(`${baseURL}#/share/1.`)).toBe(true);
  // The link opens the lesson's file as a shared file, saying where it came from.
  const visitor = await context.newPage();
  await visitor.goto(link);
  await expect(visitor.getByTestId('shared-origin')).toHaveText('lesson branching');
  await expect(visitor.getByTestId('editor-file-name')).toHaveText('branching.ts');
  await visitor.close();

  await press(page, 'lesson-copy-embed-branching');
  await expect(page.getByTestId('lesson-card-branching').getByTestId('lesson-copied')).toContainText('Embed snippet copied');
  const snippet = await page.evaluate(() => navigator.clipboard.readText());
  expect(snippet).toContain(`<iframe src="${baseURL}?embed=1&amp;id=lesson-branching&amp;lesson=branching"`);
  expect(snippet).toContain('title="Pipeline Playground: Branching: follow one path, skip the other"');
});

test('a lesson opened in the editor and changed to behave differently fails its check, saying what differed', async ({ page }) => {
  await page.goto('./#/lessons');
  await expect(page.getByTestId('app-status')).toHaveAttribute('data-status', 'ready');
  await press(page, 'lesson-open-retries');
  await expect(page.getByTestId('editor-file-name')).toHaveText('retries.ts');
  await expect(page.getByTestId('editor-lesson-intro')).toHaveAttribute('data-lesson', 'retries');

  // fetch now succeeds at its first try: no retry, so the lesson's "2 tries" does not hold.
  const shipped = readFileSync('src/authoring/lessons/retries.ts', 'utf8');
  const changed = shipped.replace('if (tryNumber === 1)', 'if (tryNumber === 0)');
  expect(changed).not.toBe(shipped);
  await page.getByTestId('editor').locator('.cm-content').focus();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.insertText(changed);
  await page.keyboard.press('Escape');

  await press(page, 'editor-lesson-try');
  const check = page.getByTestId('editor-page').getByTestId('lesson-check');
  await expect(check).toHaveAttribute('data-status', 'fail');
  await expect(check.getByTestId('lesson-difference')).toHaveText(['expected task fetch to take 2 tries, it took 1 try']);
  await expect(check).toContainText('your edited copy');

  // The gallery shows the same check for the lesson.
  await press(page, 'nav-lessons');
  const card = page.getByTestId('lesson-card-retries').getByTestId('lesson-check');
  await expect(card).toHaveAttribute('data-status', 'fail');
  await expect(card.getByTestId('lesson-difference')).toHaveText(['expected task fetch to take 2 tries, it took 1 try']);
});
