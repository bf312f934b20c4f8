import { describe, expect, it } from 'vitest';
import { housingTaskRegistry } from '../../../src/pipelines/registry';
import { REGISTERED_TASKS } from '../../../src/pipelines/registeredTasks';

describe('REGISTERED_TASKS', () => {
  it('lists exactly the DAG and task ids the worker registry has code for', () => {
    const fromRegistry = Object.fromEntries(Object.entries(housingTaskRegistry).map(([dag, tasks]) => [dag, Object.keys(tasks).sort()]));
    const listed = Object.fromEntries(Object.entries(REGISTERED_TASKS).map(([dag, tasks]) => [dag, [...tasks].sort()]));
    expect(listed).toEqual(fromRegistry);
  });
});
