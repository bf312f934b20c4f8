import { expose, proxy, wrap } from 'comlink';
import { afterEach, describe, expect, it } from 'vitest';
import type { DagDefinition } from '../../../src/core/dag';
import { dagId, runId, taskId } from '../../../src/core/ids';
import type { LogLevel } from '../../../src/core/logLine';
import { validateDag } from '../../../src/core/validate';
import { ALL_DAGS } from '../../../src/pipelines/allDags';
import { DEMO_FAN_1000, FAN_SIZE } from '../../../src/pipelines/demo/fanOut1000';
import { HOUSING_OPERATORS, OPERATOR_NAMES } from '../../../src/pipelines/operatorNames';
import { housingTaskRegistry } from '../../../src/pipelines/registry';
import { OPERATOR_LOADERS } from '../../../src/pipelines/operators';
import { DEFAULT_SLEEP_MS, MAX_SLEEP_MS, sleepMsFrom } from '../../../src/pipelines/operators/sleep';
import { resolveTaskLoader, type TaskRegistry } from '../../../src/pipelines/registry';
import type { TaskRequest, TaskWorkerApi } from '../../../src/runtime/workers/protocol';
import { createTaskWorkerApi } from '../../../src/runtime/workers/taskWorkerApi';
import { openTestDatabase } from '../runtime/testDb';

const own: TaskRegistry = { mine: { work: async () => async () => ({ from: 'own code' }) } };

function request(task: string, dbName: string, extra: Partial<TaskRequest> = {}): TaskRequest {
  return {
    dagId: dagId('mine'),
    runId: runId('run-1'),
    taskId: taskId(task),
    tryNumber: 1,
    params: {},
    triggeringEvents: [],
    upstreamResults: {},
    dbName,
    settings: { backend: 'cpu', seed: 1, baseUrl: 'http://localhost/' },
    ...extra,
  };
}

describe('built-in operators', () => {
  it('has code for every operator name the main thread validates against', () => {
    expect([...Object.keys(OPERATOR_LOADERS), ...Object.keys(HOUSING_OPERATORS)].sort()).toEqual([...OPERATOR_NAMES].sort());
    // The housing operators name task code the housing registry has.
    for (const [dag, task] of Object.values(HOUSING_OPERATORS)) expect(housingTaskRegistry[dag]?.[task], `${dag}.${task}`).toBeTypeOf('function');
  });

  it('resolves a housing operator through the task registry, for a task of any DAG and id', async () => {
    const found = resolveTaskLoader(housingTaskRegistry, { dagId: 'my_pipeline', taskId: 'load', operator: 'housing.extract' });
    expect(found?.source).toBe('registry');
    expect(found?.load).toBe(housingTaskRegistry['ml_producer']!['extract']);
    // A worker whose registry lacks the housing code cannot run it (the orchestration bench's): no code, no download.
    expect(resolveTaskLoader({}, { dagId: 'my_pipeline', taskId: 'load', operator: 'housing.extract' })).toBeUndefined();
  });

  it('reads sleep_ms: default, rounding, the cap, and a clear refusal of nonsense', () => {
    expect(sleepMsFrom(undefined)).toBe(DEFAULT_SLEEP_MS);
    expect(sleepMsFrom(12.6)).toBe(13);
    expect(sleepMsFrom(10 * MAX_SLEEP_MS)).toBe(MAX_SLEEP_MS);
    expect(() => sleepMsFrom(-1)).toThrow(/params\.sleep_ms ≥ 0.*-1/);
    expect(() => sleepMsFrom('5')).toThrow(/"5"/);
  });
});

