import { describe, expect, it } from 'vitest';
import { pageClient } from '../../../src/app/pageClient';
import { dagId, datasetId, runId } from '../../../src/core/ids';
import { HOUSING_DAGS, ML_CONSUMER, ML_PRODUCER } from '../../../src/pipelines/housing/dags';
import { HOUSING_DATASETS } from '../../../src/pipelines/housing/datasets';
import type { CommandResult, PlaygroundClient, PlaygroundCommand } from '../../../src/runtime/commands/playgroundCommand';
import { createPlaygroundStore } from '../../../src/store/playgroundStore';

/** A client that answers every command with `answer` and records what it was asked. */
function answering(answer: (command: PlaygroundCommand) => unknown): PlaygroundClient & { asked: PlaygroundCommand[] } {
  const asked: PlaygroundCommand[] = [];
  return {
    asked,
    execute: async <C extends PlaygroundCommand>(command: C) => {
      asked.push(command);
      return answer(command) as CommandResult<C>;
    },
  };
}

describe('the page client', () => {
  it('follows a run a person triggered in the DAG view, and stays elsewhere', async () => {
    const store = createPlaygroundStore(HOUSING_DAGS, HOUSING_DATASETS);
    const client = pageClient(answering(() => ({ ok: true, runId: runId('manual__1') })), store);
    await client.execute({ type: 'trigger', dagId: ML_CONSUMER.id, params: {} });
    expect(store.getState()).toMatchObject({ selectedDagId: 'ml_consumer', selectedRunId: 'manual__1' });
    store.setState({ view: 'datasets', selectedDagId: ML_PRODUCER.id, selectedRunId: null });
    await client.execute({ type: 'trigger', dagId: ML_CONSUMER.id, params: {} });
    expect(store.getState()).toMatchObject({ selectedDagId: 'ml_producer', selectedRunId: null });
  });

  it('passes a refusal on as it came and changes nothing', async () => {
    const store = createPlaygroundStore(HOUSING_DAGS, HOUSING_DATASETS);
    const before = store.getState();
    const client = pageClient(answering(() => ({ ok: false, errors: ['Param "epochs" must be ≥ 1.'] })), store);
    await expect(client.execute({ type: 'trigger', dagId: ML_CONSUMER.id, params: { epochs: 0 } })).resolves.toEqual({
      ok: false,
      errors: ['Param "epochs" must be ≥ 1.'],
    });
    expect(store.getState()).toBe(before);
  });

  it('shows the datasets of a changed DAG list and keeps the selected DAG one that is still scheduled', async () => {
    const store = createPlaygroundStore(HOUSING_DAGS, HOUSING_DATASETS);
    const extra = { id: datasetId('extra'), uri: 'file:///extra' };
    const client = pageClient(answering(() => ({ ok: true, summary: { added: [], replaced: [], removed: ['gone'] }, datasets: [...HOUSING_DATASETS, extra] })), store);
    // The new DAG list arrived with the scheduler's state before the answer: the selected DAG is no longer in it.
    store.setState({ selectedDagId: dagId('gone'), selectedRunId: runId('r'), dags: HOUSING_DAGS });
    await client.execute({ type: 'resetDags' });
    expect(store.getState().datasets).toContainEqual(extra);
    expect(store.getState()).toMatchObject({ selectedDagId: HOUSING_DAGS[0]!.id, selectedRunId: null });
  });
});
