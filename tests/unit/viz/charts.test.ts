import { csvParseRows } from 'd3';
import { describe, expect, it } from 'vitest';
import { makeTable } from '../../../src/core/columns';
import { seededRandom } from '../../../src/core/random';
import { absQuantile, columnStats, histogram, tallestBin } from '../../../src/viz/charts/columnStats';
import { csvChunks, csvField, formatCsvNumber, tableToCsv } from '../../../src/viz/charts/csv';
import { errorBucketColours, errorBuckets } from '../../../src/viz/charts/errorColours';
import { finiteExtent, queueFrameTask } from '../../../src/viz/charts/frameQueue';
import { bucketSize, divergingBucket, drawPointBuckets, groupByBucket, type PointContext } from '../../../src/viz/charts/pointBuckets';
import { etaText, trainingEta } from '../../../src/viz/charts/trainingEta';

/** Seeded values with a large mean and a small spread (like Latitude), a few of them missing. */
function sample(n: number, seed: number): Float64Array {
  const random = seededRandom(seed);
  return Float64Array.from({ length: n }, (_, i) => (i % 97 === 5 ? NaN : 1e6 + (random() - 0.5) * 3));
}

describe('columnStats', () => {
  it('matches a two-pass computation, leaving missing values out', () => {
    const values = sample(5000, 7);
    const finite = Array.from(values).filter(Number.isFinite);
    const mean = finite.reduce((s, x) => s + x, 0) / finite.length;
    const variance = finite.reduce((s, x) => s + (x - mean) ** 2, 0) / (finite.length - 1);
    const stats = columnStats(values);
    expect(stats.count).toBe(finite.length);
    expect(stats.missing).toBe(values.length - finite.length);
    expect(stats.missing).toBeGreaterThan(0);
    expect(stats.mean).toBeCloseTo(mean, 6);
    expect(stats.std / Math.sqrt(variance)).toBeCloseTo(1, 9);
    expect(stats.min).toBe(Math.min(...finite));
    expect(stats.max).toBe(Math.max(...finite));
  });

  it('says NaN for what an empty or one-value column cannot have', () => {
    expect(columnStats(new Float32Array([NaN, Infinity]))).toEqual({ count: 0, missing: 2, mean: NaN, std: NaN, min: NaN, max: NaN });
    const one = columnStats([4]);
    expect(one.mean).toBe(4);
    expect(one.std).toBeNaN();
  });
});

describe('histogram', () => {
  it('counts every finite value once, in bins that tile the range', () => {
    const values = sample(3000, 11);
    const bins = histogram(values, 20);
    const finite = Array.from(values).filter(Number.isFinite);
    expect(bins.reduce((s, b) => s + b.count, 0)).toBe(finite.length);
    for (let i = 1; i < bins.length; i++) expect(bins[i]!.x0).toBe(bins[i - 1]!.x1);
    expect(bins[0]!.x0).toBeLessThanOrEqual(Math.min(...finite));
    expect(bins[bins.length - 1]!.x1).toBeGreaterThanOrEqual(Math.max(...finite));
    const inFirst = finite.filter((x) => x >= bins[0]!.x0 && x < bins[0]!.x1).length;
    expect(bins[0]!.count).toBe(inFirst);
    expect(tallestBin(bins)).toBe(Math.max(...bins.map((b) => b.count)));
  });

  it('keeps to a given domain and is empty without finite values', () => {
    const bins = histogram([-1, 0, 0.5, 1, 5], 4, [-1, 1]);
    expect(bins[0]!.x0).toBe(-1);
    expect(bins[bins.length - 1]!.x1).toBe(1);
    expect(bins.reduce((s, b) => s + b.count, 0)).toBe(4);
    expect(histogram([NaN], 10)).toEqual([]);
  });

  it('finds a quantile of absolute values', () => {
    expect(absQuantile([-4, 1, NaN, -2, 3, 0], 1)).toBe(4);
    expect(absQuantile([-4, 1, -2, 3, 0], 0.5)).toBe(2);
    expect(absQuantile([], 0.9)).toBe(0);
  });
});

