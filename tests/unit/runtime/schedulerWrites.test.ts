import { afterEach, describe, expect, it } from 'vitest';
import type { DagDefinition } from '../../../src/core/dag';
import { dagId, taskId } from '../../../src/core/ids';
import { step, type SchedulerEvent } from '../../../src/core/scheduler';
import { createSchedulerState, type SchedulerState } from '../../../src/core/schedulerState';
import type { Database } from '../../../src/runtime/storage/database';
import { loadSchedulerData } from '../../../src/runtime/storage/runs';
import { SchedulerWrites, WRITE_INTERVAL_MS } from '../../../src/runtime/schedulerWrites';
import { openTestDatabase } from './testDb';

/** Ten parallel tasks: each try is a step whose changes are written. */
const FAN: DagDefinition = {
  id: dagId('fan'),
  schedule: { type: 'manual' },
  tasks: Array.from({ length: 10 }, (_, i) => ({ id: taskId(`t${i}`), upstream: [] })),
};

/** Counts the scheduler's write transactions (the ones that write task instances). */
function counted(db: Database): { db: Database; writes: () => number } {
  let writes = 0;
  const wrapped = new Proxy(db, {
    get(target, prop) {
      if (prop === 'transaction') {
        return (stores: string | string[], mode?: IDBTransactionMode) => {
          if (mode === 'readwrite' && Array.isArray(stores) && stores.includes('taskBlocks')) writes++;
          return (target.transaction as (s: unknown, m: unknown) => unknown)(stores, mode);
        };
      }
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { db: wrapped, writes: () => writes };
}

const settle = async () => {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 0));
};

describe('SchedulerWrites', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  /** A writer on a fresh database, with a hand-driven real-time clock and pacing timer. */
  async function setup() {
    const opened = await openTestDatabase();
    cleanups.push(opened.close);
    const { db, writes } = counted(opened.db);
    let state: SchedulerState = createSchedulerState([FAN], { parallelism: 10 });
    let now = 0;
    const waits: { ms: number; then: () => void; cancelled: boolean }[] = [];
    const stored: SchedulerState[] = [];
    const writer = new SchedulerWrites({
      db,
      current: () => state,
      beforeWrite: () => undefined,
      stored: (s) => stored.push(s),
      failed: (message) => {
        throw new Error(message);
      },
      now: () => now,
      wait: (ms, then) => {
        const wait = { ms, then, cancelled: false };
        waits.push(wait);
        return () => (wait.cancelled = true);
      },
    });
    let clock = 1_000;
    const dispatch = (event: SchedulerEvent) => {
      const previous = state;
      const result = step(previous, event, (clock += 1));
      state = result.state;
      writer.recordStep(previous, result);
      writer.stateChanged();
      return result;
    };
    const runId = () => Object.keys(state.runs)[0]!;
    const start = (i: number) => dispatch({ type: 'task_started', runId: runId() as never, taskId: taskId(`t${i}`), tryNumber: 1 });
    const succeed = (i: number) => dispatch({ type: 'task_succeeded', runId: runId() as never, taskId: taskId(`t${i}`), tryNumber: 1, outputs: [] });
    return { opened, writer, writes, waits, stored, dispatch, start, succeed, state: () => state, advance: (ms: number) => (now += ms) };
  }

  it('writes back-to-back changes at most once per interval, merged, and shows a state only once it is stored', async () => {
    const t = await setup();
    t.dispatch({ type: 'trigger_dag', dagId: FAN.id });
    await settle();
    // The first write after a quiet spell starts at once.
    expect(t.writes()).toBe(1);
    expect(t.waits).toEqual([]);
    // Five tries run while it lands and after: their changes wait for the next interval, all in one write.
    for (let i = 0; i < 5; i++) {
      t.start(i);
      t.succeed(i);
      await settle();
    }
    expect(t.writes()).toBe(1);
    expect(t.waits.map((w) => w.ms)).toEqual([WRITE_INTERVAL_MS]);
    const shownBefore = t.stored.at(-1)!;
    expect(Object.values(shownBefore.runs)[0]!.tasks.filter((ti) => ti.state === 'success')).toEqual([]);
    t.advance(WRITE_INTERVAL_MS);
    t.waits[0]!.then();
    await settle();
    expect(t.writes()).toBe(2);
    // What is shown now is the newest state, and storage holds it.
    const shown = t.stored.at(-1)!;
    expect(shown).toBe(t.state());
    const stored = await loadSchedulerData(t.opened.db);
    const successes = (run: { tasks: readonly { taskId: string; state: string }[] }) =>
      run.tasks.filter((ti) => ti.state === 'success').map((ti) => ti.taskId);
    expect(successes(stored.runs[0]!)).toEqual(['t0', 't1', 't2', 't3', 't4']);
    expect(successes(Object.values(shown.runs)[0]!)).toEqual(['t0', 't1', 't2', 't3', 't4']);
  });

  it('flush writes a change waiting for its interval at once', async () => {
    const t = await setup();
    t.dispatch({ type: 'trigger_dag', dagId: FAN.id });
    await settle();
    t.start(0);
    t.succeed(0);
    await settle();
    expect(t.waits).toHaveLength(1);
    await t.writer.flush();
    expect(t.waits[0]!.cancelled).toBe(true);
    expect(t.writes()).toBe(2);
    expect(t.writer.pending).toBe(false);
    const stored = await loadSchedulerData(t.opened.db);
    expect(stored.runs[0]!.tasks.find((ti) => ti.taskId === 't0')?.state).toBe('success');
    expect(t.stored.at(-1)).toBe(t.state());
  });

  it('does not wait when the last write started an interval ago or more', async () => {
    const t = await setup();
    t.dispatch({ type: 'trigger_dag', dagId: FAN.id });
    await settle();
    t.advance(WRITE_INTERVAL_MS);
    t.start(0);
    await settle();
    expect(t.waits).toEqual([]);
    expect(t.writes()).toBe(2);
  });
});
