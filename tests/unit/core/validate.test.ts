import { describe, expect, it } from 'vitest';
import type { DagDefinition } from '../../../src/core/dag';
import { dagId, datasetId, taskId } from '../../../src/core/ids';
import { createSchedulerState } from '../../../src/core/schedulerState';
import { assertValidDag, DagValidationFailed, validateDag } from '../../../src/core/validate';
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

  it('rejects parallelism 0 (and other non-positive or fractional values)', () => {
    expect(() => createSchedulerState([diamond], 0)).toThrow(RangeError);
    expect(() => createSchedulerState([diamond], -1)).toThrow(RangeError);
    expect(() => createSchedulerState([diamond], 1.5)).toThrow(RangeError);
  });
});