describe('CSV writer', () => {
  it('writes float32 values in the shortest form that reads back to the same float32', () => {
    const random = seededRandom(3);
    const values = Float32Array.from({ length: 2000 }, () => (random() - 0.5) * 10 ** Math.floor(random() * 12 - 6));
    for (const value of values) {
      const text = formatCsvNumber(value, 'float32');
      expect(Math.fround(Number(text))).toBe(value);
      expect(text.replace(/^-|e.*$|\./g, '').replace(/^0+/, '').length).toBeLessThanOrEqual(9);
    }
    expect(formatCsvNumber(Math.fround(0.1), 'float32')).toBe('0.1');
    expect(formatCsvNumber(Math.fround(8.3252), 'float32')).toBe('8.3252');
  });

  it('writes float64 values exactly, and missing, infinite and negative zero values distinctly', () => {
    const random = seededRandom(5);
    for (let i = 0; i < 500; i++) {
      const value = (random() - 0.5) * 1e5;
      expect(Number(formatCsvNumber(value, 'float64'))).toBe(value);
    }
    expect(formatCsvNumber(NaN, 'float64')).toBe('');
    expect(formatCsvNumber(-0, 'float32')).toBe('-0');
    expect(Object.is(Number(formatCsvNumber(-0, 'float64')), -0)).toBe(true);
    expect(formatCsvNumber(-Infinity, 'float32')).toBe('-Infinity');
  });

  it('quotes header fields that need it', () => {
    expect(csvField('MedInc')).toBe('MedInc');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField(' padded')).toBe('" padded"');
  });

  it('writes a table that parses back to the same columns, in chunks that split at row boundaries', () => {
    const random = seededRandom(9);
    const a = Float32Array.from({ length: 2500 }, () => random() * 100 - 50);
    const b = Float64Array.from({ length: 2500 }, (_, i) => (i === 17 ? NaN : random()));
    const table = makeTable({ 'price, $': a, b });
    const chunks = [...csvChunks(table, 1000)];
    expect(chunks).toHaveLength(3);
    expect(chunks[0]!.startsWith('"price, $",b\r\n')).toBe(true);
    for (const chunk of chunks) expect(chunk.endsWith('\r\n')).toBe(true);
    const rows = csvParseRows(chunks.join('').trimEnd());
    expect(rows[0]).toEqual(['price, $', 'b']);
    expect(rows).toHaveLength(2501);
    rows.slice(1).forEach(([x, y], i) => {
      expect(Math.fround(Number(x))).toBe(a[i]);
      if (i === 17) expect(y).toBe('');
      else expect(Number(y)).toBe(b[i]);
    });
    expect(tableToCsv(makeTable({ x: new Float32Array(0) }))).toBe('x\r\n');
  });
});

describe('trainingEta', () => {
  const epochs = (n: number, msPerEpoch: number) =>
    Array.from({ length: n }, (_, i) => ({ epoch: i + 1, trainLoss: 1, validationLoss: 1, elapsedMs: (i + 1) * msPerEpoch }));

  it('estimates the time left from the mean epoch time so far', () => {
    const eta = trainingEta({ epochs: epochs(5, 200), maxEpochs: 20, finished: false });
    expect(eta).toEqual({ epochsDone: 5, maxEpochs: 20, fraction: 0.25, elapsedMs: 1000, remainingMs: 3000 });
    expect(etaText(eta.remainingMs)).toBe('about 3 s left');
    expect(etaText(65_000)).toBe('about 1 min 5 s left');
  });

  it('cannot estimate before the first epoch, and is done once finished (early stopping too)', () => {
    expect(trainingEta({ epochs: [], maxEpochs: 30, finished: false }).remainingMs).toBeNull();
    expect(etaText(null)).toBe('estimating…');
    const stopped = trainingEta({ epochs: epochs(12, 100), maxEpochs: 100, finished: true });
    expect(stopped.fraction).toBe(1);
    expect(stopped.remainingMs).toBe(0);
    expect(etaText(stopped.remainingMs)).toBe('done');
  });
});

