import { describe, expect, it } from 'vitest';
import type { DagDefinition, TaskDefinition } from '../../../src/core/dag';
import { allOf, anyOf, onDataset } from '../../../src/core/datasetCondition';
import type { TriggerRule } from '../../../src/core/triggerRules';
import { dagId, datasetId, taskId } from '../../../src/core/ids';
import { createSchedulerState } from '../../../src/core/schedulerState';
import { assertValidDag, DagValidationFailed, validateDag } from '../../../src/core/validate';
import { FSI, PDI } from '../../../src/core/displayText';
import { step } from '../../../src/core/scheduler';
import { validateParams } from '../../../src/core/params';
import { datasetDag, manualDag, task } from './harness';

const [a, b, c, d] = [taskId('a'), taskId('b'), taskId('c'), taskId('d')];

const diamond: DagDefinition = manualDag(dagId('diamond'), [task(a), task(b, [a]), task(c, [a]), task(d, [b, c])]);

describe('validateDag', () => {
  it('accepts a valid diamond DAG', () => {
    expect(validateDag(diamond)).toEqual([]);
    expect(() => assertValidDag(diamond)).not.toThrow();
  });

  it('accepts a dataset-scheduled DAG that lists datasets', () => {
    const dag = datasetDag(dagId('consumer'), [datasetId('A')], [task(a)]);
    expect(validateDag(dag)).toEqual([]);
  });

  it('rejects duplicate task ids and names the duplicated id', () => {
    const dag = manualDag(dagId('dups'), [task(a), task(b, [a]), task(b, [a])]);
    const errors = validateDag(dag);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.kind).toBe('duplicate_task_id');
    expect(errors[0]!.message).toContain('"b"');
    expect(errors[0]!.message).not.toContain('"a"');
    expect(errors[0]!.message).toContain('dups');
  });

  it('rejects an upstream id that is not a task, naming the task and the unknown id', () => {
    const dag = manualDag(dagId('unknown'), [task(a), task(b, [a, taskId('ghost')])]);
    const errors = validateDag(dag);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.kind).toBe('unknown_upstream');
    expect(errors[0]!.message).toContain('"b"');
    expect(errors[0]!.message).toContain('"ghost"');
  });

  it('rejects a cycle and names its tasks in execution order (a → b → c → a)', () => {
    // a runs after c, b after a, c after b.
    const dag = manualDag(dagId('loop'), [task(a, [c]), task(b, [a]), task(c, [b])]);
    const errors = validateDag(dag);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.kind).toBe('cycle');
    expect(errors[0]!.message).toContain('"a" → "b" → "c" → "a"');
  });

  it('names only the tasks in the cycle, not the tasks leading into it', () => {
    const x = taskId('x');
    const dag = manualDag(dagId('tail'), [task(x, [a]), task(a, [c]), task(b, [a]), task(c, [b])]);
    const errors = validateDag(dag);
    expect(errors.map((e) => e.kind)).toEqual(['cycle']);
    expect(errors[0]!.message).toContain('"a" → "b" → "c" → "a"');
    expect(errors[0]!.message).not.toContain('"x"');
  });

  it('rejects a self-loop', () => {
    const dag = manualDag(dagId('self'), [task(a), task(b, [a, b])]);
    const errors = validateDag(dag);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.kind).toBe('cycle');
    expect(errors[0]!.message).toContain('"b" → "b"');
  });

  it('rejects an empty DAG', () => {
    const errors = validateDag(manualDag(dagId('nothing'), []));
    expect(errors.map((e) => e.kind)).toEqual(['empty_dag']);
    expect(errors[0]!.message).toContain('nothing');
  });

  it('rejects a dataset schedule that lists no datasets', () => {
    const errors = validateDag(datasetDag(dagId('waits_for_nothing'), [], [task(a)]));
    expect(errors.map((e) => e.kind)).toEqual(['empty_schedule']);
    expect(errors[0]!.message).toContain('waits_for_nothing');
  });

  it('reports every problem at once', () => {
    const dag = datasetDag(dagId('mess'), [], [task(a, [taskId('ghost')]), task(a)]);
    expect(validateDag(dag).map((e) => e.kind).sort()).toEqual(['duplicate_task_id', 'empty_schedule', 'unknown_upstream']);
  });
});

