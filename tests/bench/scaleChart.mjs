// The scale section of the bench report (BENCH_SCALE=1): how orchestration cost grows with the number of tasks, as a
// Markdown table and a small SVG chart written beside latest.md (no dependency: the SVG is a string).

/** Near-linear: the cost per 1,000 tasks at the largest size is within 1.5× of the smallest's. */
const LINEAR_SLACK = 1.5;

export function scaleVerdict(points) {
  if (points.length < 2) return 'one size only: no curve';
  const first = points[0];
  const last = points.at(-1);
  const ratio = last.msPer1000 / first.msPer1000;
  return ratio <= LINEAR_SLACK
    ? `near-linear: ${fmt(last.msPer1000)} ms per 1,000 tasks at ${last.tasks.toLocaleString('en-US')} tasks against ${fmt(first.msPer1000)} at ${first.tasks.toLocaleString('en-US')} (×${ratio.toFixed(2)})`
    : `NOT linear: ${fmt(last.msPer1000)} ms per 1,000 tasks at ${last.tasks.toLocaleString('en-US')} tasks against ${fmt(first.msPer1000)} at ${first.tasks.toLocaleString('en-US')} (×${ratio.toFixed(2)}); see the report's note`;
}

export function scaleMarkdown(points, svgFile) {
  const lines = [
    '',
    '## Scale',
    '',
    'The no-op fan-out/fan-in DAG at each size, one run each on the default pool (the real coordinator, workers and',
    'IndexedDB); peak heap is the page\'s used JS heap (performance.memory, sampled every 50 ms; workers not included).',
    '',
    '| Tasks | Run s | ms per 1,000 tasks | Peak heap MB | Writes flushed after s |',
    '| ---: | ---: | ---: | ---: | ---: |',
    ...points.map(
      (p) => `| ${p.tasks.toLocaleString('en-US')} | ${p.seconds.toFixed(2)} | ${fmt(p.msPer1000)} | ${p.peakHeapMb ?? '—'} | ${p.flushSeconds.toFixed(2)} |`,
    ),
    '',
    `Orchestration: ${scaleVerdict(points)}.`,
    '',
    `![How cost grows with the number of tasks](${svgFile})`,
    '',
  ];
  return lines.join('\n');
}

/** Two panels side by side: ms per 1,000 tasks and peak heap, against tasks on a log axis. */
export function scaleSvg(points) {
  const W = 640;
  const H = 240;
  const panel = (x0, title, value, unit) => {
    const left = x0 + 48;
    const right = x0 + W / 2 - 30;
    const top = 40;
    const bottom = H - 36;
    const xs = points.map((p) => Math.log10(p.tasks));
    const [xMin, xMax] = [Math.min(...xs), Math.max(...xs)];
    const ys = points.map(value).filter((v) => v !== null);
    const yMax = Math.max(1e-9, ...ys) * 1.15;
    const x = (p) => left + ((Math.log10(p.tasks) - xMin) / Math.max(1e-9, xMax - xMin)) * (right - left);
    const y = (v) => bottom - (v / yMax) * (bottom - top);
    const drawn = points.filter((p) => value(p) !== null);
    const path = drawn.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(p).toFixed(1)},${y(value(p)).toFixed(1)}`).join(' ');
    return [
      `<text x="${left}" y="18" font-size="13" font-weight="600">${esc(title)}</text>`,
      `<line x1="${left}" y1="${bottom}" x2="${right}" y2="${bottom}" stroke="#888"/>`,
      `<line x1="${left}" y1="${top}" x2="${left}" y2="${bottom}" stroke="#888"/>`,
      `<text x="${left - 6}" y="${top + 4}" font-size="10" text-anchor="end">${fmt(yMax)}</text>`,
      `<text x="${left - 6}" y="${bottom}" font-size="10" text-anchor="end">0</text>`,
      `<text x="${left - 40}" y="${(top + bottom) / 2}" font-size="10" transform="rotate(-90 ${left - 40} ${(top + bottom) / 2})" text-anchor="middle">${esc(unit)}</text>`,
      `<path d="${path}" fill="none" stroke="#0b5cad" stroke-width="2"/>`,
      ...drawn.map(
        (p) =>
          `<circle cx="${x(p).toFixed(1)}" cy="${y(value(p)).toFixed(1)}" r="3.5" fill="#0b5cad"/>` +
          `<text x="${x(p).toFixed(1)}" y="${bottom + 14}" font-size="10" text-anchor="middle">${p.tasks.toLocaleString('en-US')}</text>` +
          `<text x="${x(p).toFixed(1)}" y="${(y(value(p)) - 7).toFixed(1)}" font-size="10" text-anchor="middle">${fmt(value(p))}</text>`,
      ),
      `<text x="${(left + right) / 2}" y="${H - 6}" font-size="10" text-anchor="middle">tasks (log scale)</text>`,
    ].join('\n');
  };
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="system-ui, sans-serif">`,
    `<rect width="${W}" height="${H}" fill="#fff"/>`,
    panel(0, 'Orchestration: ms per 1,000 no-op tasks', (p) => p.msPer1000, 'ms / 1,000 tasks'),
    panel(W / 2, 'Peak JS heap of the page', (p) => p.peakHeapMb, 'MB'),
    '</svg>',
    '',
  ].join('\n');
}

export function fmt(v) {
  return v >= 100 ? Math.round(v).toLocaleString('en-US') : v >= 10 ? v.toFixed(1) : v.toFixed(2);
}

export function esc(text) {
  return String(text).replaceAll('&', '&amp;').replaceAll('<', '&lt;');
}
