import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../src/core/random';
import { absQuantile, absQuantiles, columnStats, histogram, HistogramLayout, RunningStats } from '../../../src/viz/charts/columnStats';

/** Columns of the shapes a CSV gives: 3-decimal values (many on a threshold exactly), wide and narrow spans, gaps. */
function columns(seed: number): Record<string, Float64Array | Float32Array> {
  const random = seededRandom(seed);
  const n = 7_001;
  const of = (f: (i: number) => number) => Float64Array.from({ length: n }, (_, i) => f(i));
  return {
    decimals: of(() => Math.round(random() * 10_000) / 1000),
    narrow: of(() => 0.5 + Math.round(random() * 300) / 1e5),
    latitude: of((i) => (i % 89 === 3 ? NaN : 32.5 + random() * 9.5)),
    negative: of(() => -Math.round(random() * 2e6) / 7),
    ints: of(() => Math.floor(random() * 5)),
    constant: of(() => 4.25),
    float32: Float32Array.from({ length: n }, (_, i) => (i % 13 === 0 ? Infinity : random() * 3 - 1.5)),
    missing: of(() => NaN),
  };
}

/** Feeds a column in uneven pieces, as parts of a version arrive. */
function pieces(length: number, seed: number): [number, number][] {
  const random = seededRandom(seed);
  const out: [number, number][] = [];
  for (let from = 0; from < length; ) {
    const to = Math.min(length, from + 1 + Math.floor(random() * 2_000));
    out.push([from, to]);
    from = to;
  }
  return out;
}

describe('RunningStats and HistogramLayout: a column in parts gives the whole column’s figures', () => {
  for (const [name, values] of Object.entries(columns(42))) {
    it(`${name}: the same count, missing, mean, std, min, max and bins, bit for bit`, () => {
      const running = new RunningStats();
      const parts = pieces(values.length, 9);
      expect(parts.length).toBeGreaterThan(3);
      for (const [from, to] of parts) running.add(values, from, to);
      const stats = running.stats();
      expect(stats).toEqual(columnStats(values));

      const whole = histogram(values, 20);
      if (stats.count === 0) {
        expect(whole).toEqual([]);
        return;
      }
      const layout = new HistogramLayout(stats.min, stats.max, 20, true);
      const counts = layout.emptyCounts();
      for (const [from, to] of parts) layout.count(values, counts, from, to);
      expect(layout.bins(counts)).toEqual(whole);
      expect(whole.reduce((s, b) => s + b.count, 0)).toBe(stats.count);
    });
  }

  it('with a domain given (the residual histogram), values outside it left out', () => {
    const random = seededRandom(3);
    const values = Float64Array.from({ length: 5_000 }, () => Math.round((random() - 0.5) * 4000) / 1000);
    for (const limit of [1.2345, 0.5, 2]) {
      const layout = new HistogramLayout(-limit, limit, 40, false);
      const counts = layout.emptyCounts();
      layout.count(values, counts);
      expect(layout.bins(counts)).toEqual(histogram(values, 40, [-limit, limit]));
    }
  });

  it('absQuantiles gives what absQuantile gives, one q at a time', () => {
    const values = columns(5).latitude!.map((x) => x - 37);
    expect(absQuantiles(values, [0.5, 0.95, 0.995])).toEqual([absQuantile(values, 0.5), absQuantile(values, 0.95), absQuantile(values, 0.995)]);
    expect(absQuantiles([NaN], [0.5, 0.9])).toEqual([0, 0]);
  });
});