describe('validateDag: settings and params', () => {
  const withTask = (extra: Partial<TaskDefinition>) => manualDag(dagId('settings'), [task(a), { ...task(b, [a]), ...extra }]);

  it('accepts a conditional dataset schedule, and rejects one that names no dataset', () => {
    const ok = datasetDag(dagId('cond'), allOf(anyOf(onDataset(datasetId('A')), onDataset(datasetId('B'))), onDataset(datasetId('C'))), [task(a)]);
    expect(validateDag(ok)).toEqual([]);
    const empty = datasetDag(dagId('cond_empty'), anyOf(allOf(), anyOf()), [task(a)]);
    expect(validateDag(empty).map((e) => e.kind)).toEqual(['empty_schedule']);
  });

  it('accepts sensible task settings', () => {
    const dag = withTask({
      retries: 2,
      retryDelayMs: 0,
      retryExponentialBackoff: true,
      maxRetryDelayMs: 1,
      executionTimeoutMs: 10,
      poolSlots: 2,
      triggerRule: 'none_failed_min_one_success',
      kind: 'branch',
    });
    expect(validateDag(dag)).toEqual([]);
  });

  it.each<[string, Partial<TaskDefinition>, RegExp]>([
    ['negative retries', { retries: -1 }, /retries must be a whole number ≥ 0, got -1/],
    ['fractional retries', { retries: 1.5 }, /retries must be a whole number ≥ 0, got 1.5/],
    ['a negative retry delay', { retryDelayMs: -5 }, /retryDelayMs must be ≥ 0, got -5/],
    ['an infinite retry delay', { retryDelayMs: Infinity }, /retryDelayMs must be ≥ 0/],
    ['a zero max retry delay', { maxRetryDelayMs: 0 }, /maxRetryDelayMs must be > 0, got 0/],
    ['a zero execution timeout', { executionTimeoutMs: 0 }, /executionTimeoutMs must be > 0, got 0/],
    ['zero pool slots', { poolSlots: 0 }, /poolSlots must be a whole number ≥ 1, got 0/],
    ['an unknown trigger rule', { triggerRule: 'when_i_feel_like_it' as TriggerRule }, /unknown trigger rule "when_i_feel_like_it"/],
  ])('rejects %s, naming the task and the DAG', (_, extra, message) => {
    const errors = validateDag(withTask(extra));
    expect(errors.map((e) => e.kind)).toEqual(['invalid_setting']);
    expect(errors[0]!.message).toMatch(message);
    expect(errors[0]!.message).toContain('Task "b" in DAG "settings"');
  });

  it.each([
    ['maxActiveTasks', 0],
    ['maxActiveTasks', 2.5],
    ['maxActiveRuns', 0],
  ] as const)('rejects %s = %s', (name, value) => {
    const errors = validateDag({ ...diamond, [name]: value });
    expect(errors.map((e) => e.kind)).toEqual(['invalid_setting']);
    expect(errors[0]!.message).toContain(`DAG "diamond": ${name} must be a whole number ≥ 1, got ${value}`);
  });

  it('rejects param defaults that break their own declaration, naming the param', () => {
    const dag: DagDefinition = { ...diamond, params: { epochs: { type: 'integer', default: 0, minimum: 1 }, lr: { type: 'number', default: 0.1 } } };
    const errors = validateDag(dag);
    expect(errors.map((e) => e.kind)).toEqual(['invalid_param']);
    expect(errors[0]!.message).toMatch(/DAG "diamond" has invalid param defaults: Param "epochs" must be ≥ 1, got 0/);
  });
});

describe('assertValidDag', () => {
  it('throws DagValidationFailed carrying the errors', () => {
    const dag = manualDag(dagId('loop'), [task(a, [b]), task(b, [a])]);
    let thrown: unknown;
    try {
      assertValidDag(dag);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DagValidationFailed);
    const failure = thrown as DagValidationFailed;
    expect(failure.name).toBe('DagValidationFailed');
    expect(failure.errors.map((e) => e.kind)).toEqual(['cycle']);
    expect(failure.message).toBe(failure.errors[0]!.message);
  });
});