describe('point buckets', () => {
  it('groups point indices by bucket, stably, leaving out hidden points', () => {
    const buckets = groupByBucket([2, 0, -1, 2, 1, 0, 7], 3);
    expect(Array.from(buckets.offsets)).toEqual([0, 2, 3, 5]);
    expect(Array.from(buckets.order)).toEqual([1, 5, 4, 0, 3]);
    expect(bucketSize(buckets, 2)).toBe(2);
  });

  it('fills one path per non-empty bucket, in bucket order, skipping NaN positions', () => {
    const calls: string[] = [];
    const ctx: PointContext = {
      fillStyle: '',
      globalAlpha: 1,
      beginPath: () => calls.push('begin'),
      rect: (x, y, w, h) => calls.push(`rect ${x},${y},${w},${h}`),
      fill: () => calls.push(`fill ${String(ctx.fillStyle)} ${ctx.globalAlpha}`),
    };
    const buckets = groupByBucket([1, 1, 0, 2], 3);
    drawPointBuckets(ctx, [10, 20, 30, NaN], [1, 2, 3, 4], buckets, ['red', 'green', 'blue'], 2, [0.5]);
    expect(calls).toEqual(['begin', 'rect 29,2,2,2', 'fill red 0.5', 'begin', 'rect 9,0,2,2', 'rect 19,1,2,2', 'fill green 1', 'begin', 'fill blue 1']);
    expect(ctx.globalAlpha).toBe(1);
  });

  it('puts values into diverging buckets centred on zero, clamping beyond the half-width', () => {
    expect(divergingBucket(0, 1, 11)).toBe(5);
    expect(divergingBucket(-1, 1, 11)).toBe(0);
    expect(divergingBucket(1, 1, 11)).toBe(10);
    expect(divergingBucket(50, 1, 11)).toBe(10);
    expect(divergingBucket(-50, 1, 11)).toBe(0);
    expect(divergingBucket(NaN, 1, 11)).toBe(-1);
    expect(Array.from(errorBuckets([0.95, -0.95, 0.05, NaN], 1, 11))).toEqual([10, 0, 5, -1]);
  });

  it('colours error buckets from blue through grey to red', () => {
    const colours = errorBucketColours(1, 11);
    expect(colours).toHaveLength(11);
    const rgb = (c: string) => c.match(/\d+/g)!.map(Number);
    const [r0, , b0] = rgb(colours[0]!);
    const [r10, , b10] = rgb(colours[10]!);
    const [rm, gm, bm] = rgb(colours[5]!);
    expect(b0!).toBeGreaterThan(r0!);
    expect(r10!).toBeGreaterThan(b10!);
    expect(Math.max(rm!, gm!, bm!) - Math.min(rm!, gm!, bm!)).toBeLessThan(12);
  });
});

describe('frame queue', () => {
  it('runs one task per animation frame, in order, and lets a queued task be cancelled', () => {
    const frames: (() => void)[] = [];
    globalThis.requestAnimationFrame = ((callback: FrameRequestCallback) => frames.push(() => callback(0))) as typeof requestAnimationFrame;
    const ran: string[] = [];
    queueFrameTask(() => ran.push('a'));
    const cancel = queueFrameTask(() => ran.push('b'));
    queueFrameTask(() => ran.push('c'));
    cancel();
    expect(ran).toEqual([]);
    frames.shift()!();
    expect(ran).toEqual(['a']);
    frames.shift()!();
    expect(ran).toEqual(['a', 'c']);
    expect(frames).toHaveLength(0);
  });

  it('finds the extent of the finite values', () => {
    expect(finiteExtent([3, NaN, -2, Infinity, 7])).toEqual([-2, 7]);
    expect(finiteExtent([NaN])).toBeUndefined();
  });
});
