import { describe, expect, it } from 'vitest';
import { BANDS, bandLines, errorByBand } from '../../../src/pipelines/ml/errorByBand';
import { seededRandom } from '../../../src/core/random';

/** The same figures computed the plain way: rank the rows by actual value, cut in five, average per band. */
function reference(actual: Float32Array, prediction: Float32Array, rows: Uint32Array) {
  const sorted = [...rows].sort((a, b) => actual[a]! - actual[b]!);
  return Array.from({ length: BANDS }, (_, b) => {
    const inBand = sorted.filter((_, rank) => Math.floor((rank * BANDS) / sorted.length) === b);
    const errors = inBand.map((row) => prediction[row]! - actual[row]!);
    return {
      band: b + 1,
      from: actual[inBand[0]!]!,
      to: actual[inBand.at(-1)!]!,
      rows: inBand.length,
      mae: errors.reduce((s, e) => s + Math.abs(e), 0) / errors.length,
      bias: errors.reduce((s, e) => s + e, 0) / errors.length,
    };
  });
}

describe('errorByBand', () => {
  it('matches a plain computation per band of actual values, on the rows asked for only', () => {
    const random = seededRandom(11);
    const n = 1_003;
    const actual = Float32Array.from({ length: n }, () => 0.15 + random() * 4.85);
    // Regression to the mean: too high at the bottom, too low at the top.
    const prediction = Float32Array.from(actual, (y) => 2.5 + 0.6 * (y - 2.5) + (random() - 0.5) * 0.2);
    const rows = Uint32Array.from({ length: n }, (_, i) => i).filter((i) => i % 7 !== 0);
    const bands = errorByBand(actual, prediction, rows);
    const expected = reference(actual, prediction, rows);
    expect(bands.map((b) => b.rows)).toEqual(expected.map((b) => b.rows));
    expect(bands.reduce((s, b) => s + b.rows, 0)).toBe(rows.length);
    bands.forEach((b, i) => {
      expect(b.band).toBe(expected[i]!.band);
      expect(b.from).toBeCloseTo(expected[i]!.from, 6);
      expect(b.to).toBeCloseTo(expected[i]!.to, 6);
      expect(b.mae).toBeCloseTo(expected[i]!.mae, 9);
      expect(b.bias).toBeCloseTo(expected[i]!.bias, 9);
    });
    expect(bands[0]!.bias).toBeGreaterThan(0.3);
    expect(bands[4]!.bias).toBeLessThan(-0.3);
    const lines = bandLines(bands);
    expect(lines[0]).toMatch(/^band 1 \(0\.\d\d–\d\.\d\d, 172 rows\): MAE 0\.\d{3}, bias \+0\.\d{3} \(too high\)$/);
    expect(lines[4]).toMatch(/\(too low\)$/);
  });

  it('calls a band with a mean error under a tenth of its MAE "no clear direction"', () => {
    const lines = bandLines([{ band: 4, from: 2.04, to: 2.87, rows: 619, mae: 0.334, bias: 0.02 }]);
    expect(lines).toEqual(['band 4 (2.04–2.87, 619 rows): MAE 0.334, bias +0.020 (no clear direction)']);
  });

  it('gives nothing for fewer rows than bands', () => {
    expect(errorByBand([1, 2, 3], [1, 2, 3], [0, 1, 2])).toEqual([]);
  });
});
