// The data half of the scale section (BENCH_SCALE=1): how the whole pipeline's cost grows with the rows of an uploaded
// CSV (uploadScale.mjs measures it), as a Markdown table with one verdict per curve and an SVG chart of three panels
// (time, memory, IndexedDB bytes against rows on a log axis) written beside latest.md. No dependency: strings.
import { esc, fmt } from './scaleChart.mjs';
import { CONSUMER_TASKS, PRODUCER_TASKS } from './uploadScale.mjs';

/** Near-linear (or better): the cost per row at the largest size that ran is within 1.5× of the smallest's. */
const LINEAR_SLACK = 1.5;

/** The curves judged and drawn: name, unit, how to read a point (null when it was not measured). */
export const UPLOAD_CURVES = [
  { key: 'time', label: 'whole pipeline (inspect + import + producer + consumer)', unit: 's', value: (p) => total(p) },
  {
    key: 'memory',
    label: 'peak memory added (JS heaps of page and workers + ArrayBuffers, over what they held before the upload)',
    unit: 'MB',
    value: (p) => (typeof p.peakTotalMb === 'number' && typeof p.baselineMb === 'number' ? Math.round((p.peakTotalMb - p.baselineMb) * 10) / 10 : null),
  },
  { key: 'idb', label: 'IndexedDB bytes added', unit: 'MB', value: (p) => p.idbMb ?? null },
];

function total(p) {
  if (p.refused || p.inspectMs === null || p.importMs === null || p.producerMs === null || p.consumerMs === null) return null;
  return (p.inspectMs + p.importMs + p.producerMs + p.consumerMs) / 1000;
}

export function curveVerdict(points, curve) {
  const ran = points.filter((p) => !p.refused && curve.value(p) !== null && curve.value(p) > 0);
  if (ran.length < 2) return `${curve.label}: fewer than two sizes ran, no curve`;
  const [first, last] = [ran[0], ran.at(-1)];
  const perRow = (p) => curve.value(p) / p.rows;
  const ratio = perRow(last) / perRow(first);
  const rows = (p) => p.rows.toLocaleString('en-US');
  const per100k = (p) => fmt(perRow(p) * 100_000);
  const text = `${per100k(last)} ${curve.unit} per 100,000 rows at ${rows(last)} rows against ${per100k(first)} at ${rows(first)} (×${ratio.toFixed(2)})`;
  return ratio <= LINEAR_SLACK ? `${curve.label}: near-linear or better, ${text}` : `${curve.label}: NOT linear, ${text}`;
}

