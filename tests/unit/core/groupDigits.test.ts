import { describe, expect, it } from 'vitest';
import { groupDigits } from '../../../src/core/groupDigits';
import { seededRandom } from '../../../src/core/random';

describe('groupDigits', () => {
  it('writes integers as en-US digit grouping does', () => {
    for (const n of [0, 1, -1, 12, 999, 1000, -1000, 20_640, 123_456, 1_000_000, -9_876_543, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER]) {
      expect(groupDigits(n)).toBe(n.toLocaleString('en-US'));
    }
  });

  it('agrees with Intl on 5,000 seeded random integers of every length and sign', () => {
    const random = seededRandom(16);
    for (let i = 0; i < 5000; i++) {
      const digits = 1 + Math.floor(random() * 15);
      const n = Math.floor(random() * 10 ** digits) * (random() < 0.3 ? -1 : 1);
      expect(groupDigits(n)).toBe(n.toLocaleString('en-US'));
    }
  });

  it('hands what is not a safe integer to Intl, so nothing reads differently', () => {
    for (const n of [1234.5678, -0, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 2 ** 60, 0.5]) {
      expect(groupDigits(n)).toBe(n.toLocaleString('en-US'));
    }
  });
});
