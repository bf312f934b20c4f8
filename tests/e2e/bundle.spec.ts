import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
// @ts-expect-error: a plain .mjs helper shared with the benchmark.
import { mainThreadChunks } from '../bench/mainBundle.mjs';

const dist = 'dist';
const assets = readdirSync(join(dist, 'assets')).filter((f) => f.endsWith('.js'));
const code = (file: string) => readFileSync(join(dist, file), 'utf8');
const all = assets.map((f) => ({ file: `assets/${f}`, text: code(`assets/${f}`) }));

// tfjs-core's engine says this when a second copy registers its kernels over the first.
const TFJS_CORE_MARKER = 'is already registered';
const TFJS_VERSION = /["'`]4\.\d+\.\d+["'`]/;

test('the build holds exactly one tfjs, version 4.x, and no plotly or xlsx code', () => {
  const withCore = all.filter((c) => c.text.includes('Cannot evaluate flag'));
  expect(withCore.map((c) => c.file), 'chunks containing tfjs-core').toHaveLength(1);
  expect(TFJS_VERSION.test(withCore[0]!.text)).toBe(true);
  expect(all.filter((c) => /["'`]3\.13\.\d["'`]/.test(c.text)).map((c) => c.file), 'tfjs 3.x leftovers').toEqual([]);
  // Library code, not names: danfojs' own `plot()` wrapper still mentions PlotlyLib, but the 3.5 MB plotly and the
  // xlsx parser must not be there.
  for (const marker of ['Plotly.register', 'plotly.js v', 'SheetJS', 'XLSX.version']) {
    expect(all.filter((c) => c.text.includes(marker)).map((c) => c.file), `chunks mentioning ${marker}`).toEqual([]);
  }
  expect(withCore[0]!.text.includes(TFJS_CORE_MARKER)).toBe(true);
  // plotly alone is ~3.5 MB minified; with it gone, no chunk comes near that.
  const largest = Math.max(...all.map((c) => c.text.length));
  expect(largest).toBeLessThan(2_500_000);
});

test('tfjs and danfojs load only in workers, never on the main thread', () => {
  const main: string[] = mainThreadChunks(dist);
  expect(main.length).toBeGreaterThan(0);
  for (const file of main) {
    const text = code(file);
    expect(text.includes('Cannot evaluate flag'), `${file} must not contain tfjs`).toBe(false);
    // danfojs internals, not names: the Airflow exporter's Python text mentions scikit-learn's StandardScaler.
    expect(text.includes('$setValues') || text.includes('LabelEncoder'), `${file} must not contain danfojs`).toBe(false);
  }
  // The wasm binaries are part of the site, not fetched from elsewhere: tfjs' three and the sandbox's QuickJS.
  const wasm = readdirSync(join(dist, 'assets')).filter((f) => f.endsWith('.wasm'));
  expect(wasm.map((f) => f.replace(/-[\w-]{8}\.wasm$/, '.wasm')).sort()).toEqual([
    'emscripten-module.wasm',
    'tfjs-backend-wasm-simd.wasm',
    'tfjs-backend-wasm-threaded-simd.wasm',
    'tfjs-backend-wasm.wasm',
  ]);
});
