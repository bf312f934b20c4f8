import { chromium } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { transform } from 'sucrase';
const [scheme, out] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage({ viewport: { width: 1680, height: 1000 }, colorScheme: scheme });
page.on('pageerror', (e) => console.log('pageerror:', e.message));
const files = {
  'two-embeds.html': ['text/html', readFileSync('tests/embed/two-embeds.html', 'utf8')],
  'two-embeds.js': ['text/javascript', readFileSync('tests/embed/two-embeds.js', 'utf8')],
  'two-embeds.css': ['text/css', readFileSync('tests/embed/two-embeds.css', 'utf8')],
  'client.js': ['text/javascript', transform(readFileSync('src/embed/client.ts', 'utf8'), { transforms: ['typescript'] }).code],
};
await page.route('**/embed-test/*', (route) => {
  const f = files[new URL(route.request().url()).pathname.split('/').pop()];
  return route.fulfill({ status: 200, contentType: f[0], body: f[1] });
});
await page.goto('http://localhost:4431/embed-test/two-embeds.html');
await page.evaluate(async () => { await Promise.all([window.embeds.alpha.ready, window.embeds.beta.ready]); await Promise.all([window.embeds.alpha.run(), window.embeds.beta.run()]); });
await page.waitForTimeout(500);
await page.screenshot({ path: out });
// Keyboard only, inside alpha: Tab from the page into the frame and through its controls.
const seen = [];
for (let i = 0; i < 12; i++) {
  await page.keyboard.press('Tab');
  seen.push(await page.evaluate(() => { let d = document; let el = d.activeElement; while (el && el.tagName === 'IFRAME') { d = el.contentDocument; el = d?.activeElement; } return el ? `${el.tagName}${el.getAttribute('data-testid') ? '#' + el.getAttribute('data-testid') : ''}${el.getAttribute('aria-label') ? '[' + el.getAttribute('aria-label').slice(0, 30) + ']' : ''}${el.textContent && el.tagName==='BUTTON' ? ':' + el.textContent.slice(0,20) : ''}` : 'none'; }));
}
console.log(seen.join('\n'));
await browser.close();
