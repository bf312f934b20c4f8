import type { TrainingProgress } from '../../core/training';

export interface TrainingEta {
  readonly epochsDone: number;
  readonly maxEpochs: number;
  /** 0..1 of the most epochs this try will run; 1 once it finished (early stopping included). */
  readonly fraction: number;
  readonly elapsedMs: number;
  /** Estimated milliseconds left: the mean epoch time so far times the epochs left; null before the first epoch. */
  readonly remainingMs: number | null;
}

/**
 * Progress bar and ETA of a training try, from the epochs it reported. Early stopping may end it sooner than the
 * estimate; once finished the bar is full and nothing remains.
 */
export function trainingEta(progress: Pick<TrainingProgress, 'epochs' | 'maxEpochs' | 'finished'>): TrainingEta {
  const maxEpochs = Math.max(1, progress.maxEpochs);
  const done = progress.epochs.length;
  const last = progress.epochs[done - 1];
  const elapsedMs = last ? last.elapsedMs : 0;
  if (progress.finished) return { epochsDone: done, maxEpochs, fraction: 1, elapsedMs, remainingMs: 0 };
  const fraction = Math.min(1, done / maxEpochs);
  const remainingMs = done === 0 ? null : (elapsedMs / done) * Math.max(0, maxEpochs - done);
  return { epochsDone: done, maxEpochs, fraction, elapsedMs, remainingMs };
}

/** "12 s left", "1 min 5 s left", "estimating…". */
export function etaText(remainingMs: number | null): string {
  if (remainingMs === null) return 'estimating…';
  if (remainingMs <= 0) return 'done';
  const seconds = Math.ceil(remainingMs / 1000);
  if (seconds < 60) return `about ${seconds} s left`;
  return `about ${Math.floor(seconds / 60)} min ${seconds % 60} s left`;
}
