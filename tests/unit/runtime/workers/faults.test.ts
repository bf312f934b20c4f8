import { afterEach, describe, expect, it, vi } from 'vitest';
import { dagId, runId, taskId } from '../../../../src/core/ids';
import type { TaskRegistry } from '../../../../src/pipelines/registry';
import type { TaskContext, TaskFunction } from '../../../../src/taskApi/taskContext';
import {
  checkFaultTasks,
  faultFor,
  formatFault,
  InjectedFault,
  parseFault,
  parseFaults,
  scheduleUncaughtError,
  withFault,
  withFaults,
  type FaultSpec,
} from '../../../../src/runtime/workers/faults';
import { readUrlSettings } from '../../../../src/runtime/settings/urlSettings';
import { DEFAULT_USER_SETTINGS } from '../../../../src/runtime/settings/userSettings';
import { createTaskWorkerApi } from '../../../../src/runtime/workers/taskWorkerApi';
import { openTestDatabase } from '../testDb';

describe('parseFault', () => {
  it.each([
    ['extract:throw', { taskId: 'extract', kind: 'throw' }],
    ['extract:throw@1', { taskId: 'extract', kind: 'throw', tries: [1] }],
    ['featurize:crash@1,3', { taskId: 'featurize', kind: 'crash', tries: [1, 3] }],
    [' save_raw_data:hang@2,2 ', { taskId: 'save_raw_data', kind: 'hang', tries: [2] }],
    ['my-task.v2:hang', { taskId: 'my-task.v2', kind: 'hang' }],
    ['save_raw_data:quota@1', { taskId: 'save_raw_data', kind: 'quota', tries: [1] }],
  ])('reads %j', (text, fault) => {
    expect(parseFault(text)).toEqual({ ok: true, fault });
  });

  it.each([
    ['', /it is empty/],
    ['extract', /no ":" between the task id and the kind/],
    [':throw', /the task id is missing/],
    ['ex tract:throw', /"ex tract" is not a task id/],
    ['extract:', /the kind is missing/],
    ['extract:explode', /unknown kind "explode"; use throw, hang, crash/],
    ['extract:throw@', /a try number is missing/],
    ['extract:throw@1,', /a try number is missing/],
    ['extract:throw@0', /"0" is not a try number/],
    ['extract:throw@-1', /"-1" is not a try number/],
    ['extract:throw@one', /"one" is not a try number/],
    ['extract:throw@1.5', /"1.5" is not a try number/],
  ])('refuses %j with a clear error', (text, why) => {
    const parsed = parseFault(text);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.error).toMatch(why);
    expect(parsed.error).toContain(`Invalid fault "${text}"`);
    expect(parsed.error).toContain('e.g. extract:throw@1');
  });

  it('round-trips through formatFault', () => {
    for (const text of ['extract:throw', 'extract:hang@1', 'featurize:crash@1,2']) {
      const parsed = parseFault(text);
      expect(parsed.ok && formatFault(parsed.fault)).toBe(text);
    }
  });
});

const read = (search: string) => readUrlSettings(search, { fallback: DEFAULT_USER_SETTINGS, hardwareConcurrency: 2 });

