import { describe, expect, it } from 'vitest';
import { taskId } from '../../../src/core/ids';
import { checkpointOf, restoreSchedulerState } from '../../../src/core/schedulerState';
import { dagId } from '../../../src/core/ids';
import { Harness, manualDag, task } from './harness';

const ID = dagId('versioned');
const [a, b] = [taskId('a'), taskId('b')];

describe('DAG versions on runs', () => {
  it('a run records the version of the DAG definition it was created with, and keeps it after a new version', () => {
    const v1 = { ...manualDag(ID, [task(a)]), version: 1 };
    const h = new Harness([v1]);
    h.send({ type: 'trigger_dag', dagId: ID, params: {} });
    const first = Object.values(h.state.runs)[0]!;
    expect(first.dagVersion).toBe(1);

    // Version 2 replaces the DAG (as a save in the editor does): the old run keeps 1, a new run gets 2.
    const v2 = { ...manualDag(ID, [task(a), task(b, [a])]), version: 2 };
    h.state = restoreSchedulerState([v2], h.state.parallelism, Object.values(h.state.runs), checkpointOf(h.state));
    expect(h.state.runs[first.id]!.dagVersion).toBe(1);
    h.send({ type: 'trigger_dag', dagId: ID, params: {} });
    const second = Object.values(h.state.runs).find((run) => run.id !== first.id)!;
    expect(second.dagVersion).toBe(2);
  });

  it('a run of an unversioned DAG (built-in, imported JSON) has no version', () => {
    const h = new Harness([manualDag(ID, [task(a)])]);
    h.send({ type: 'trigger_dag', dagId: ID, params: {} });
    expect('dagVersion' in Object.values(h.state.runs)[0]!).toBe(false);
  });
});
