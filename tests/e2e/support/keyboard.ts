import { expect, type Page } from '@playwright/test';

/**
 * Presses a control as a keyboard user does: focus lands on it (as Tab would bring it), Enter activates it. Only once
 * it shows, as for a person: the Trigger dialog opens in the task after its form renders, and focusing its button
 * before that did nothing, so Enter went to the Trigger button again and no run was made (a flaky failure).
 */
export async function press(page: Page, testId: string): Promise<void> {
  const target = page.getByTestId(testId);
  await expect(target).toBeVisible();
  await target.focus();
  await page.keyboard.press('Enter');
}
