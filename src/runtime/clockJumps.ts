import { CLOCK_JUMP_MS, type Clock } from './clock';

/**
 * Notices a wall clock that was set (by a person, NTP, a machine waking from sleep): between two readings it moved
 * by more than CLOCK_JUMP_MS unlike the monotonic clock. Slower drift is not a jump.
 */
export class ClockJumps {
  private last: { readonly wall: number; readonly monotonic: number } | null = null;

  constructor(private readonly clock: Clock) {}

  /** The wall clock now, and by how much it was set since the previous reading (0 when it was not). */
  read(): { readonly now: number; readonly jumped: number } {
    const wall = this.clock.now();
    const monotonic = this.clock.monotonic();
    const last = this.last;
    this.last = { wall, monotonic };
    if (!last) return { now: wall, jumped: 0 };
    const jumped = wall - last.wall - (monotonic - last.monotonic);
    return { now: wall, jumped: Math.abs(jumped) >= CLOCK_JUMP_MS ? jumped : 0 };
  }
}
