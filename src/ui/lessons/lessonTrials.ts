import { createStore } from 'zustand/vanilla';
import type { Lesson } from '../../authoring/lessons';
import { checkLesson, isSettled, nextRunSeq, type LessonCheckResult } from '../../authoring/lessons/lessonCheck';
import type { DagId } from '../../core/ids';
import type { DagRun } from '../../core/model';
import type { SchedulerState } from '../../core/schedulerState';
import type { DagFileDeployed, PlaygroundClient } from '../../runtime/commands/playgroundCommand';
import type { PlaygroundState, PlaygroundStore } from '../../store/playgroundStore';

/** One "Try it" of a lesson: from which run on it counts, how far it got, and what stopped it. */
export interface LessonTrial {
  /** Unique per trial: a newer trial of the same lesson makes an older one stop triggering. */
  readonly id: number;
  /** The check looks at runs from this sequence number on (the runs that existed before do not count). */
  readonly since: number;
  /** Once the trial is over: the runs it looked at end before this sequence number (later ones are someone else's). */
  readonly before: number | null;
  readonly phase: 'deploying' | 'running' | 'done';
  /** Why the trial stopped before its runs ended: the file did not deploy, a trigger was refused. */
  readonly error: string | null;
  /** What ran: the person's edited copy (from the editor) rather than the lesson as shipped. */
  readonly edited: boolean;
}

export type LessonTrials = Readonly<Record<string, LessonTrial>>;

/** The trials of this page, by lesson name: the gallery's card and the editor's lesson intro show the same one. */
export const lessonTrials = createStore<LessonTrials>()(() => ({}));

const PENDING: LessonCheckResult = { status: 'pending', differences: [] };

const runsOf = (state: PlaygroundState): DagRun[] => Object.values(state.scheduler?.runs ?? {});

/** What a card shows for a trial: nothing before the first, the check of its runs after (a stop is a failure). */
export function trialResult(lesson: Lesson, trial: LessonTrial | undefined, scheduler: SchedulerState | null): LessonCheckResult | null {
  if (!trial) return null;
  if (trial.error !== null) return { status: 'fail', differences: [trial.error] };
  if (trial.phase === 'deploying') return PENDING;
  return checkLesson(lesson.check, Object.values(scheduler?.runs ?? {}), trial.since, trial.before ?? undefined);
}

let nextTrialId = 1;

/** Resolves once `ready` holds for the store's state, or once the trial was replaced by a newer one. */
function until(store: PlaygroundStore, trialId: number, lesson: string, ready: (state: PlaygroundState) => boolean): Promise<void> {
  return new Promise((resolve) => {
    const test = () => {
      if (lessonTrials.getState()[lesson]?.id !== trialId || ready(store.getState())) {
        stopStore();
        stopTrials();
        resolve();
      }
    };
    const stopStore = store.subscribe(test);
    const stopTrials = lessonTrials.subscribe(test);
    test();
  });
}

export interface TrialDeps {
  readonly client: PlaygroundClient;
  readonly store: PlaygroundStore;
  /** Deploys the file to try: the lesson as shipped (the gallery) or the editor's text (Save & run). */
  readonly deploy: () => Promise<DagFileDeployed>;
  readonly edited: boolean;
}

/**
 * Tries a lesson: deploys its file, then triggers the DAGs its check names, in order, each one only once every run of
 * the lesson's DAGs since the start (the runs its assets triggered included) has ended, as the check expects.
 */
export async function runLessonTrial(lesson: Lesson, { client, store, deploy, edited }: TrialDeps): Promise<void> {
  const id = nextTrialId++;
  const since = nextRunSeq(runsOf(store.getState()));
  const set = (change: Partial<LessonTrial>) => {
    const current = lessonTrials.getState()[lesson.name];
    if (current?.id !== id) return false;
    lessonTrials.setState({ [lesson.name]: { ...current, ...change } });
    return true;
  };
  lessonTrials.setState({ [lesson.name]: { id, since, before: null, phase: 'deploying', error: null, edited } });
  const deployed = await deploy().catch((error: unknown) => ({ ok: false as const, errors: [String(error)], diagnostics: [] }));
  if (!deployed.ok) {
    set({ phase: 'done', error: `The lesson file did not deploy: ${deployed.errors.join(' ')}` });
    return;
  }
  if (!set({ phase: 'running' })) return;
  for (const dagId of lesson.check.trigger) {
    const triggered = await client.execute({ type: 'trigger', dagId: dagId as DagId, params: {} });
    if (!triggered.ok) {
      set({ phase: 'done', error: `${dagId} could not be triggered: ${triggered.errors.join(' ')}` });
      return;
    }
    await until(store, id, lesson.name, (state) => {
      const runs = runsOf(state);
      return runs.some((run) => run.id === triggered.runId) && isSettled(lesson.check, runs, since);
    });
    if (lessonTrials.getState()[lesson.name]?.id !== id) return;
  }
  // Every run of the trial has ended (settled): what a person triggers from now on is not part of it.
  set({ phase: 'done', before: nextRunSeq(runsOf(store.getState())) });
}

/** A trial of this lesson is deploying or triggering now. */
export const isTrying = (trial: LessonTrial | undefined): boolean => trial !== undefined && trial.phase !== 'done';
