import type { RunId } from '../../core/ids';
import type { TrainingProgress } from '../../core/training';
import type { PlaygroundState } from '../../store/playgroundStore';

/** The store's live training progress, keyed by `${runId}/${taskId}/${tryNumber}` (core/training.ts). */
export const selectTrainingProgress = (state: PlaygroundState): Readonly<Record<string, TrainingProgress>> => state.trainingProgress;

/**
 * The try whose training to show live: the newest still running (by run creation order, then try number), else the
 * newest that finished. null when nothing trained in this session.
 */
export function currentTraining(state: PlaygroundState): TrainingProgress | null {
  const all = Object.values(selectTrainingProgress(state));
  if (all.length === 0) return null;
  const seqOf = (p: TrainingProgress) => state.scheduler?.runs[p.runId as RunId]?.seq ?? -1;
  const newer = (a: TrainingProgress, b: TrainingProgress) => seqOf(b) - seqOf(a) || b.tryNumber - a.tryNumber;
  const running = all.filter((p) => !p.finished).sort(newer);
  return running[0] ?? all.sort(newer)[0] ?? null;
}

export const progressKey = (p: Pick<TrainingProgress, 'runId' | 'taskId' | 'tryNumber'>): string => `${p.runId}/${p.taskId}/${p.tryNumber}`;
