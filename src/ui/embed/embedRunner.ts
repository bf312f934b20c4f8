import type { LessonCheck } from '../../authoring/lessons/lessonHeader';
import type { DagId } from '../../core/ids';
import type { DagRun } from '../../core/model';
import { isRunFinished } from '../../core/states';
import type { EmbedRunState } from '../../embed/protocol';
import type { PlaygroundClient } from '../../runtime/commands/playgroundCommand';
import type { PlaygroundStore } from '../../store/playgroundStore';

/** The file an embed shows and runs. */
export interface EmbedFile {
  readonly name: string;
  readonly text: string;
}

export type EmbedRunOutcome =
  | { readonly ok: true; readonly runs: readonly EmbedRunState[]; readonly succeeded: boolean }
  | { readonly ok: false; readonly error: string };

/** A run as the protocol and the embed's task list show it. */
export function runStateOf(run: DagRun): EmbedRunState {
  const tasks: Record<string, EmbedRunState['tasks'][string]> = {};
  const tries: Record<string, number> = {};
  for (const ti of run.tasks) {
    tasks[ti.taskId] = ti.state;
    tries[ti.taskId] = ti.tryNumber;
  }
  return { runId: run.id, dagId: run.dagId, state: run.state, tasks, tries };
}

/** Runs of `dagIds` created after `afterSeq`, in creation order. */
export function runsSince(store: PlaygroundStore, dagIds: ReadonlySet<string>, afterSeq: number): DagRun[] {
  const runs = store.getState().scheduler?.runs ?? {};
  return Object.values(runs)
    .filter((run) => run.seq > afterSeq && dagIds.has(run.dagId))
    .sort((a, b) => a.seq - b.seq);
}

export function latestSeq(store: PlaygroundStore): number {
  const runs = store.getState().scheduler?.runs ?? {};
  return Object.values(runs).reduce((max, run) => Math.max(max, run.seq), 0);
}

/** Resolves once `done` holds for the store's state (checked now and after each change). */
function until(store: PlaygroundStore, done: () => boolean): Promise<void> {
  if (done()) return Promise.resolve();
  return new Promise((resolve) => {
    const stop = store.subscribe(() => {
      if (!done()) return;
      stop();
      resolve();
    });
  });
}

/**
 * Which DAGs a Run triggers, in order: the one asked for; else the lesson's trigger list when the file is that lesson;
 * else the file's first DAG triggered by hand (or its first DAG).
 */
export function triggerListOf(
  declared: readonly string[],
  options: { dagId?: string; lessonCheck?: LessonCheck; manual: (dagId: string) => boolean },
): { ok: true; dagIds: readonly string[] } | { ok: false; error: string } {
  if (options.dagId !== undefined) {
    return declared.includes(options.dagId)
      ? { ok: true, dagIds: [options.dagId] }
      : { ok: false, error: `The file declares no DAG ${JSON.stringify(options.dagId.slice(0, 80))} (it declares ${declared.join(', ') || 'none'}).` };
  }
  if (options.lessonCheck && options.lessonCheck.trigger.every((id) => declared.includes(id))) return { ok: true, dagIds: options.lessonCheck.trigger };
  const first = declared.find(options.manual) ?? declared[0];
  return first ? { ok: true, dagIds: [first] } : { ok: false, error: 'The file declares no DAG to run.' };
}

export interface EmbedRunRequest {
  readonly file: EmbedFile;
  readonly dagId?: string;
  readonly lessonCheck?: LessonCheck;
  /** Called for each change of a run of this Run (state or a task's state). */
  readonly onRunState: (run: EmbedRunState) => void;
}

/**
 * One Run of the embed: the file is deployed (read again by the scheduling tab, in its sandbox), then each DAG of the
 * trigger list is triggered once the one before it ended; it is over when every run of the file's DAGs created
 * since — asset-triggered ones included — has ended.
 */
export async function runEmbedded(client: PlaygroundClient, store: PlaygroundStore, request: EmbedRunRequest): Promise<EmbedRunOutcome> {
  const deployed = await client.execute({ type: 'deployDagFile', fileName: request.file.name, text: request.file.text });
  if (!deployed.ok) {
    const problems = deployed.diagnostics.slice(0, 3).map((d) => `line ${d.line}: ${d.message}`);
    return { ok: false, error: [...deployed.errors, ...problems].join(' ') || 'The file could not be deployed.' };
  }
  const declared = deployed.versions.map((v) => v.dagId);
  const dagIds = new Set(declared);
  const list = triggerListOf(declared, {
    ...(request.dagId === undefined ? {} : { dagId: request.dagId }),
    ...(request.lessonCheck ? { lessonCheck: request.lessonCheck } : {}),
    manual: (id) => store.getState().dags.find((d) => d.id === id)?.schedule.type === 'manual',
  });
  if (!list.ok) return list;

  const baseline = latestSeq(store);
  const sent = new Map<string, string>();
  const report = () => {
    for (const run of runsSince(store, dagIds, baseline)) {
      const state = runStateOf(run);
      const fingerprint = JSON.stringify(state);
      if (sent.get(run.id) === fingerprint) continue;
      sent.set(run.id, fingerprint);
      request.onRunState(state);
    }
  };
  const stopReporting = store.subscribe((state, previous) => state.scheduler !== previous.scheduler && report());
  try {
    for (const dagId of list.dagIds) {
      const triggered = await client.execute({ type: 'trigger', dagId: dagId as DagId, params: {} });
      if (!triggered.ok) return { ok: false, error: `${dagId} could not be triggered: ${triggered.errors.join(' ')}` };
      await until(store, () => {
        const run = store.getState().scheduler?.runs[triggered.runId];
        return run !== undefined && isRunFinished(run.state);
      });
    }
    await until(store, () => runsSince(store, dagIds, baseline).every((run) => isRunFinished(run.state)));
    report();
  } finally {
    stopReporting();
  }
  const runs = runsSince(store, dagIds, baseline).map(runStateOf);
  return { ok: true, runs, succeeded: runs.every((run) => run.state === 'success') };
}
