/**
 * The contract between the consumer's training task (in a worker) and the views that show it: the live progress a
 * training try streams while it runs, and what a stored model version records about itself. Plain data only: it
 * crosses threads and tabs, and is stored in IndexedDB.
 */

/** The model families the consumer can train (DAG param `model`). */
export type ModelKind = 'linear' | 'mlp';

/** Losses after one epoch, in the target's squared units (MSE on standardized features, target in $100k). */
export interface EpochMetrics {
  readonly epoch: number;
  readonly trainLoss: number;
  readonly validationLoss: number;
  /** Milliseconds since training started, at the end of this epoch. */
  readonly elapsedMs: number;
}

/** What a training try reports while it runs: the UI draws its curve, progress bar and ETA from it. */
export interface TrainingProgress {
  readonly runId: string;
  readonly taskId: string;
  readonly tryNumber: number;
  readonly modelKind: ModelKind;
  /** The most epochs this try will run (early stopping may end it sooner). */
  readonly maxEpochs: number;
  readonly epochs: readonly EpochMetrics[];
  /** Set once training ended: early stopping, the last epoch, or a failure. */
  readonly finished: boolean;
  readonly stoppedEarly?: boolean;
}

/** RMSE, MAE and R² of one split. */
export interface SplitMetrics {
  readonly rmse: number;
  readonly mae: number;
  readonly r2: number;
  readonly count: number;
}

/** The standardization fitted on the training rows only, stored with the model and applied to any rows it predicts. */
export interface FittedScaler {
  readonly features: readonly string[];
  readonly mean: readonly number[];
  readonly std: readonly number[];
  /**
   * Scaled values are clipped to ±clip when set: a few block groups have extreme averages (AveOccup above 1,000), and
   * without a bound one of them can dominate a neural net's gradients. Absent: no clipping.
   */
  readonly clip?: number;
}

/** Summary statistics of one column, for drift checks and previews. */
export interface ColumnStats {
  readonly count: number;
  readonly missing: number;
  readonly mean: number;
  readonly std: number;
  readonly min: number;
  readonly max: number;
}

/** Where the rows of a split came from: sizes and the seed that drew them. */
export interface SplitSizes {
  readonly train: number;
  readonly validation: number;
  readonly test: number;
  readonly seed: number;
}

/** The split a row of `housing_predictions` belonged to (its `split` column). */
export const SPLIT_CODES = { train: 0, validation: 1, test: 2 } as const;

/** How far one feature of new data moved from the statistics a model was trained on. */
export interface FeatureDrift {
  readonly feature: string;
  /** |new mean − reference mean| / reference std: how many reference standard deviations the mean moved. */
  readonly meanShift: number;
  /** new std / reference std (1 = unchanged spread). */
  readonly stdRatio: number;
  readonly drifted: boolean;
}

/**
 * The consumer's drift check: the triggering `built_features` statistics against those of the newest stored model's
 * training rows. `status` is `skipped` when there is no model yet (or it kept no statistics) to compare with.
 */
export interface DriftReport {
  readonly status: 'ok' | 'drift' | 'skipped';
  /** The model whose training statistics were the reference; null when skipped. */
  readonly referenceModelId: string | null;
  readonly thresholds: { readonly meanShift: number; readonly stdRatio: number };
  readonly features: readonly FeatureDrift[];
  /** Features of the reference missing from the new data, or new ones the reference does not know. */
  readonly schemaChanges: readonly string[];
  readonly message: string;
}
