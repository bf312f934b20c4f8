import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_DELAY_MS, fnv1a, retryDelayMs } from '../../../src/core/retryDelay';

const KEYS = Array.from({ length: 64 }, (_, i) => `dag#task_${i}#manual__2024-01-01T00:00:00.000Z__${i}`);

describe('retryDelayMs: plain delay', () => {
  it("defaults to Airflow's 5 minutes (300000 ms)", () => {
    expect(DEFAULT_RETRY_DELAY_MS).toBe(300_000);
    expect(retryDelayMs({}, 1, 'k')).toBe(300_000);
    expect(retryDelayMs({}, 3, 'other')).toBe(300_000);
  });

  it('waits exactly retryDelayMs for every try and every key', () => {
    for (const tryNumber of [1, 2, 3, 7]) {
      for (const key of KEYS.slice(0, 5)) expect(retryDelayMs({ retryDelayMs: 1_500 }, tryNumber, key)).toBe(1_500);
    }
  });

  it('allows a zero delay', () => {
    expect(retryDelayMs({ retryDelayMs: 0 }, 1, 'k')).toBe(0);
  });

  it('ignores maxRetryDelayMs without exponential backoff (Airflow applies max_retry_delay to backoff only)', () => {
    expect(retryDelayMs({ retryDelayMs: 10_000, maxRetryDelayMs: 2_000 }, 1, 'k')).toBe(10_000);
  });
});

describe('retryDelayMs: exponential backoff', () => {
  const policy = { retryDelayMs: 1_000, retryExponentialBackoff: true } as const;

  it('waits within [delay·2^(try−1), 2·delay·2^(try−1)) for each try', () => {
    for (let tryNumber = 1; tryNumber <= 10; tryNumber++) {
      const low = 1_000 * 2 ** (tryNumber - 1);
      for (const key of KEYS) {
        const wait = retryDelayMs(policy, tryNumber, key);
        expect(Number.isInteger(wait)).toBe(true);
        expect(wait).toBeGreaterThanOrEqual(low);
        expect(wait).toBeLessThan(2 * low);
      }
    }
  });

  it('rounds a fractional base up, as Airflow does (math.ceil)', () => {
    const wait = retryDelayMs({ retryDelayMs: 0.5, retryExponentialBackoff: true }, 1, 'k');
    expect(wait).toBeGreaterThanOrEqual(1);
    expect(wait).toBeLessThan(2);
  });

  it('is deterministic: the same try of the same task always waits the same', () => {
    for (const key of KEYS) {
      for (const tryNumber of [1, 2, 3]) expect(retryDelayMs(policy, tryNumber, key)).toBe(retryDelayMs(policy, tryNumber, key));
    }
  });

  it('spreads tasks that failed together: different keys give different waits', () => {
    const waits = new Set(KEYS.map((key) => retryDelayMs(policy, 3, key)));
    // 64 keys over a window of 4000 values: nearly all distinct, certainly not all the same.
    expect(waits.size).toBeGreaterThan(KEYS.length / 2);
  });

  it('differs between tries of the same task beyond the doubling (the try number is part of the hash)', () => {
    const jitters = [1, 2, 3, 4].map((t) => retryDelayMs(policy, t, KEYS[0]!) - 1_000 * 2 ** (t - 1));
    expect(new Set(jitters).size).toBeGreaterThan(1);
  });

  it('is capped by maxRetryDelayMs', () => {
    const capped = { ...policy, maxRetryDelayMs: 5_000 };
    for (let tryNumber = 1; tryNumber <= 12; tryNumber++) {
      for (const key of KEYS) {
        const wait = retryDelayMs(capped, tryNumber, key);
        expect(wait).toBeLessThanOrEqual(5_000);
        expect(wait).toBe(Math.min(5_000, retryDelayMs(policy, tryNumber, key)));
      }
    }
    // From try 4 on the lower bound (8000) is above the cap: always exactly the cap.
    expect(retryDelayMs(capped, 4, 'k')).toBe(5_000);
    expect(retryDelayMs(capped, 30, 'k')).toBe(5_000);
  });

  it('stays finite for large try numbers', () => {
    expect(Number.isFinite(retryDelayMs(policy, 60, 'k'))).toBe(true);
  });
});

describe('fnv1a', () => {
  it('matches the published 32-bit FNV-1a test vectors', () => {
    expect(fnv1a('')).toBe(0x811c9dc5);
    expect(fnv1a('a')).toBe(0xe40c292c);
    expect(fnv1a('foobar')).toBe(0xbf9cf968);
  });

  it('returns an unsigned 32-bit integer', () => {
    for (const key of KEYS) {
      const h = fnv1a(key);
      expect(Number.isInteger(h)).toBe(true);
      expect(h).toBeGreaterThanOrEqual(0);
      expect(h).toBeLessThan(2 ** 32);
    }
  });
});
