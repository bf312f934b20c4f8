/** Why the epochs ended: the last one allowed, no real progress for `patience` epochs, or the wall-clock budget. */
export type StopReason = 'max_epochs' | 'converged' | 'budget';

/** Lower than the best by more than this (absolute, in standardized target units): the weights are worth keeping. */
const MIN_DELTA = 1e-7;
/**
 * Lower than the last real improvement by more than this fraction: still learning. A loss that creeps down by 0.01%
 * an epoch has converged (a million rows settled by epoch 5, then crept on until the timeout); a loss that halves each
 * epoch near zero (an exact line) has not.
 */
const RELATIVE_PROGRESS = 1e-3;

/**
 * Early stopping on the validation loss. Keeps track of the best epoch (whose weights the model ends with) and of the
 * last epoch that improved on the one before it by a real margin; training stops `patience` epochs after that.
 */
export class EarlyStopping {
  private best = Infinity;
  private bestEpochSoFar = 0;
  private reference = Infinity;
  private lastProgress = 0;
  private lastReduction = 0;

  constructor(private readonly patience: number) {}

  get bestEpoch(): number {
    return this.bestEpochSoFar;
  }

  /** Records an epoch's validation loss; true when it is the best so far (keep these weights). */
  observe(epoch: number, loss: number): boolean {
    if (loss < this.reference - Math.max(MIN_DELTA, RELATIVE_PROGRESS * this.reference) || this.reference === Infinity) {
      this.reference = loss;
      this.lastProgress = epoch;
    }
    if (loss < this.best - MIN_DELTA) {
      this.best = loss;
      this.bestEpochSoFar = epoch;
      return true;
    }
    return false;
  }

  converged(epoch: number): boolean {
    return epoch - this.lastProgress >= this.patience;
  }

  /**
   * Whether to halve the learning rate after this epoch: half the patience without real progress (since the last
   * progress or the last halving). Adam at a fixed rate circles the minimum; smaller steps settle into it.
   */
  reduceRate(epoch: number): boolean {
    const after = Math.max(2, Math.floor(this.patience / 2));
    if (epoch - Math.max(this.lastProgress, this.lastReduction) < after) return false;
    this.lastReduction = epoch;
    return true;
  }
}

/**
 * Epochs this try will run at most: the param, or fewer when the budget will not hold them at the mean epoch time so
 * far. This is the `maxEpochs` the progress bar and ETA use, so both stay true when the budget ends training.
 */
export function plannedEpochs(maxEpochs: number, epochsDone: number, elapsedMs: number, budgetMs: number | undefined): number {
  if (budgetMs === undefined || epochsDone === 0) return maxEpochs;
  const perEpoch = elapsedMs / epochsDone;
  const more = perEpoch > 0 ? Math.floor((budgetMs - elapsedMs) / perEpoch) : Infinity;
  return Math.max(epochsDone, Math.min(maxEpochs, epochsDone + Math.max(0, more)));
}
