import { afterEach, describe, expect, it, vi } from 'vitest';
import { CLOCK_JUMP_MS, createSystemClock, FakeClock } from '../../../src/runtime/clock';
import { ClockJumps } from '../../../src/runtime/clockJumps';

const HOUR = 3_600_000;

/** Date.now() and performance.now() as a test sets them. */
function machine(start = 1_700_000_000_000) {
  const m = { wall: start, monotonic: 5_000 };
  const clock = createSystemClock({ wall: () => Math.floor(m.wall), monotonic: () => m.monotonic, origin: start - 5_000 });
  const pass = (ms: number) => {
    m.wall += ms;
    m.monotonic += ms;
  };
  return { m, clock, pass };
}

describe('the system clock', () => {
  afterEach(() => vi.useRealTimers());

  it('reads the wall clock with sub-millisecond precision, from the monotonic clock', () => {
    const { clock, pass } = machine();
    pass(0.25);
    expect(clock.now()).toBe(1_700_000_000_000.25);
    expect(clock.monotonic()).toBe(5_000.25);
  });

  it('follows the wall clock when it is set back or forward, and ignores drift under a second', () => {
    const { m, clock, pass } = machine();
    m.wall += 400; // NTP slewing, a slow drift: not followed (timestamps stay monotonic)
    expect(clock.now()).toBe(1_700_000_000_000);
    m.wall -= 400 + HOUR; // set back an hour
    expect(clock.now()).toBe(1_700_000_000_000 - HOUR);
    pass(10);
    expect(clock.now()).toBe(1_700_000_000_010 - HOUR);
    m.wall += 2 * HOUR; // set forward two hours
    expect(clock.now()).toBe(1_700_000_000_010 + HOUR);
  });

  it('measures a wait on the monotonic clock: setting the wall clock does not stretch it', () => {
    vi.useFakeTimers();
    const { m, clock } = machine();
    const fired = vi.fn();
    clock.at(clock.now() + 2_000, fired);
    m.wall -= HOUR;
    vi.advanceTimersByTime(1_999);
    expect(fired).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(fired).toHaveBeenCalledOnce();
  });
});

describe('FakeClock', () => {
  it('jump moves the wall clock only: pending waits end when they would have', () => {
    const clock = new FakeClock(1_000);
    const fired: number[] = [];
    clock.at(3_000, () => fired.push(clock.monotonic()));
    clock.jump(-HOUR);
    expect(clock.now()).toBe(1_000 - HOUR);
    expect(clock.monotonic()).toBe(1_000);
    clock.advance(1_999);
    expect(fired).toEqual([]);
    clock.advance(1);
    expect(fired).toEqual([3_000]);
    // A wait asked for after the jump is measured from the new wall clock.
    clock.at(clock.now() + 500, () => fired.push(clock.monotonic()));
    clock.advance(500);
    expect(fired).toEqual([3_000, 3_500]);
  });
});

describe('ClockJumps', () => {
  it('reports how far the wall clock was set between two readings, and 0 for time passing or slow drift', () => {
    const clock = new FakeClock(1_000);
    const jumps = new ClockJumps(clock);
    expect(jumps.read()).toEqual({ now: 1_000, jumped: 0 });
    clock.advance(60_000);
    expect(jumps.read().jumped).toBe(0);
    clock.jump(CLOCK_JUMP_MS - 1);
    expect(jumps.read().jumped).toBe(0);
    clock.jump(-HOUR);
    clock.advance(250);
    expect(jumps.read()).toEqual({ now: 1_000 + 60_000 + CLOCK_JUMP_MS - 1 - HOUR + 250, jumped: -HOUR });
    clock.jump(HOUR);
    expect(jumps.read().jumped).toBe(HOUR);
    expect(jumps.read().jumped).toBe(0);
  });
});