describe('createSchedulerState', () => {
  it('accepts valid DAGs', () => {
    const state = createSchedulerState([diamond], 2);
    expect(state.dags[dagId('diamond')]).toBe(diamond);
    expect(state.parallelism).toBe(2);
    expect(state.runs).toEqual({});
    expect(state.activeRunIds).toEqual([]);
  });

  it('rejects an invalid DAG', () => {
    const empty = manualDag(dagId('empty'), []);
    expect(() => createSchedulerState([diamond, empty], 1)).toThrow(DagValidationFailed);
  });

  it('rejects a DAG id registered twice', () => {
    const again = manualDag(dagId('diamond'), [task(a)]);
    expect(() => createSchedulerState([diamond, again], 1)).toThrow(/"diamond".*twice/);
  });

  it('gives default_pool `parallelism` slots, adds named pools, and takes paused DAGs from the config', () => {
    const state = createSchedulerState([diamond], { parallelism: 3, pools: { gpu: 2 }, paused: { diamond: true } });
    expect(state.pools).toEqual({ default_pool: 3, gpu: 2 });
    expect(state.paused).toEqual({ diamond: true });
    expect(state.usage).toEqual({ total: 0, byDag: {}, byPool: {} });
    expect(createSchedulerState([diamond], { parallelism: 3, pools: { default_pool: 10 } }).pools).toEqual({ default_pool: 10 });
  });

  it('rejects a task in an unknown pool, or needing more slots than its pool has', () => {
    const inGpu = manualDag(dagId('gpu_dag'), [{ ...task(a), pool: 'gpu' }]);
    expect(() => createSchedulerState([inGpu], 2)).toThrow(/Task "a" of DAG "gpu_dag" uses unknown pool "gpu"/);
    const big = manualDag(dagId('big'), [{ ...task(a), pool: 'gpu', poolSlots: 3 }]);
    expect(() => createSchedulerState([big], { parallelism: 4, pools: { gpu: 2 } })).toThrow(/needs 3 slots; pool "gpu" has 2/);
    const bigDefault = manualDag(dagId('big_default'), [{ ...task(a), poolSlots: 3 }]);
    expect(() => createSchedulerState([bigDefault], 2)).toThrow(/pool "default_pool" has 2/);
  });

  it('rejects a pool without slots', () => {
    expect(() => createSchedulerState([diamond], { parallelism: 2, pools: { gpu: 0 } })).toThrow(/Pool "gpu" must have at least 1 slot/);
  });

  it('rejects parallelism 0 (and other non-positive or fractional values)', () => {
    expect(() => createSchedulerState([diamond], 0)).toThrow(RangeError);
    expect(() => createSchedulerState([diamond], -1)).toThrow(RangeError);
    expect(() => createSchedulerState([diamond], 1.5)).toThrow(RangeError);
  });
});

describe('messages that quote user text (issue 12 point 6)', () => {
  const RLO = '\u202e';
  /** Whatever the quoted text opened (an override, an embedding) is closed again before the message goes on. */
  const afterLastIsolate = (message: string) => message.slice(message.lastIndexOf(PDI) + 1);

  it('isolates an id with a right-to-left override, so the rest of the message reads as written', () => {
    const evil = taskId(`b${RLO}txt.exe`);
    const errors = validateDag(manualDag(dagId(`d${RLO}x`), [task(a), task(evil, [a, taskId('ghost')])]));
    expect(errors).toHaveLength(1);
    const { message } = errors[0]!;
    expect(message).toBe(`Task "${FSI}b${RLO}txt.exe${PDI}" in DAG "${FSI}d${RLO}x${PDI}" depends on unknown task "ghost".`);
    expect(afterLastIsolate(message)).toBe('" depends on unknown task "ghost".');
  });

  it('shortens a 1,000,000-character id to head … tail with its length instead of echoing it whole', () => {
    const huge = `${'x'.repeat(500_000)}${'y'.repeat(500_000)}`;
    const errors = validateDag(manualDag(dagId(huge), []));
    expect(errors.map((e) => e.kind)).toEqual(['empty_dag']);
    expect(errors[0]!.message).toMatch(/^DAG "x{59}…y{40} \(1,000,000 characters\)" has no tasks\.$/);
  });

  it('names at most ten ids of a long list and says how many more', () => {
    const many = Array.from({ length: 25 }, (_, i) => taskId(`ghost_${i}`));
    const errors = validateDag(manualDag(dagId('many'), [task(a, many)]));
    expect(errors[0]!.message).toBe(
      `Task "a" in DAG "many" depends on unknown task ${many.slice(0, 10).map((id) => `"${id}"`).join(', ')} and 15 more.`,
    );
  });

  it('the scheduler and the params check quote ids and values the same way', () => {
    const state = createSchedulerState([], 2);
    expect(() => step(state, { type: 'trigger_dag', dagId: dagId(`${RLO}nope`) }, 0)).toThrow(`Unknown DAG "${FSI}${RLO}nope${PDI}".`);
    const result = validateParams({ mode: { type: 'string', default: 'a', enum: ['a', 'b'] } }, { mode: `${RLO}${'z'.repeat(5_000)}` });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors[0]).toMatch(new RegExp(`got "${FSI}${RLO}z+…z+${PDI} \\(5,001 characters\\)"\\.$`));
  });
});
