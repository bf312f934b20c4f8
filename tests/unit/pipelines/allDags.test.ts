import { describe, expect, it } from 'vitest';
import type { DagDefinition } from '../../../src/core/dag';
import { taskId } from '../../../src/core/ids';
import { createSchedulerState } from '../../../src/core/schedulerState';
import { assertValidDag, DagValidationFailed, validateDag } from '../../../src/core/validate';
import { ALL_DAGS, builtInDagErrors } from '../../../src/pipelines/allDags';
import { OPERATOR_NAMES } from '../../../src/pipelines/operatorNames';

// The built-in DAGs are checked at build time, not at boot (core/validate.ts markCheckedAtBuild): this is that check.
describe('the built-in DAGs', () => {
  it('validate against the operators the scheduler is given', () => {
    for (const dag of ALL_DAGS) expect(validateDag(dag, { operators: OPERATOR_NAMES }), dag.id).toEqual([]);
    expect(builtInDagErrors()).toEqual([]);
  });

  it('are scheduled without being checked again, and a copy of one is checked', () => {
    expect(() => createSchedulerState(ALL_DAGS, { parallelism: 2, operators: OPERATOR_NAMES })).not.toThrow();
    const [first] = ALL_DAGS as [DagDefinition];
    // A copy with a cycle is a new object (as an imported or authored DAG is): checked, and refused.
    const broken: DagDefinition = {
      ...first,
      tasks: first.tasks.map((task, i) => (i === 0 ? { ...task, upstream: [taskId(first.tasks.at(-1)!.id)] } : task)),
    };
    expect(() => assertValidDag(broken, { operators: OPERATOR_NAMES })).toThrow(DagValidationFailed);
  });

  it('are checked again against another operator list than the one they were checked with', () => {
    const fan = ALL_DAGS.find((dag) => dag.id === 'demo_fan_1000')!;
    expect(() => assertValidDag(fan, { operators: ['noop'] })).toThrow(/unknown operator "sleep"/);
  });

  it('reports what the build would refuse', () => {
    const [first] = ALL_DAGS as [DagDefinition];
    const errors = builtInDagErrors([first, { ...first, tasks: [] }], OPERATOR_NAMES);
    expect(errors).toContain(`DAG "${first.id}" has no tasks.`);
    expect(errors).toContain(`DAG id "${first.id}" is built in twice.`);
  });
});