describe('parseFaults and readUrlSettings', () => {
  it('keeps the good specs and reports each bad one', () => {
    const { faults, errors } = parseFaults(['extract:throw@1', 'featurize:boom', 'train:hang'], ['extract', 'featurize', 'train']);
    expect(faults).toEqual([
      { taskId: 'extract', kind: 'throw', tries: [1] },
      { taskId: 'train', kind: 'hang' },
    ]);
    expect(errors).toEqual([expect.stringContaining('unknown kind "boom"')]);
  });

  it('reports a fault on a task no DAG has, when the task ids are known', () => {
    expect(parseFaults(['extrct:throw'], ['extract']).errors).toEqual([
      'Invalid fault "extrct:throw": no DAG has a task "extrct" (known: extract).',
    ]);
    expect(parseFaults(['extrct:throw']).faults).toEqual([{ taskId: 'extrct', kind: 'throw' }]);
  });

  it('reads several fault params from the URL, with the other settings', () => {
    const settings = read('?seed=7&backend=cpu&fault=extract:throw@1&fault=featurize:crash');
    expect(settings).toEqual({
      overrides: { seed: 7, backend: 'cpu' },
      faults: [
        { taskId: 'extract', kind: 'throw', tries: [1] },
        { taskId: 'featurize', kind: 'crash' },
      ],
      autorun: null,
      errors: [],
    });
  });

  it('returns the errors of a malformed URL, and overrides nothing', () => {
    const settings = read('?seed=abc&backend=gpu&fault=extract:throw@x&fault=');
    expect(settings).toMatchObject({ overrides: {}, faults: [] });
    expect(settings.errors).toEqual([
      expect.stringContaining('Invalid seed "abc"'),
      expect.stringContaining('Invalid backend "gpu"'),
      expect.stringContaining('"x" is not a try number'),
      expect.stringContaining('it is empty'),
    ]);
  });

  it('has no faults and no errors for a plain URL', () => {
    expect(read('')).toEqual({ overrides: {}, faults: [], autorun: null, errors: [] });
  });
});

describe('checkFaultTasks', () => {
  it('keeps the faults on known tasks and reports each other one, as the URL wrote it', () => {
    const faults: FaultSpec[] = [
      { taskId: 'extract', kind: 'throw', tries: [1] },
      { taskId: 'extrct', kind: 'hang', tries: [1, 2] },
    ];
    expect(checkFaultTasks(faults, ['extract', 'train'])).toEqual({
      known: [faults[0]],
      errors: ['Invalid fault "extrct:hang@1,2": no DAG has a task "extrct" (known: extract, train).'],
    });
  });
});

describe('faultFor', () => {
  const faults: FaultSpec[] = [
    { taskId: 'extract', kind: 'throw', tries: [1, 3] },
    { taskId: 'featurize', kind: 'crash' },
  ];
  it('hits only the listed tries of the named task, or every try without a list', () => {
    expect(faultFor(faults, 'extract', 1)?.kind).toBe('throw');
    expect(faultFor(faults, 'extract', 2)).toBeUndefined();
    expect(faultFor(faults, 'extract', 3)?.kind).toBe('throw');
    expect(faultFor(faults, 'featurize', 7)?.kind).toBe('crash');
    expect(faultFor(faults, 'train', 1)).toBeUndefined();
    expect(faultFor(undefined, 'extract', 1)).toBeUndefined();
  });
});

/** A context with just what the wrapper reads. */
function contextFor(task: string, tryNumber: number, faults?: readonly FaultSpec[]) {
  const warnings: string[] = [];
  const context = {
    taskId: taskId(task),
    tryNumber,
    settings: { backend: 'cpu', seed: 1, baseUrl: 'http://localhost/', ...(faults ? { faults } : {}) },
    log: { debug() {}, info() {}, error() {}, warning: (m: string) => warnings.push(m) },
  } as unknown as TaskContext;
  return { context, warnings };
}

/** Resolves once pending microtasks (and the ones they queue) have run. */
const flushMicrotasks = async () => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};

/** Whether a promise settled by the time microtasks are flushed. */
async function settles(promise: Promise<unknown>): Promise<boolean> {
  let settled = false;
  promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  await flushMicrotasks();
  return settled;
}

