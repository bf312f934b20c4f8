import { describe, expect, it } from 'vitest';
import { createSchedulerState } from '../../../src/core/schedulerState';
import { HOUSING_DAGS, ML_PRODUCER } from '../../../src/pipelines/housing/dags';
import { dagsOfScheduler } from '../../../src/store/applyNotice';

describe('dagsOfScheduler', () => {
  it('keeps the same list while the scheduler runs the same DAGs, also when they arrive cloned from another tab', () => {
    const state = createSchedulerState(HOUSING_DAGS, 2);
    expect(dagsOfScheduler(HOUSING_DAGS, state)).toBe(HOUSING_DAGS);
    expect(dagsOfScheduler(HOUSING_DAGS, structuredClone(state))).toBe(HOUSING_DAGS);
  });

  it('follows the scheduler when DAGs are added, replaced or removed', () => {
    const demo = { ...ML_PRODUCER, id: 'demo' as typeof ML_PRODUCER.id };
    expect(dagsOfScheduler(HOUSING_DAGS, createSchedulerState([...HOUSING_DAGS, demo], 2)).map((d) => d.id)).toEqual([...HOUSING_DAGS.map((d) => d.id), 'demo']);
    const replaced = { ...ML_PRODUCER, description: 'new' };
    expect(dagsOfScheduler(HOUSING_DAGS, createSchedulerState([replaced, ...HOUSING_DAGS.slice(1)], 2))[0]).toBe(replaced);
    expect(dagsOfScheduler(HOUSING_DAGS, createSchedulerState([ML_PRODUCER], 2))).toEqual([ML_PRODUCER]);
  });
});