describe('registry fallback to operators', () => {
  it('prefers the pipelines\' own code, falls back to the operator, and finds nothing for an unknown one', () => {
    expect(resolveTaskLoader(own, { dagId: 'mine', taskId: 'work', operator: 'fail' })?.source).toBe('registry');
    expect(resolveTaskLoader(own, { dagId: 'mine', taskId: 'other', operator: 'noop' })?.source).toBe('operator');
    expect(resolveTaskLoader(own, { dagId: 'mine', taskId: 'other', operator: 'teleport' })).toBeUndefined();
    expect(resolveTaskLoader(own, { dagId: 'mine', taskId: 'other' })).toBeUndefined();
  });

  describe('through the worker API', () => {
    const cleanups: (() => unknown)[] = [];
    afterEach(async () => {
      for (const cleanup of cleanups.splice(0)) await cleanup();
    });

    async function connect() {
      const opened = await openTestDatabase();
      const channel = new MessageChannel();
      expose(createTaskWorkerApi(own, () => 0), channel.port1);
      const api = wrap<TaskWorkerApi>(channel.port2);
      const logs: string[] = [];
      await api.connect(
        proxy({ log: (_key: string, level: LogLevel, message: string) => logs.push(`${level}:${message}`), progress: () => undefined, notify: () => undefined }),
      );
      cleanups.push(() => (channel.port1.close(), channel.port2.close()), opened.close);
      return { api, logs, dbName: opened.name };
    }

    it('runs sleep and noop tasks that have no code of their own', async () => {
      const { api, dbName } = await connect();
      expect(await api.runTask(request('nap', dbName, { operator: 'sleep', params: { sleep_ms: 1 } }))).toEqual({
        type: 'success',
        outputs: [],
        returnValue: { sleptMs: 1 },
      });
      expect(await api.runTask(request('nothing', dbName, { operator: 'noop' }))).toEqual({ type: 'success', outputs: [] });
    });

    it('fails a fail-operator try with a message naming the task and try', async () => {
      const { api, dbName, logs } = await connect();
      const result = await api.runTask(request('doomed', dbName, { operator: 'fail', tryNumber: 2 }));
      expect(result).toMatchObject({ type: 'failed', error: { name: 'OperatorFailed' } });
      expect(result.type === 'failed' && result.error.message).toMatch(/"doomed".*try 2/);
      expect(logs.at(-1)).toMatch(/^error:OperatorFailed/);
    });

    it('applies injected faults to operator tasks too', async () => {
      const { api, dbName } = await connect();
      const settings = { backend: 'cpu' as const, seed: 1, baseUrl: 'http://localhost/', faults: [{ taskId: 'nothing', kind: 'throw' as const }] };
      const result = await api.runTask(request('nothing', dbName, { operator: 'noop', settings }));
      expect(result).toMatchObject({ type: 'failed', error: { name: 'InjectedFault' } });
    });

    it('says why when a task has neither code nor a known operator', async () => {
      const { api, dbName } = await connect();
      const unknown = await api.runTask(request('ghost', dbName, { operator: 'teleport' }));
      expect(unknown.type === 'failed' && unknown.error.message).toBe(
        'No code registered for task "ghost" of DAG "mine". Its operator "teleport" is not a built-in one.',
      );
      const none = await api.runTask(request('ghost', dbName));
      expect(none.type === 'failed' && none.error.message).toBe('No code registered for task "ghost" of DAG "mine".');
    });
  });
});

describe('validateDag: operators', () => {
  it('rejects an unknown operator, naming the task and the built-in ones', () => {
    const dag: DagDefinition = {
      id: dagId('imported'),
      schedule: { type: 'manual' },
      tasks: [{ id: taskId('a'), upstream: [], operator: 'BashOperator' }],
    };
    expect(validateDag(dag, { operators: OPERATOR_NAMES }).map((e) => e.message)).toEqual([
      'Task "a" in DAG "imported": unknown operator "BashOperator"; the built-in ones are noop, sleep, fail, housing.extract, housing.save_raw_data, housing.check_data, housing.quarantine_data, housing.featurize, housing.check_drift, housing.train, housing.predict, housing.batch_predict, housing.save_predictions.',
    ]);
  });
});

describe('demo_fan_1000', () => {
  it('is a valid fan-out / fan-in of 1,000 operator tasks: start → 998 → end', () => {
    expect(validateDag(DEMO_FAN_1000)).toEqual([]);
    const tasks = DEMO_FAN_1000.tasks;
    expect(tasks).toHaveLength(FAN_SIZE);
    expect(tasks.every((t) => t.operator !== undefined)).toBe(true);
    const middle = tasks.slice(1, -1);
    expect(middle.every((t) => t.upstream.length === 1 && t.upstream[0] === 'start' && t.operator === 'sleep')).toBe(true);
    expect(tasks.at(-1)!.upstream).toEqual(middle.map((t) => t.id));
    expect(new Set(tasks.map((t) => t.id)).size).toBe(FAN_SIZE);
  });

  it('is listed after the housing DAGs, and every listed DAG is valid', () => {
    expect(ALL_DAGS.map((d) => d.id)).toEqual(['ml_producer', 'ml_consumer', 'ml_batch_predict', 'demo_fan_1000']);
    for (const dag of ALL_DAGS) expect(validateDag(dag)).toEqual([]);
  });
});
