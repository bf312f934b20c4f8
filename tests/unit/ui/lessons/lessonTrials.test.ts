import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { lessonNamed } from '../../../../src/authoring/lessons';
import { createDagFilePool, readDagFile } from '../../../../src/authoring/readDagFile';
import type { DagDefinition } from '../../../../src/core/dag';
import { dagId } from '../../../../src/core/ids';
import { refused, type CommandResult, type DagFileDeployed, type PlaygroundClient, type PlaygroundCommand } from '../../../../src/runtime/commands/playgroundCommand';
import { createPlaygroundStore, type PlaygroundStore } from '../../../../src/store/playgroundStore';
import { lessonTrials, runLessonTrial, trialResult } from '../../../../src/ui/lessons/lessonTrials';
import { Harness, type OutcomeScript } from '../../core/harness';

/**
 * "Try it" against the real scheduler (the pure step, scripted task outcomes, a fake clock): a client whose trigger
 * creates the run at once and lets it run to its end a little later, as the scheduling tab would, mirrored into the store.
 */
const lesson = lessonNamed('asset-conditions')!;
let dags: readonly DagDefinition[] = [];
beforeAll(async () => {
  dags = (await readDagFile(createDagFilePool(), lesson.text, { fileName: lesson.fileName })).dags;
});
beforeEach(() => lessonTrials.setState({}, true));

const DEPLOYED: DagFileDeployed = { ok: true, summary: { added: [], replaced: [], removed: [] }, datasets: [], versions: [], diagnostics: [] };

function fakePlayground(script: OutcomeScript = {}, refuseTrigger?: string) {
  const harness = new Harness(dags);
  const store: PlaygroundStore = createPlaygroundStore(dags, []);
  const publish = () => store.setState({ scheduler: harness.state });
  publish();
  /** For each trigger: how many runs of the lesson's DAGs were unfinished when it was issued. */
  const activeAtTrigger: number[] = [];
  const client: PlaygroundClient = {
    async execute<C extends PlaygroundCommand>(command: C): Promise<CommandResult<C>> {
      if (command.type !== 'trigger') throw new Error(`unexpected ${command.type}`);
      if (command.dagId === refuseTrigger) return refused(`${command.dagId} is paused.`) as CommandResult<C>;
      activeAtTrigger.push(harness.state.activeRunIds.length);
      const runId = harness.trigger(command.dagId);
      publish();
      setTimeout(() => {
        harness.runAll(script);
        publish();
      }, 5);
      return { ok: true, runId } as CommandResult<C>;
    },
  };
  return { harness, store, client, activeAtTrigger };
}

describe('runLessonTrial', () => {
  it('deploys, triggers each DAG only once the runs before it ended, and the check passes', async () => {
    const { store, client, activeAtTrigger, harness } = fakePlayground();
    // A run from before the trial: not counted.
    harness.trigger(dagId('lesson_either_feed'));
    harness.runAll();
    store.setState({ scheduler: harness.state });
    const trial = runLessonTrial(lesson, { client, store, edited: false, deploy: async () => DEPLOYED });
    expect(trialResult(lesson, lessonTrials.getState()[lesson.name], store.getState().scheduler)?.status).toBe('pending');
    await trial;
    expect(activeAtTrigger).toEqual([0, 0]);
    expect(lessonTrials.getState()[lesson.name]).toMatchObject({ phase: 'done', error: null, edited: false, since: 2, before: 7 });
    expect(trialResult(lesson, lessonTrials.getState()[lesson.name], store.getState().scheduler)).toEqual({ status: 'pass', differences: [] });
    // A run triggered by hand after the trial ended is not part of it.
    harness.trigger(dagId('lesson_weather_feed'));
    harness.runAll();
    store.setState({ scheduler: harness.state });
    expect(trialResult(lesson, lessonTrials.getState()[lesson.name], store.getState().scheduler)).toEqual({ status: 'pass', differences: [] });
    expect(trialResult(lesson, { ...lessonTrials.getState()[lesson.name]!, before: null }, store.getState().scheduler)?.status).toBe('fail');
  });

  it('a file that does not deploy fails the trial with the reason, and triggers nothing', async () => {
    const { store, client, activeAtTrigger } = fakePlayground();
    await runLessonTrial(lesson, { client, store, edited: true, deploy: async () => ({ ...refused('Line 3: Unexpected token.'), diagnostics: [] }) });
    expect(activeAtTrigger).toEqual([]);
    expect(trialResult(lesson, lessonTrials.getState()[lesson.name], store.getState().scheduler)).toEqual({
      status: 'fail',
      differences: ['The lesson file did not deploy: Line 3: Unexpected token.'],
    });
  });

  it('a refused trigger fails the trial, naming the DAG and why', async () => {
    const { store, client } = fakePlayground({}, 'lesson_sales_feed');
    await runLessonTrial(lesson, { client, store, edited: false, deploy: async () => DEPLOYED });
    expect(trialResult(lesson, lessonTrials.getState()[lesson.name], store.getState().scheduler)).toEqual({
      status: 'fail',
      differences: ['lesson_sales_feed could not be triggered: lesson_sales_feed is paused.'],
    });
  });

  it('a newer trial of the same lesson stops the older one from triggering more', async () => {
    const { store, client, activeAtTrigger } = fakePlayground();
    const older = runLessonTrial(lesson, { client, store, edited: false, deploy: async () => DEPLOYED });
    await new Promise((resolve) => setTimeout(resolve, 1));
    const newer = runLessonTrial(lesson, { client, store, edited: true, deploy: async () => DEPLOYED });
    await Promise.all([older, newer]);
    // The older trial triggered its first DAG only; the newer one both.
    expect(activeAtTrigger).toHaveLength(3);
    expect(lessonTrials.getState()[lesson.name]).toMatchObject({ phase: 'done', edited: true });
  });
});
