// author_parse_ms in the real editor page (`#/editor` of the built site): the 50-task file opened from disk, then one
// keystroke at a time renames its last task; each sample is the time from the keystroke to the renamed node in the
// editor's graph — the typing pause (PREVIEW_DEBOUNCE_MS), the DAG-file worker, definitions, layout and drawing.
// author_read_ms is the part after the pause: from the editor's read of the text (the mark it sets) to the graph.
import { fiftyTaskFile } from './authoring/fiftyTaskFile.mjs';

const READ_MARK = 'editor-dag-file-read';
const WARM_UP = 5;

export async function runEditorParseBench(browser, baseUrl, runs = 15) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const page = await context.newPage();
  try {
    await page.goto(`${baseUrl}#/editor`);
    await page.getByTestId('editor').waitFor({ timeout: 60_000 });
    await page.getByTestId('editor-file-input').setInputFiles({ name: 'bench_fifty.ts', mimeType: 'text/plain', buffer: Buffer.from(fiftyTaskFile(0)) });
    await page.getByTestId('editor-file-name').filter({ hasText: 'bench_fifty.ts' }).waitFor();
    const graph = page.getByTestId('editor-graph');
    await graph.getByTestId('graph-node-end').waitFor({ timeout: 60_000 });
    // The cursor after `end` in `dag.task('end'`, on the last line but one.
    await page.getByTestId('editor').locator('.cm-content').focus();
    await page.keyboard.press('ControlOrMeta+End');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Home');
    for (let i = 0; i < "const end = dag.task('end".length; i++) await page.keyboard.press('ArrowRight');
    await page.evaluate(() => {
      window.__keyAt = 0;
      window.addEventListener('keydown', (event) => (window.__keyAt = event.timeStamp), { capture: true });
    });
    const totals = [];
    const reads = [];
    let id = 'end';
    for (let i = 0; i < runs + WARM_UP; i++) {
      const digit = String(i % 10);
      id += digit;
      const waiting = page.evaluate(
        ([testId, mark]) =>
          new Promise((resolve) => {
            const root = document.querySelector('[data-testid="editor-graph"]');
            const seen = () => root.querySelector(`[data-testid="${testId}"]`);
            const done = () => {
              const at = performance.now();
              const marks = performance.getEntriesByName(mark);
              resolve({ at, readAt: marks[marks.length - 1].startTime, keyAt: window.__keyAt });
            };
            if (seen()) return done();
            const observer = new MutationObserver(() => {
              if (!seen()) return;
              observer.disconnect();
              done();
            });
            observer.observe(root, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-testid'] });
          }),
        [`graph-node-${id}`, READ_MARK],
      );
      await page.waitForTimeout(30);
      await page.keyboard.press(digit);
      const { at, readAt, keyAt } = await waiting;
      if (i < WARM_UP) continue;
      totals.push(at - keyAt);
      reads.push(at - readAt);
    }
    const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
    console.log(`[bench] editor: keystroke → updated graph median ${median(totals).toFixed(1)} ms (the typing pause included); read → graph median ${median(reads).toFixed(1)} ms`);
    return { author_parse_ms: totals, author_read_ms: reads };
  } finally {
    await context.close();
  }
}

// `node tests/bench/editorParse.mjs` (after `npx vite build`): this part alone, on the built site.
if (import.meta.url === `file://${process.argv[1]}`) {
  const { spawn } = await import('node:child_process');
  const { chromium } = await import('@playwright/test');
  const { CHROMIUM_ARGS, findChromium } = await import('../support/chromium.mjs');
  const port = 4496;
  const server = spawn(process.execPath, ['tests/support/serve.mjs', 'dist', '--port', String(port), '--strict-port'], { stdio: 'pipe' });
  await new Promise((resolve) => server.stdout.once('data', resolve));
  const browser = await chromium.launch({ executablePath: (await findChromium()).path, args: CHROMIUM_ARGS });
  try {
    const samples = await runEditorParseBench(browser, `http://localhost:${port}/`, Number(process.env.BENCH_RUNS ?? 15));
    console.log(JSON.stringify(samples));
  } finally {
    await browser.close();
    server.kill();
  }
}
