import { describe, expect, it } from 'vitest';
import type { DagRun, TaskInstance } from '../../../src/core/model';
import type { SchedulerState } from '../../../src/core/schedulerState';
import type { RunState, TaskState } from '../../../src/core/states';
import type { PlaygroundClient, PlaygroundCommand } from '../../../src/runtime/commands/playgroundCommand';
import { HOUSING_DAGS } from '../../../src/pipelines/housing/dags';
import { HOUSING_DATASETS } from '../../../src/pipelines/housing/datasets';
import { createPlaygroundStore, type PlaygroundStore } from '../../../src/store/playgroundStore';
import { runEmbedded, triggerListOf } from '../../../src/ui/embed/embedRunner';
import type { EmbedRunState } from '../../../src/embed/protocol';

describe('triggerListOf', () => {
  const manual = (id: string) => id !== 'consumer';
  it('takes the DAG asked for, else the lesson list, else the first DAG triggered by hand', () => {
    expect(triggerListOf(['consumer', 'producer'], { dagId: 'consumer', manual })).toEqual({ ok: true, dagIds: ['consumer'] });
    expect(triggerListOf(['a', 'b'], { lessonCheck: { trigger: ['b', 'a'], runs: [] }, manual })).toEqual({ ok: true, dagIds: ['b', 'a'] });
    expect(triggerListOf(['consumer', 'producer'], { manual })).toEqual({ ok: true, dagIds: ['producer'] });
  });
  it('refuses a DAG the file does not declare, and a file without DAGs', () => {
    expect(triggerListOf(['a'], { dagId: 'b', manual })).toMatchObject({ ok: false, error: expect.stringMatching(/declares no DAG "b"/) });
    expect(triggerListOf([], { manual })).toMatchObject({ ok: false });
    // A lesson list naming DAGs the (edited) file no longer declares falls back to the file's own first DAG.
    expect(triggerListOf(['x'], { lessonCheck: { trigger: ['gone'], runs: [] }, manual })).toEqual({ ok: true, dagIds: ['x'] });
  });
});

const instance = (taskId: string, state: TaskState, tryNumber = 1) => ({ taskId, state, tryNumber }) as unknown as TaskInstance;
const run = (id: string, dagId: string, seq: number, state: RunState, tasks: TaskInstance[]) => ({ id, dagId, seq, state, tasks }) as unknown as DagRun;

/** A scheduling tab in miniature: deploy declares two DAGs; triggering the producer ends it and starts the consumer. */
function fakePlayground(): { store: PlaygroundStore; client: PlaygroundClient; commands: PlaygroundCommand[] } {
  const store = createPlaygroundStore(HOUSING_DAGS, HOUSING_DATASETS);
  const old = run('old', 'ml_producer', 1, 'success', [instance('load', 'success')]);
  const setRuns = (runs: DagRun[]) => store.setState({ scheduler: { runs: Object.fromEntries(runs.map((r) => [r.id, r])) } as unknown as SchedulerState });
  setRuns([old]);
  const commands: PlaygroundCommand[] = [];
  const client = {
    async execute(command: PlaygroundCommand) {
      commands.push(command);
      if (command.type === 'deployDagFile') {
        return { ok: true, summary: {}, datasets: [], diagnostics: [], versions: [{ dagId: 'ml_producer', version: 2, created: true }, { dagId: 'ml_consumer', version: 2, created: true }] };
      }
      if (command.type === 'trigger') {
        queueMicrotask(() => {
          setRuns([old, run('p', 'ml_producer', 2, 'running', [instance('load', 'running')])]);
          setRuns([old, run('p', 'ml_producer', 2, 'success', [instance('load', 'success')]), run('c', 'ml_consumer', 3, 'queued', [instance('train', 'none', 0)])]);
          setRuns([old, run('p', 'ml_producer', 2, 'success', [instance('load', 'success')]), run('c', 'ml_consumer', 3, 'failed', [instance('train', 'failed', 2)])]);
        });
        return { ok: true, runId: 'p' };
      }
      return { ok: false, errors: ['unexpected'] };
    },
  } as unknown as PlaygroundClient;
  return { store, client, commands };
}

describe('runEmbedded', () => {
  it('deploys, triggers, reports each change once, and ends when the asset-triggered run ended too', async () => {
    const { store, client, commands } = fakePlayground();
    const changes: EmbedRunState[] = [];
    const outcome = await runEmbedded(client, store, { file: { name: 'f.ts', text: 'text' }, onRunState: (s) => changes.push(s) });
    expect(commands.map((c) => c.type)).toEqual(['deployDagFile', 'trigger']);
    expect(commands[1]).toMatchObject({ dagId: 'ml_producer' });
    expect(changes.map((c) => `${c.runId}:${c.state}`)).toEqual(['p:running', 'p:success', 'c:queued', 'c:failed']);
    expect(outcome).toEqual({
      ok: true,
      succeeded: false,
      runs: [
        { runId: 'p', dagId: 'ml_producer', state: 'success', tasks: { load: 'success' }, tries: { load: 1 } },
        { runId: 'c', dagId: 'ml_consumer', state: 'failed', tasks: { train: 'failed' }, tries: { train: 2 } },
      ],
    });
  });

  it('says why a file is refused, its first problems with their lines', async () => {
    const { store } = fakePlayground();
    const client = {
      execute: async () => ({ ok: false, errors: ['The file has errors.'], diagnostics: [{ line: 3, column: 1, message: 'Unknown name x', severity: 'error' }] }),
    } as unknown as PlaygroundClient;
    expect(await runEmbedded(client, store, { file: { name: 'f.ts', text: '' }, onRunState: () => undefined })).toEqual({
      ok: false,
      error: 'The file has errors. line 3: Unknown name x',
    });
  });
});
