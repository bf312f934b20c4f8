import { afterEach, describe, expect, it, vi } from 'vitest';
import { GAP_AFTER_HOLDING_MS, QUIET_AFTER_TRY_MS, WarmUp, warmUpShare } from '../../../../src/runtime/workers/warmUp';

afterEach(() => vi.useRealTimers());

/** A step that records when it started and finishes when the test says so. */
function step(name: string, log: string[], clock: () => number) {
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  return { name, load: () => (log.push(`${name}@${clock()}`), done), finish: () => finish() };
}

describe('WarmUp', () => {
  it('loads its steps in order, one at a time, none while a try runs or right after one ended', async () => {
    vi.useFakeTimers();
    const clock = () => Date.now();
    const log: string[] = [];
    const warmUp = new WarmUp(clock);
    const [a, b, c] = [step('a', log, clock), step('b', log, clock), step('c', log, clock)];
    let endTry!: () => void;
    const tryDone = warmUp.during(() => new Promise<void>((resolve) => (endTry = resolve)));
    const all = warmUp.run([a, b, c]);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(log).toEqual([]); // a try runs: nothing starts
    endTry();
    await tryDone;
    const ended = clock();
    await vi.advanceTimersByTimeAsync(QUIET_AFTER_TRY_MS - 1);
    expect(log).toEqual([]); // the gap where a run's next task would come
    await vi.advanceTimersByTimeAsync(1);
    expect(log).toEqual([`a@${ended + QUIET_AFTER_TRY_MS}`]);
    a.finish();
    await vi.advanceTimersByTimeAsync(GAP_AFTER_HOLDING_MS - 1);
    expect(log).toHaveLength(1); // the pool, told a's thread is free, may be sending a try
    await vi.advanceTimersByTimeAsync(1);
    expect(log).toHaveLength(2); // b follows a then: no try came meanwhile
    // A try that comes while b loads: c waits for it to end, then for the quiet after it.
    const second = warmUp.during(async () => undefined);
    b.finish();
    await second;
    await vi.advanceTimersByTimeAsync(QUIET_AFTER_TRY_MS - 1);
    expect(log).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(log.map((l) => l.split('@')[0])).toEqual(['a', 'b', 'c']);
    c.finish();
    await vi.advanceTimersByTimeAsync(GAP_AFTER_HOLDING_MS);
    await all;
  });

  it('says when a step that does not yield holds the thread, and when it is free again; a yielding step does not', async () => {
    vi.useFakeTimers();
    const warmUp = new WarmUp(() => Date.now());
    const events: string[] = [];
    const run = warmUp.run(
      [
        { name: 'tfjs', load: async () => void events.push('tfjs') },
        { name: 'practice', load: async () => void events.push('practice'), yields: true },
        { name: 'broken', load: () => Promise.reject(new Error('404')) },
      ],
      (busy) => events.push(busy ? 'holding' : 'free'),
    );
    await vi.advanceTimersByTimeAsync(3 * GAP_AFTER_HOLDING_MS);
    await run;
    expect(events).toEqual(['holding', 'tfjs', 'free', 'practice', 'holding', 'free']);
  });

  it('skips a step that fails and goes on with the next one', async () => {
    const warmUp = new WarmUp(() => 0);
    const loaded: string[] = [];
    await warmUp.run([
      { name: 'broken', load: () => Promise.reject(new Error('404')) },
      { name: 'fine', load: async () => void loaded.push('fine') },
    ]);
    expect(loaded).toEqual(['fine']);
  });

  it('returns what the try returns and rethrows what it throws', async () => {
    const warmUp = new WarmUp(() => 0);
    await expect(warmUp.during(async () => 42)).resolves.toBe(42);
    await expect(warmUp.during(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
  });

  it("gives each worker its share of the steps: all in order, the light ones, or the heavy ones first", () => {
    const step = (name: string, heavy?: boolean) => ({ name, load: async () => undefined, ...(heavy ? { heavy } : {}) });
    const steps = [step('small'), step('tfjs', true), step('danfojs', true), step('other')];
    const names = (share: 'all' | 'light' | 'heavy') => warmUpShare(steps, share).map((s) => s.name);
    expect(names('all')).toEqual(['small', 'tfjs', 'danfojs', 'other']);
    expect(names('light')).toEqual(['small', 'other']);
    expect(names('heavy')).toEqual(['tfjs', 'danfojs', 'small', 'other']);
  });
});
