import { describe, expect, it } from 'vitest';
import { pageClient } from '../../../src/app/pageClient';
import { dagId, datasetId, runId } from '../../../src/core/ids';
import { HOUSING_DAGS, ML_CONSUMER, ML_PRODUCER } from '../../../src/pipelines/housing/dags';
import { HOUSING_DATASETS } from '../../../src/pipelines/housing/datasets';
import type { CommandResult, PlaygroundClient, PlaygroundCommand } from '../../../src/runtime/commands/playgroundCommand';
import type { SettingsChanger } from '../../../src/runtime/commands/settingsHandlers';
import { createPlaygroundStore } from '../../../src/store/playgroundStore';
import { createSettingsStore } from '../../../src/store/settingsStore';

const noSettings: SettingsChanger = { update: () => ({ ok: true }), armFailure: () => {}, disarmFailure: () => {} };

/** A browser's settings over an in-memory storage. */
function memorySettings() {
  const items = new Map<string, string>();
  const storage = { getItem: (k: string) => items.get(k) ?? null, setItem: (k: string, v: string) => void items.set(k, v), removeItem: (k: string) => void items.delete(k) };
  return { items, settings: createSettingsStore({ storage, search: '?seed=9', hardwareConcurrency: 4 }) };
}

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
    const client = pageClient(answering(() => ({ ok: true, runId: runId('manual__1') })), store, noSettings);
    await client.execute({ type: 'trigger', dagId: ML_CONSUMER.id, params: {} });
    expect(store.getState()).toMatchObject({ selectedDagId: 'ml_consumer', selectedRunId: 'manual__1' });
    store.setState({ view: 'datasets', selectedDagId: ML_PRODUCER.id, selectedRunId: null });
    await client.execute({ type: 'trigger', dagId: ML_CONSUMER.id, params: {} });
    expect(store.getState()).toMatchObject({ selectedDagId: 'ml_producer', selectedRunId: null });
  });

  it('passes a refusal on as it came and changes nothing', async () => {
    const store = createPlaygroundStore(HOUSING_DAGS, HOUSING_DATASETS);
    const before = store.getState();
    const client = pageClient(answering(() => ({ ok: false, errors: ['Param "epochs" must be ≥ 1.'] })), store, noSettings);
    await expect(client.execute({ type: 'trigger', dagId: ML_CONSUMER.id, params: { epochs: 0 } })).resolves.toEqual({
      ok: false,
      errors: ['Param "epochs" must be ≥ 1.'],
    });
    expect(store.getState()).toBe(before);
  });

  it('shows the datasets of a changed DAG list and keeps the selected DAG one that is still scheduled', async () => {
    const store = createPlaygroundStore(HOUSING_DAGS, HOUSING_DATASETS);
    const extra = { id: datasetId('extra'), uri: 'file:///extra' };
    const client = pageClient(answering(() => ({ ok: true, summary: { added: [], replaced: [], removed: ['gone'] }, datasets: [...HOUSING_DATASETS, extra] })), store, noSettings);
    // The new DAG list arrived with the scheduler's state before the answer: the selected DAG is no longer in it.
    store.setState({ selectedDagId: dagId('gone'), selectedRunId: runId('r'), dags: HOUSING_DAGS });
    await client.execute({ type: 'resetDags' });
    expect(store.getState().datasets).toContainEqual(extra);
    expect(store.getState()).toMatchObject({ selectedDagId: HOUSING_DAGS[0]!.id, selectedRunId: null });
  });

  it('carries settings commands out in this tab, scheduling or mirroring, and never forwards them', async () => {
    const store = createPlaygroundStore(HOUSING_DAGS, HOUSING_DATASETS);
    const { items, settings } = memorySettings();
    const scheduler = answering(() => ({ ok: false, errors: ['should not be asked'] }));
    const client = pageClient(scheduler, store, settings);
    await expect(client.execute({ type: 'changeSettings', changes: { seed: '7', speed: 'airflow' } })).resolves.toEqual({ ok: true });
    expect(settings.store.getState().effective).toMatchObject({ seed: 7, speed: 'airflow' });
    // The URL's seed gave way to the person's choice; the change is stored for every tab of this browser.
    expect(settings.store.getState().overrides).not.toHaveProperty('seed');
    expect(JSON.parse(items.get('pipeline-playground.settings')!)).toMatchObject({ settings: { seed: 7, speed: 'airflow' } });
    await expect(client.execute({ type: 'setFailNextTry', dagId: ML_PRODUCER.id, taskId: ML_PRODUCER.tasks[0]!.id, armed: true })).resolves.toEqual({ ok: true });
    expect(settings.store.getState().stored.failNextTry).toEqual([{ dagId: 'ml_producer', taskId: 'extract' }]);
    await client.execute({ type: 'setFailNextTry', dagId: ML_PRODUCER.id, taskId: ML_PRODUCER.tasks[0]!.id, armed: false });
    expect(settings.store.getState().stored.failNextTry).toEqual([]);
    expect(scheduler.asked).toEqual([]);
  });

  it('refuses a bad settings change whole, with one message per bad value, unknown and prototype names included', async () => {
    const store = createPlaygroundStore(HOUSING_DAGS, HOUSING_DATASETS);
    const { settings } = memorySettings();
    const client = pageClient(answering(() => ({ ok: true })), store, settings);
    const before = settings.store.getState().stored;
    await expect(client.execute({ type: 'changeSettings', changes: { seed: '7', poolSize: 0 } })).resolves.toEqual({
      ok: false,
      errors: ['Worker pool size must be a whole number from 1 to 8, got 0.'],
    });
    const unknown = await client.execute({ type: 'changeSettings', changes: JSON.parse('{"__proto__": 1, "colour": "red"}') });
    expect(unknown.ok).toBe(false);
    expect(!unknown.ok && unknown.errors).toEqual([
      expect.stringMatching(/^There is no setting named "__proto__"; the settings are poolSize, /),
      expect.stringMatching(/^There is no setting named "colour"/),
    ]);
    await expect(client.execute({ type: 'changeSettings', changes: {} })).resolves.toEqual({ ok: false, errors: ['No setting to change.'] });
    expect(settings.store.getState().stored).toBe(before);
  });
});
