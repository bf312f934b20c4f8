import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_DELAY_MS, fnv1a, MAX_RETRY_DELAY_MS, retryDelayMs } from '../../../src/core/retryDelay';
import { sha1Hex } from '../../../src/core/sha1';

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

describe('retryDelayMs: exponential backoff, in whole seconds as Airflow computes it', () => {
  const policy = { retryDelayMs: 1_000, retryExponentialBackoff: true } as const;

  it('waits within [delay·2^(try−1), 2·delay·2^(try−1)) whole seconds for each try', () => {
    for (let tryNumber = 1; tryNumber <= 10; tryNumber++) {
      const low = 1_000 * 2 ** (tryNumber - 1);
      for (const key of KEYS) {
        const wait = retryDelayMs(policy, tryNumber, key);
        expect(wait % 1_000).toBe(0);
        expect(wait).toBeGreaterThanOrEqual(low);
        expect(wait).toBeLessThan(2 * low);
      }
    }
  });

  // Airflow's test_next_retry_datetime_short_or_zero_intervals: never less than one second.
  it.each([0, 500, 1_000])('waits exactly 1 s after the first try for a base of %i ms', (base) => {
    for (const key of KEYS.slice(0, 8)) expect(retryDelayMs({ retryDelayMs: base, retryExponentialBackoff: true }, 1, key)).toBe(1_000);
  });

  it('rounds a fractional base up to whole seconds (math.ceil), with the jitter in whole seconds too', () => {
    // 1.5 s · 2 = 3 s at try 2: waits 3, 4 or 5 s.
    for (const key of KEYS) expect([3_000, 4_000, 5_000]).toContain(retryDelayMs({ retryDelayMs: 1_500, retryExponentialBackoff: true }, 2, key));
  });

  // Airflow's test_next_retry_datetime: base 30 s, max_retry_delay 60 min.
  it('follows Airflow\'s own backoff case: 30 s base, 60 min cap', () => {
    const capped = { retryDelayMs: 30_000, retryExponentialBackoff: true, maxRetryDelayMs: 3_600_000 };
    for (const key of KEYS) {
      expect(retryDelayMs(capped, 1, key)).toBeGreaterThanOrEqual(30_000);
      expect(retryDelayMs(capped, 1, key)).toBeLessThan(60_000);
      expect(retryDelayMs(capped, 3, key)).toBeGreaterThanOrEqual(120_000);
      expect(retryDelayMs(capped, 3, key)).toBeLessThan(240_000);
      expect(retryDelayMs(capped, 5, key)).toBeGreaterThanOrEqual(480_000);
      expect(retryDelayMs(capped, 5, key)).toBeLessThan(960_000);
      expect(retryDelayMs(capped, 9, key)).toBe(3_600_000);
      expect(retryDelayMs(capped, 50, key)).toBe(3_600_000);
    }
  });

  it('never backs off beyond 24 h (MAX_RETRY_DELAY), even without maxRetryDelayMs: base 3,600 s at tries 5 and 6', () => {
    const hourly = { retryDelayMs: 3_600_000, retryExponentialBackoff: true };
    expect(MAX_RETRY_DELAY_MS).toBe(86_400_000);
    const fifth = KEYS.map((key) => retryDelayMs(hourly, 5, key));
    for (const wait of fifth) {
      expect(wait).toBeGreaterThanOrEqual(57_600_000); // 3,600 s · 2^4
      expect(wait).toBeLessThanOrEqual(86_400_000);
    }
    expect(fifth.some((wait) => wait === 86_400_000)).toBe(true); // half the jitter window lies above the cap
    expect(fifth.some((wait) => wait < 86_400_000)).toBe(true);
    for (const key of KEYS) {
      expect(retryDelayMs(hourly, 6, key)).toBe(86_400_000); // 115,200 s before the cap
      expect(retryDelayMs(hourly, 1_100, key)).toBe(86_400_000); // 2^1099 overflows a float: the cap, not NaN
    }
    expect(retryDelayMs({ retryDelayMs: 0, retryExponentialBackoff: true }, 2_000, 'k')).toBe(86_400_000);
  });

  it('is deterministic: the same try of the same task always waits the same', () => {
    for (const key of KEYS) {
      for (const tryNumber of [1, 2, 3]) expect(retryDelayMs(policy, tryNumber, key)).toBe(retryDelayMs(policy, tryNumber, key));
    }
  });

  it('spreads tasks that failed together: different keys give different waits', () => {
    const waits = new Set(KEYS.map((key) => retryDelayMs({ retryDelayMs: 60_000, retryExponentialBackoff: true }, 3, key)));
    // 64 keys over a window of 240 whole seconds: most distinct, certainly not all the same.
    expect(waits.size).toBeGreaterThan(KEYS.length / 2);
  });

  it('differs between tries of the same task beyond the doubling (the try number is part of the hash)', () => {
    const jitters = [3, 4, 5, 6].map((t) => retryDelayMs(policy, t, KEYS[0]!) - 1_000 * 2 ** (t - 1));
    expect(new Set(jitters).size).toBeGreaterThan(1);
  });

  it('is capped by maxRetryDelayMs; a zero maxRetryDelayMs caps nothing (Airflow tests it for truth)', () => {
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
    expect(retryDelayMs({ ...policy, maxRetryDelayMs: 0 }, 4, 'k')).toBe(retryDelayMs(policy, 4, 'k'));
  });

  it("agrees with Airflow's next_retry_datetime formula run in Python, jitter included", () => {
    const cases = [
      { base: 0, max: null, tries: [1, 2, 3] },
      { base: 500, max: null, tries: [1, 2, 7] },
      { base: 1_000, max: 10_000, tries: [1, 2, 3, 4, 5] },
      { base: 1_500, max: null, tries: [1, 2, 3, 11] },
      { base: 30_000, max: 3_600_000, tries: [1, 3, 5, 9, 50] },
      { base: 3_600_000, max: null, tries: [4, 5, 6] },
    ];
    const rows = cases.flatMap((c) => c.tries.flatMap((t) => KEYS.slice(0, 6).map((key) => ({ ...c, try: t, key }))));
    const expected = airflowDelaysMs(rows);
    const actual = rows.map((r) =>
      retryDelayMs({ retryDelayMs: r.base, retryExponentialBackoff: true, ...(r.max === null ? {} : { maxRetryDelayMs: r.max }) }, r.try, r.key),
    );
    expect(actual).toEqual(expected);
  });
});

