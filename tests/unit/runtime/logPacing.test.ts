import { afterEach, describe, expect, it } from 'vitest';
import { findTask } from '../../../src/core/model';
import { HOUSING_DAGS, ML_PRODUCER } from '../../../src/pipelines/housing/dags';
import { FakeClock } from '../../../src/runtime/clock';
import { Coordinator, type CoordinatorNotice } from '../../../src/runtime/coordinator';
import { PacedFlush, type PacingClock } from '../../../src/runtime/pacedFlush';
import { logsOfRun } from '../../../src/runtime/storage/logs';
import type { TaskRequest, TaskResult } from '../../../src/runtime/workers/protocol';
import type { TaskCallbacks, TaskExecutor } from '../../../src/runtime/workers/workerPool';
import { drain, housingResult } from './scriptedExecutor';
import { openTestDatabase } from './testDb';

/** A pacing clock the test moves by hand. */
function manualClock(): PacingClock & { advance(ms: number): void } {
  let now = 0;
  let timers: { at: number; then: () => void }[] = [];
  return {
    now: () => now,
    wait(ms, then) {
      const timer = { at: now + ms, then };
      timers.push(timer);
      return () => (timers = timers.filter((t) => t !== timer));
    },
    advance(ms) {
      now += ms;
      const due = timers.filter((t) => t.at <= now);
      timers = timers.filter((t) => t.at > now);
      for (const t of due) t.then();
    },
  };
}

describe('PacedFlush', () => {
  it('flushes the first request after a quiet spell in a microtask, and later ones together once the interval is over', async () => {
    const clock = manualClock();
    let flushes = 0;
    const paced = new PacedFlush(() => (flushes++, true), 50, clock);
    paced.request();
    paced.request();
    expect(flushes).toBe(0);
    await drain();
    expect(flushes).toBe(1);
    clock.advance(10);
    paced.request();
    clock.advance(10);
    paced.request();
    await drain();
    expect(flushes).toBe(1);
    clock.advance(29);
    expect(flushes).toBe(1);
    clock.advance(1);
    expect(flushes).toBe(2);
    // Quiet for longer than the interval: at once again (in a microtask).
    clock.advance(100);
    paced.request();
    await drain();
    expect(flushes).toBe(3);
  });

  it('now() flushes at once and takes the place of the flush that was waiting', async () => {
    const clock = manualClock();
    let flushes = 0;
    const paced = new PacedFlush(() => (flushes++, true), 50, clock);
    paced.request();
    paced.now();
    expect(flushes).toBe(1);
    await drain();
    expect(flushes).toBe(1);
    paced.request();
    paced.now();
    clock.advance(100);
    await drain();
    expect(flushes).toBe(2);
  });
});

/** Runs every try at once except extract, whose log lines and end the test drives. */
class DrivenExecutor implements TaskExecutor {
  size = 2;
  extract: { callbacks: TaskCallbacks; finish(result: TaskResult): void; request: TaskRequest } | null = null;

  run(request: TaskRequest, callbacks: TaskCallbacks): Promise<TaskResult> {
    return new Promise((resolve) => {
      queueMicrotask(() => {
        callbacks.onStarted();
        if (request.taskId === 'extract') this.extract = { callbacks, finish: resolve, request };
        else queueMicrotask(() => resolve(housingResult(request)));
      });
    });
  }

  stop(): void {}
  terminate(): void {}
}

describe('Coordinator: log lines paced', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  it("writes a try's lines that come in one interval together, all of them before the state that records its end", async () => {
    const clock = new FakeClock(1_000_000);
    const executor = new DrivenExecutor();
    const opened = await openTestDatabase();
    cleanups.push(opened.close);
    const coordinator = await Coordinator.start({
      dags: HOUSING_DAGS,
      db: opened.db,
      dbName: opened.name,
      executor,
      clock,
      settings: { backend: 'cpu', seed: 1, baseUrl: 'http://localhost/' },
    });
    cleanups.push(() => coordinator.flush());
    const seen: string[] = [];
    coordinator.subscribe((notice: CoordinatorNotice) => {
      if (notice.type === 'logs') seen.push(`logs ${notice.lines.map((l) => l.message).join(',')}`);
      if (notice.type === 'state') {
        const run = Object.values(notice.state.runs)[0];
        const extract = run && findTask(run, 'extract');
        if (extract?.state === 'success' && !seen.includes('extract success')) seen.push('extract success');
      }
    });
    const triggered = coordinator.trigger(ML_PRODUCER.id);
    if (!triggered.ok) throw new Error(triggered.errors.join(' '));
    const { runId } = triggered;
    await drain();
    const extract = executor.extract!;
    // Five lines, each in a task of its own, 10 ms apart: the first goes at once, the next four wait for the interval.
    for (let i = 1; i <= 5; i++) {
      extract.callbacks.onLog('info', `line ${i}`);
      await drain();
      clock.advance(10);
    }
    // 50 ms after the first flush: lines 2-5 go together.
    await drain();
    expect(seen.filter((s) => s.startsWith('logs'))).toEqual(['logs line 1', 'logs line 2,line 3,line 4,line 5']);
    // Two more lines, then the try ends before their interval is over: they go first, with the write of its end.
    extract.callbacks.onLog('info', 'line 6');
    extract.callbacks.onLog('info', 'line 7');
    extract.finish(housingResult(extract.request));
    await coordinator.flush();
    const logs = seen.filter((s) => s.startsWith('logs'));
    expect(logs).toHaveLength(3);
    expect(logs[2]).toBe('logs line 6,line 7');
    expect(seen.indexOf('extract success')).toBeGreaterThan(seen.indexOf('logs line 6,line 7'));
    const stored = (await logsOfRun(opened.db, runId)).filter((l) => l.taskId === 'extract' && l.message.startsWith('line'));
    expect(stored.map((l) => l.message)).toEqual(['line 1', 'line 2', 'line 3', 'line 4', 'line 5', 'line 6', 'line 7']);

    // Closed (reset all data deletes the database next), a late line is not written or shown by itself.
    coordinator.close();
    const before = seen.length;
    extract.callbacks.onLog('info', 'after close');
    await drain();
    clock.advance(1_000);
    await drain();
    expect(seen.slice(before)).toEqual([]);
  });
});