export function uploadScaleMarkdown(points, svgFile) {
  const ms = (v) => (v === null || v === undefined ? '—' : Math.round(v).toLocaleString('en-US'));
  const stages = [...PRODUCER_TASKS, ...CONSUMER_TASKS];
  const lines = [
    '',
    '### The pipeline on an uploaded CSV',
    '',
    "bigUpload.mjs's seeded CSV (8 features and a target, ~57 bytes a row) uploaded on the Datasets page, inspected,",
    'imported, then the producer and the consumer with the default params (linear model, wasm), once per size in a fresh',
    'browser context. Stage times in ms (inspect and import: the panel, as a person waits; tasks: the try as IndexedDB',
    'recorded it). Memory over the Chrome DevTools Protocol every 250 ms, `Runtime.getHeapUsage` in the page and each of',
    'its workers: "heap" is the JS heap, "buffers" the ArrayBuffers outside it (typed-array columns), both summed over',
    'page and workers at one sample; "total" their peak sum, "before" the same sum just before the file was picked. IndexedDB: `navigator.storage.estimate().usage` after the',
    'run minus before the upload. Longest task: the main thread\'s longest from the file pick to the end, wall clock (Long',
    'Tasks API) and thread CPU time (a Chromium trace: without the time the thread waited for a core).',
    '',
    `| Rows | CSV MB | inspect | import | ${stages.join(' | ')} | Total s | Page heap MB | Workers heap MB | Buffers MB | Total MB | Before MB | IndexedDB MB | Longest task ms | Longest task CPU ms | Load |`,
    `| ---: | ---: | ${stages.map(() => '---:').join(' | ')} | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |`,
    ...points.map((p) =>
      `| ${p.rows.toLocaleString('en-US')} | ${p.mb} | ${ms(p.inspectMs)} | ${ms(p.importMs)} | ${stages.map((id) => ms(p.stages?.[id])).join(' | ')} | ${total(p)?.toFixed(1) ?? '—'} | ` +
          `${p.peakPageHeapMb ?? '—'} | ${p.peakWorkersHeapMb ?? '—'} | ${p.peakArrayBuffersMb ?? '—'} | ${p.peakTotalMb ?? '—'} | ${p.baselineMb ?? '—'} | ${p.idbMb ?? '—'} | ${p.longestTaskMs ?? '—'} | ${p.longestTaskCpuMs ?? '—'} | ${p.load} |`,
    ),
    '',
    ...UPLOAD_CURVES.map((curve) => `- ${curveVerdict(points, curve)}.`),
    ...points.filter((p) => p.refused).map((p) => `- ${p.rows.toLocaleString('en-US')} rows did not run: ${esc(p.refused)}`),
    ...points.filter((p) => p.storageMs && !p.refused).map((p) => `- ${storageLine(p)}.`),
    '',
    `![How the pipeline's cost grows with the rows of an uploaded CSV](${svgFile})`,
    '',
  ];
  return lines.join('\n');
}

/** Three panels side by side, one per curve, against rows on a log axis; sizes that did not run are left out. */
export function uploadScaleSvg(points) {
  const W = 900;
  const H = 240;
  const ran = points.filter((p) => !p.refused);
  const height = H + 8 + 14 * points.filter((p) => p.refused).length;
  const panel = (x0, curve) => {
    const left = x0 + 48;
    const right = x0 + W / 3 - 24;
    const top = 40;
    const bottom = H - 36;
    const drawn = ran.filter((p) => curve.value(p) !== null);
    const xs = drawn.map((p) => Math.log10(p.rows));
    const [xMin, xMax] = [Math.min(...xs), Math.max(...xs)];
    const yMax = Math.max(1e-9, ...drawn.map(curve.value)) * 1.15;
    const x = (p) => left + ((Math.log10(p.rows) - xMin) / Math.max(1e-9, xMax - xMin)) * (right - left);
    const y = (v) => bottom - (v / yMax) * (bottom - top);
    const path = drawn.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(p).toFixed(1)},${y(curve.value(p)).toFixed(1)}`).join(' ');
    if (drawn.length === 0) return `<text x="${left}" y="18" font-size="12">${esc(curve.label.replace(/ \(.*\)$/, ''))}: not measured</text>`;
    return [
      `<text x="${left}" y="18" font-size="12" font-weight="600">${esc(curve.label.replace(/ \(.*\)$/, ''))}</text>`,
      `<line x1="${left}" y1="${bottom}" x2="${right}" y2="${bottom}" stroke="#888"/>`,
      `<line x1="${left}" y1="${top}" x2="${left}" y2="${bottom}" stroke="#888"/>`,
      `<text x="${left - 6}" y="${top + 4}" font-size="10" text-anchor="end">${fmt(yMax)}</text>`,
      `<text x="${left - 6}" y="${bottom}" font-size="10" text-anchor="end">0</text>`,
      `<text x="${left - 36}" y="${(top + bottom) / 2}" font-size="10" transform="rotate(-90 ${left - 36} ${(top + bottom) / 2})" text-anchor="middle">${esc(curve.unit)}</text>`,
      `<path d="${path}" fill="none" stroke="#0b5cad" stroke-width="2"/>`,
      ...drawn.map(
        (p) =>
          `<circle cx="${x(p).toFixed(1)}" cy="${y(curve.value(p)).toFixed(1)}" r="3.5" fill="#0b5cad"/>` +
          `<text x="${x(p).toFixed(1)}" y="${bottom + 14}" font-size="10" text-anchor="middle">${axisRows(p.rows)}</text>` +
          `<text x="${x(p).toFixed(1)}" y="${(y(curve.value(p)) - 7).toFixed(1)}" font-size="10" text-anchor="middle">${fmt(curve.value(p))}</text>`,
      ),
      `<text x="${(left + right) / 2}" y="${H - 6}" font-size="10" text-anchor="middle">rows (log scale)</text>`,
    ].join('\n');
  };
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${height}" viewBox="0 0 ${W} ${height}" font-family="system-ui, sans-serif">`,
    `<rect width="${W}" height="${height}" fill="#fff"/>`,
    ...UPLOAD_CURVES.map((curve, i) => panel((i * W) / 3, curve)),
    // Sizes that did not run are named under the panels, not drawn as zeros.
    ...points
      .filter((p) => p.refused)
      .map((p, i) => `<text x="48" y="${H + 16 + i * 14}" font-size="10" fill="#a40e26">${esc(`${p.rows.toLocaleString('en-US')} rows did not run: ${p.refused}`.slice(0, 150))}</text>`),
    '</svg>',
    '',
  ].join('\n');
}

