import { afterEach, describe, expect, it } from 'vitest';
import { runId, type RunId } from '../../../../src/core/ids';
import { findTask } from '../../../../src/core/model';
import { HOUSING_DAGS, ML_PRODUCER } from '../../../../src/pipelines/housing/dags';
import { FakeClock } from '../../../../src/runtime/clock';
import { Coordinator } from '../../../../src/runtime/coordinator';
import { failureRoll, faultFor } from '../../../../src/runtime/workers/faults';
import { createTrySettings, type TryRef } from '../../../../src/runtime/settings/trySettings';
import { DEFAULT_USER_SETTINGS, type UserSettings } from '../../../../src/runtime/settings/userSettings';
import { drain, TimedExecutor } from '../scriptedExecutor';
import { openTestDatabase } from '../testDb';

const ref = (over: Partial<TryRef> = {}): TryRef => ({
  dagId: 'ml_producer',
  runId: runId('manual__1'),
  runSeq: 1,
  taskId: 'extract',
  tryNumber: 1,
  ...over,
});

/** Which of 200 tries (runs 1–20 × 5 tasks × tries 1–2) fail at probability p with this seed. */
function failing(seed: number, p: number): string[] {
  const hits: string[] = [];
  for (let run = 1; run <= 20; run++) {
    for (const task of ['extract', 'save_raw_data', 'check_data', 'featurize', 'train']) {
      for (let tryNumber = 1; tryNumber <= 2; tryNumber++) {
        if (failureRoll(seed, 'ml_producer', run, task, tryNumber) < p) hits.push(`${run}/${task}/${tryNumber}`);
      }
    }
  }
  return hits;
}

describe('failureRoll', () => {
  it('gives the same failures for the same seed, other ones for another seed', () => {
    expect(failing(42, 0.3)).toEqual(failing(42, 0.3));
    expect(failing(7, 0.3)).not.toEqual(failing(42, 0.3));
  });

  it('fails about p of the tries, and none at 0, all at 1', () => {
    const rate = failing(42, 0.3).length / 200;
    expect(rate).toBeGreaterThan(0.2);
    expect(rate).toBeLessThan(0.4);
    expect(failing(42, 0)).toEqual([]);
    expect(failing(42, 1)).toHaveLength(200);
  });

  it('stays in [0, 1) for large seeds', () => {
    for (const seed of [0, 1, 0xffff_fffe, 0xffff_ffff]) {
      const roll = failureRoll(seed, 'd', 1, 't', 1);
      expect(roll).toBeGreaterThanOrEqual(0);
      expect(roll).toBeLessThan(1);
    }
  });
});

describe('createTrySettings', () => {
  function sources(settings: Partial<UserSettings> = {}, armed: { dagId: string; taskId: string }[] = []) {
    let current: UserSettings = { ...DEFAULT_USER_SETTINGS, ...settings };
    return {
      set: (patch: Partial<UserSettings>) => (current = { ...current, ...patch }),
      armed,
      forTry: createTrySettings({
        current: () => current,
        urlFaults: () => [{ taskId: 'featurize', kind: 'crash', tries: [1] }],
        baseUrl: 'http://localhost/demo/',
        claimArmedFailure(dagId, taskId) {
          const at = armed.findIndex((e) => e.dagId === dagId && e.taskId === taskId);
          if (at < 0) return false;
          armed.splice(at, 1);
          return true;
        },
      }),
    };
  }

  it('fixes seed and backend per run at its first try; a later change applies to the next run', () => {
    const s = sources({ seed: 7, backend: 'wasm' });
    expect(s.forTry(ref()).settings).toMatchObject({ seed: 7, backend: 'wasm', baseUrl: 'http://localhost/demo/' });
    s.set({ seed: 8, backend: 'cpu' });
    expect(s.forTry(ref({ taskId: 'featurize' })).settings).toMatchObject({ seed: 7, backend: 'wasm' });
    const next = s.forTry(ref({ runId: runId('manual__2') as RunId, runSeq: 2 }));
    expect(next.settings).toMatchObject({ seed: 8, backend: 'cpu' });
    expect(next.note).toBe('Settings for this try: worker pool 2, seed 8, tfjs cpu, speed instant.');
  });

  it('passes the URL faults on to every try', () => {
    expect(sources().forTry(ref()).settings.faults).toEqual([{ taskId: 'featurize', kind: 'crash', tries: [1] }]);
  });

  it('uses up an armed "fail the next try" on that task’s next try only, and says so in the note', () => {
    const s = sources({}, [{ dagId: 'ml_producer', taskId: 'extract' }]);
    expect(s.forTry(ref({ taskId: 'save_raw_data' })).settings.faults).toHaveLength(1);
    const first = s.forTry(ref());
    expect(faultFor(first.settings.faults, 'extract', 1)).toMatchObject({ kind: 'throw', reason: expect.stringContaining('fail the next try') });
    expect(first.note).toContain('this try fails on purpose (armed in Settings)');
    expect(s.armed).toEqual([]);
    expect(faultFor(s.forTry(ref({ tryNumber: 2 })).settings.faults, 'extract', 2)).toBeUndefined();
  });

  it('does not use up an armed failure on a try the URL already faults', () => {
    const s = sources({}, [{ dagId: 'ml_producer', taskId: 'featurize' }]);
    expect(faultFor(s.forTry(ref({ taskId: 'featurize' })).settings.faults, 'featurize', 1)?.kind).toBe('crash');
    expect(s.armed).toHaveLength(1);
  });

  it('fails the tries the seeded roll picks, the same ones each time', () => {
    const pick = (seed: number) => {
      const s = sources({ seed, failureProbability: 0.5 });
      return ['extract', 'save_raw_data', 'check_data', 'featurize'].flatMap((taskId) =>
        [1, 2, 3].filter((tryNumber) => faultFor(s.forTry(ref({ taskId, tryNumber })).settings.faults, taskId, tryNumber)?.kind === 'throw').map((n) => `${taskId}#${n}`),
      );
    };
    const expected = ['extract', 'save_raw_data', 'check_data', 'featurize'].flatMap((taskId) =>
      [1, 2, 3].filter((n) => failureRoll(3, 'ml_producer', 1, taskId, n) < 0.5 && !(taskId === 'featurize' && n === 1)).map((n) => `${taskId}#${n}`),
    );
    expect(pick(3)).toEqual(expected);
    expect(pick(3)).toEqual(pick(3));
    expect(expected.length).toBeGreaterThan(0);
  });
});

