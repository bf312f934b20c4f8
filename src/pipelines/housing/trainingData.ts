import type { JsonValue } from '../../core/json';
import type { ModelKind } from '../../core/training';
import type { FitOptions } from '../ml/fit';

/** The consumer's train task fails (and is retried once) after this long: a try that runs on is stuck. */
export const TRAIN_TIMEOUT_MS = 300_000;

/**
 * Defaults of the consumer's training params, tuned on California housing so that the linear model lands within 0.001
 * R² of the closed-form solution in 13 epochs (early stopping) and the MLP reaches test R² ≈ 0.795 in 40 (seed 42).
 */
export const TRAINING_DEFAULTS = {
  model: 'linear' as ModelKind,
  epochs: 40,
  learningRate: 0.01,
  patience: 8,
  /** 0 = chosen from the number of training rows: 256 for the housing data, more for larger uploads (trainingPlan.ts). */
  batchSize: 0,
  /** Scaled features are bounded to ±5 σ (see FittedScaler.clip). */
  clip: 5,
  /**
   * Wall-clock time the epochs may take. The rest of a try — reading the features, metrics, the OLS reference, saving —
   * grows with the row count too (~10 s for a million rows here): 40% of the timeout leaves a slower machine room.
   */
  budgetMs: TRAIN_TIMEOUT_MS * 0.4,
} as const;

export const MODEL_KINDS: readonly ModelKind[] = ['linear', 'mlp'];

const numberParam = (value: JsonValue | undefined, fallback: number) => (typeof value === 'number' && Number.isFinite(value) ? value : fallback);

/** The fit options of a consumer run from its DAG params (already checked by the scheduler) and the page's seed. */
export function trainingOptions(params: Readonly<Record<string, JsonValue>>, seed: number): FitOptions {
  const kind = params.model ?? TRAINING_DEFAULTS.model;
  if (typeof kind !== 'string' || !MODEL_KINDS.includes(kind as ModelKind)) {
    throw new Error(`Param "model" must be one of ${MODEL_KINDS.join(', ')}, got ${JSON.stringify(kind)}.`);
  }
  return {
    kind: kind as ModelKind,
    epochs: numberParam(params.epochs, TRAINING_DEFAULTS.epochs),
    learningRate: numberParam(params.learning_rate, TRAINING_DEFAULTS.learningRate),
    patience: numberParam(params.patience, TRAINING_DEFAULTS.patience),
    batchSize: numberParam(params.batch_size, TRAINING_DEFAULTS.batchSize),
    clip: TRAINING_DEFAULTS.clip,
    budgetMs: TRAINING_DEFAULTS.budgetMs,
    seed,
  };
}