/**
 * Where one size's task time went: per task, its storage reads and writes and the rest of its run (its own code and
 * the waits between), from the workers' `pp:` measures (uploadScale.mjs, workerStages). IndexedDB runs transactions
 * whose scopes overlap one after another, so a read that starts while a large write is under way waits for it.
 */
export function storageLine(p) {
  const parts = [...PRODUCER_TASKS, ...CONSUMER_TASKS].flatMap((task) => {
    const of = (suffix) => Object.entries(p.storageMs).filter(([name]) => name.startsWith(`${task}:`) && name.endsWith(suffix)).reduce((s, [, ms]) => s + ms, 0);
    const run = p.storageMs[`${task}:run`];
    if (run === undefined) return [];
    const reads = of('readDatasetVersion') + of('readTaskOutputWithLineage');
    const writes = of('writeDatasetVersion') + of('writeTaskOutput');
    return [`${task} ${ms(reads)} read / ${ms(writes)} write / ${ms(run - reads - writes)} rest`];
  });
  return `${p.rows.toLocaleString('en-US')} rows, each task's ms in storage reads, writes and the rest: ${parts.join('; ')}`;
}

const ms = (v) => Math.round(v).toLocaleString('en-US');

/** A size under its point on the axis: short from 100,000 up, where 1,000,000 and 2,000,000 sit close on a log scale. */
const axisRows = (rows) =>
  rows >= 1_000_000 ? `${Number((rows / 1_000_000).toFixed(1))}M` : rows >= 100_000 ? `${Math.round(rows / 1_000)}k` : rows.toLocaleString('en-US');

/**
 * The scale section's figures for the metrics table (anchors.mjs): the largest size that ran to a consumer success,
 * the longest main-thread task over every size, and at the largest size that ran, the whole pipeline's ms per 100,000
 * rows and the peak memory added. One run each: the "median" of one sample.
 */
export function uploadScaleMetrics(points) {
  const ran = points.filter((p) => !p.refused && total(p) !== null);
  const largest = ran.at(-1) ?? null;
  const longest = points.map((p) => p.longestTaskMs).filter((v) => typeof v === 'number');
  const longestCpu = points.map((p) => p.longestTaskCpuMs).filter((v) => typeof v === 'number');
  const memory = UPLOAD_CURVES.find((c) => c.key === 'memory');
  return {
    scale_upload_largest_rows: largest?.rows ?? 0,
    scale_upload_longest_task_ms: longest.length ? Math.max(...longest) : null,
    scale_upload_longest_task_cpu_ms: longestCpu.length ? Math.max(...longestCpu) : null,
    scale_upload_ms_per_100k_rows: largest ? Math.round((total(largest) * 1000 * 100_000) / largest.rows) : null,
    scale_upload_peak_mb: largest ? memory.value(largest) : null,
  };
}