describe('withFault', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  const real = vi.fn<TaskFunction>(async () => 'ran');

  it('runs the task unchanged when no fault hits the try', async () => {
    real.mockClear();
    const wrapped = withFault(real);
    const { context, warnings } = contextFor('extract', 2, [{ taskId: 'extract', kind: 'throw', tries: [1] }]);
    await expect(wrapped(context)).resolves.toBe('ran');
    expect(real).toHaveBeenCalledWith(context);
    await expect(wrapped(contextFor('extract', 1).context)).resolves.toBe('ran'); // settings without faults
    expect(warnings).toEqual([]);
  });

  it('throw: fails with an InjectedFault before the task runs', async () => {
    real.mockClear();
    const { context, warnings } = contextFor('extract', 1, [{ taskId: 'extract', kind: 'throw', tries: [1] }]);
    const error = await withFault(real)(context).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InjectedFault);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).name).toBe('InjectedFault');
    expect((error as Error).message).toBe('Injected fault: "extract" try 1 (fault extract:throw@1) throws before its code runs.');
    expect(real).not.toHaveBeenCalled();
    expect(warnings).toEqual(['Injecting a throw fault into "extract" try 1 (fault extract:throw@1).']);
  });

  it('hang: never settles, and the task never runs', async () => {
    real.mockClear();
    const { context } = contextFor('extract', 1, [{ taskId: 'extract', kind: 'hang' }]);
    expect(await settles(withFault(real)(context))).toBe(false);
    expect(real).not.toHaveBeenCalled();
  });

  it('stall: the task runs to its end, then the try never settles', async () => {
    real.mockClear();
    const { context, warnings } = contextFor('train', 1, [{ taskId: 'train', kind: 'stall', tries: [1] }]);
    expect(await settles(withFault(real)(context))).toBe(false);
    expect(real).toHaveBeenCalledWith(context);
    expect(warnings).toEqual([
      'Injecting a stall fault into "train" try 1 (fault train:stall@1).',
      'The code of "train" try 1 (fault train:stall@1) finished; the try stalls and will not report.',
    ]);
  });

  it('crash: asks for the worker to die, never settles, and the task never runs', async () => {
    real.mockClear();
    const crash = vi.fn<(message: string) => void>();
    const { context } = contextFor('featurize', 1, [{ taskId: 'featurize', kind: 'crash', tries: [1] }]);
    expect(await settles(withFault(real, crash)(context))).toBe(false);
    expect(crash).toHaveBeenCalledWith('Injected worker crash: "featurize" try 1 (fault featurize:crash@1).');
    expect(real).not.toHaveBeenCalled();
  });

  it('crash by default throws from a timer: an uncaught error outside the task, which kills a worker', async () => {
    vi.useFakeTimers();
    const { context } = contextFor('featurize', 1, [{ taskId: 'featurize', kind: 'crash' }]);
    const running = withFault(real)(context);
    expect(vi.getTimerCount()).toBe(1);
    expect(() => vi.runAllTimers()).toThrow('Injected worker crash: "featurize" try 1 (fault featurize:crash).');
    expect(await settles(running)).toBe(false);
  });

  it('scheduleUncaughtError throws nothing now, only from its timer', () => {
    vi.useFakeTimers();
    expect(() => scheduleUncaughtError('boom')).not.toThrow();
    expect(() => vi.runAllTimers()).toThrow('boom');
  });
});

describe('withFaults on a registry, through the worker API', () => {
  it('fails an injected try with {name: InjectedFault} and runs the next try for real', async () => {
    const registry: TaskRegistry = { demo: { work: async () => async () => 'done' } };
    const api = createTaskWorkerApi(withFaults(registry), () => 1);
    const opened = await openTestDatabase();
    try {
      const request = (tryNumber: number) => ({
        dagId: dagId('demo'),
        runId: runId('run-1'),
        taskId: taskId('work'),
        tryNumber,
        params: {},
        triggeringEvents: [],
        upstreamResults: {},
        dbName: opened.name,
        settings: { backend: 'cpu' as const, seed: 1, baseUrl: 'http://localhost/', faults: [{ taskId: 'work', kind: 'throw' as const, tries: [1] }] },
      });
      expect(await api.runTask(request(1))).toEqual({
        type: 'failed',
        error: expect.objectContaining({ name: 'InjectedFault', message: expect.stringContaining('"work" try 1') }),
      });
      expect(await api.runTask(request(2))).toEqual({ type: 'success', outputs: [], returnValue: 'done' });
    } finally {
      await opened.close();
    }
  });
});
