import { chromium } from '@playwright/test';
const [url, out, scheme = 'light', click = ''] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
const page = await browser.newPage({ viewport: { width: 800, height: 500 }, colorScheme: scheme });
page.on('console', (m) => console.log('console:', m.type(), m.text()));
page.on('pageerror', (e) => console.log('pageerror:', e.message));
await page.goto(url);
await page.waitForSelector('[data-testid=embed-root]');
await page.waitForSelector('[data-testid=app-status][data-status=ready]', { timeout: 30000 }).catch(() => console.log('not ready'));
if (click) {
  await page.click('[data-testid=embed-run]');
  await page.waitForSelector('[data-testid=embed-root][data-running=false] [data-testid=embed-run]:not([disabled])', { timeout: 60000 });
  await page.waitForTimeout(300);
}
console.log('scroll', await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.scrollHeight]));
await page.screenshot({ path: out });
await browser.close();
