import { expect, test } from '@playwright/test';
// @ts-expect-error: a plain .mjs helper shared with the benchmark and playwright.config.ts.
import { OMNIBOX_POPUP_FEATURES, PLAYWRIGHT_DISABLED_FEATURES } from '../support/chromium.mjs';

// The tests' and benchmarks' browser turns some of Chromium's features off (tests/support/chromium.mjs). Chromium
// keeps only the last --disable-features of its command line, so this reads the running browser's own command line:
// a feature Playwright turns off that our list does not name again would be on in every test and benchmark.
test('the browser runs with Playwright\'s disabled features and ours, in its last --disable-features', async ({ browser }) => {
  const page = await browser.newPage();
  try {
    await page.goto('chrome://version');
    const commandLine = (await page.locator('#command_line').textContent()) ?? '';
    const lists = commandLine
      .split(/\s+/)
      .filter((arg) => arg.startsWith('--disable-features='))
      .map((arg) => arg.slice('--disable-features='.length).split(','));
    expect(lists.length).toBeGreaterThan(0);
    const applied = new Set(lists.at(-1));
    const dropped = lists.flat().filter((name) => !applied.has(name));
    expect(dropped, 'features an earlier --disable-features names that the last one (the one Chromium keeps) does not').toEqual([]);
    for (const name of [...(OMNIBOX_POPUP_FEATURES as string[]), ...(PLAYWRIGHT_DISABLED_FEATURES as string[])]) {
      expect(applied.has(name), name).toBe(true);
    }
  } finally {
    await page.close();
  }
});