/**
 * Airflow's next_retry_datetime (airflow-core, models/taskinstance.py) with the jitter key given whole, evaluated by
 * python3: the TypeScript above must give the same milliseconds.
 */
function airflowDelaysMs(rows: readonly { base: number; max: number | null; try: number; key: string }[]): number[] {
  const program = `
import hashlib, json, math, sys
from datetime import timedelta
MAX_RETRY_DELAY = 86400
out = []
for row in json.load(sys.stdin):
    delay = timedelta(milliseconds=row["base"])
    min_backoff = math.ceil(delay.total_seconds() * (2 ** (row["try"] - 1)))
    if min_backoff < 1:
        min_backoff = 1
    ti_hash = int(hashlib.sha1(f"{row['key']}#{row['try']}".encode()).hexdigest(), 16)
    modded_hash = min_backoff + ti_hash % min_backoff
    delay = timedelta(seconds=min(modded_hash, MAX_RETRY_DELAY))
    if row["max"]:
        delay = min(timedelta(milliseconds=row["max"]), delay)
    out.append(round(delay.total_seconds() * 1000))
print(json.dumps(out))
`;
  const result = spawnSync('python3', ['-c', program], { input: JSON.stringify(rows), encoding: 'utf8' });
  if (result.status !== 0) throw new Error(result.stderr);
  return JSON.parse(result.stdout) as number[];
}

describe('sha1Hex', () => {
  it('matches the FIPS 180 test vectors and Python\'s hashlib on UTF-8 text', () => {
    expect(sha1Hex('')).toBe('da39a3ee5e6b4b0d3255bfef95601890afd80709');
    expect(sha1Hex('abc')).toBe('a9993e364706816aba3e25717850c26c9cd0d89d');
    expect(sha1Hex('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).toBe('84983e441c3bd26ebaae4aa1f95129e5e54670f1');
    const texts = ['a'.repeat(55), 'a'.repeat(56), 'a'.repeat(64), 'a'.repeat(1000), 'dag#tâsk#run 🚀#3'];
    const python = spawnSync('python3', ['-c', 'import hashlib,json,sys; print(json.dumps([hashlib.sha1(t.encode()).hexdigest() for t in json.load(sys.stdin)]))'], {
      input: JSON.stringify(texts),
      encoding: 'utf8',
    });
    expect(texts.map(sha1Hex)).toEqual(JSON.parse(python.stdout));
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