describe('Coordinator with per-try settings and a resizable parallelism', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  it('asks for each try’s settings when it starts, logs the note, and the armed failure makes extract retry', async () => {
    const clock = new FakeClock(1_000);
    const executor = new TimedExecutor(clock, (request) =>
      request.settings.faults?.some((f) => f.taskId === request.taskId && f.tries?.includes(request.tryNumber))
        ? { type: 'failed', error: { name: 'InjectedFault', message: 'on purpose' } }
        : { type: 'success', outputs: [] },
    );
    const opened = await openTestDatabase();
    cleanups.push(opened.close);
    const armed = [{ dagId: 'ml_producer', taskId: 'extract' }];
    const coordinator = await Coordinator.start({
      dags: HOUSING_DAGS,
      db: opened.db,
      dbName: opened.name,
      executor,
      clock,
      settings: { backend: 'cpu', seed: 1, baseUrl: 'http://localhost/' },
      trySettings: createTrySettings({
        current: () => ({ ...DEFAULT_USER_SETTINGS, seed: 9 }),
        urlFaults: () => [],
        baseUrl: 'http://localhost/',
        claimArmedFailure(dagId, taskId) {
          const at = armed.findIndex((e) => e.dagId === dagId && e.taskId === taskId);
          if (at >= 0) armed.splice(at, 1);
          return at >= 0;
        },
      }),
    });
    cleanups.push(() => coordinator.flush());
    const lines: string[] = [];
    coordinator.subscribe((n) => n.type === 'logs' && lines.push(...n.lines.map((l) => `${l.taskId}#${l.tryNumber} ${l.message}`)));
    coordinator.trigger(ML_PRODUCER.id);
    await drain();
    clock.advance(2_000); // extract's retry delay
    await drain();
    const run = Object.values(coordinator.snapshot.runs)[0]!;
    expect(findTask(run, 'extract')!.tries.map((t) => t.state)).toEqual(['failed', 'success']);
    expect(executor.requests[0]!.request.settings.seed).toBe(9);
    expect(lines[0]).toBe('extract#1 Settings for this try: worker pool 2, seed 9, tfjs wasm, speed instant; this try fails on purpose (armed in Settings).');
    expect(lines).toContain('extract#2 Settings for this try: worker pool 2, seed 9, tfjs wasm, speed instant.');
  });

  it('setParallelism: a larger pool starts waiting tries at once', async () => {
    const clock = new FakeClock(1_000);
    const executor = new TimedExecutor(clock, (request) => (request.taskId === 'extract' ? { type: 'success', outputs: [] } : 'hold'));
    executor.size = 1;
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
    coordinator.trigger(ML_PRODUCER.id);
    await drain();
    // After extract: save_raw_data and check_data both want a slot; parallelism 1 gives one.
    expect(executor.requests.map((r) => r.request.taskId)).toEqual(['extract', 'save_raw_data']);
    coordinator.setParallelism(2);
    await drain();
    expect(coordinator.snapshot.parallelism).toBe(2);
    expect(executor.requests.map((r) => r.request.taskId)).toEqual(['extract', 'save_raw_data', 'check_data']);
    coordinator.setParallelism(1);
    expect(executor.stopped).toEqual([]);
    executor.releaseAll();
    await drain();
    cleanups.push(() => coordinator.flush());
  });
});
