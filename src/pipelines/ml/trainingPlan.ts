import { groupDigits } from '../../core/groupDigits';
/**
 * How many rows an Adam step sees and how many steps make an epoch, chosen from the number of training rows, so that
 * training time grows sensibly with the data and few rows still get enough steps:
 *
 * - **batch size**: 256 up to 16,384 training rows (the housing demo's setting), then doubling with the row count up to
 *   2,048 (one row in 64 per step), unless the DAG param `batch_size` names one. A bigger batch costs little more per
 *   step on the wasm backend for a small model, and a million rows need fewer, larger steps.
 * - **steps per epoch**: one pass over the training rows, but at least MIN_STEPS_PER_EPOCH (a few dozen rows would
 *   otherwise get one step per epoch: 40 steps in all, far from a fit) and at most MAX_ROWS_PER_EPOCH rows (a million
 *   rows would otherwise go a minute between two looks at the validation loss: no early stopping, no progress). A
 *   partial pass continues where the previous epoch stopped; several passes each shuffle anew.
 * - **validation rows per epoch**: at most MAX_VALIDATION_ROWS_PER_EPOCH (a fixed seeded subset) decide early stopping;
 *   the metrics at the end use every validation row.
 *
 * Pure: the same row count and options give the same plan, which the train log states.
 */

/** Few rows: an epoch repeats the pass until it has this many steps (housing's 14,448 rows at 256 give 57 anyway). */
export const MIN_STEPS_PER_EPOCH = 50;
/** Many rows: an epoch is at most this many rows (2¹⁸), so the validation loss is looked at every few seconds. */
export const MAX_ROWS_PER_EPOCH = 262_144;
export const MAX_VALIDATION_ROWS_PER_EPOCH = 32_768;
export const DEFAULT_BATCH_SIZE = 256;
export const MAX_AUTO_BATCH_SIZE = 2_048;
/** Rows per auto batch grow beyond 256 once there are more than 64 × 256 training rows. */
const ROWS_PER_STEP_RATIO = 64;

export interface TrainingPlan {
  readonly trainRows: number;
  readonly batchSize: number;
  /** Whether the batch size came from the row count (param `batch_size` = 0) or from the param. */
  readonly batchSizeChosen: 'auto' | 'param';
  readonly stepsPerEpoch: number;
  /** Training rows an epoch goes through (batches at the end of a pass may be smaller than batchSize). */
  readonly rowsPerEpoch: number;
  /** Passes over the training rows per epoch: >= 1 for few rows, a fraction for many. */
  readonly passesPerEpoch: number;
  readonly validationRowsPerEpoch: number;
}

const nextPowerOfTwo = (x: number) => 2 ** Math.ceil(Math.log2(Math.max(1, x)));

export function autoBatchSize(trainRows: number): number {
  return Math.min(MAX_AUTO_BATCH_SIZE, Math.max(DEFAULT_BATCH_SIZE, nextPowerOfTwo(trainRows / ROWS_PER_STEP_RATIO)));
}

/** `requestedBatchSize` 0 (or absent) = choose from the row count. */
export function planTraining(trainRows: number, validationRows: number, requestedBatchSize = 0): TrainingPlan {
  if (!(trainRows >= 1)) throw new RangeError(`Training needs at least one training row; got ${trainRows}.`);
  const chosen = requestedBatchSize > 0 ? 'param' : 'auto';
  const batchSize = Math.min(trainRows, chosen === 'param' ? Math.floor(requestedBatchSize) : autoBatchSize(trainRows));
  const stepsPerPass = Math.ceil(trainRows / batchSize);
  let stepsPerEpoch: number;
  let rowsPerEpoch: number;
  if (stepsPerPass < MIN_STEPS_PER_EPOCH) {
    const passes = Math.ceil(MIN_STEPS_PER_EPOCH / stepsPerPass);
    stepsPerEpoch = passes * stepsPerPass;
    rowsPerEpoch = passes * trainRows;
  } else if (trainRows > MAX_ROWS_PER_EPOCH) {
    stepsPerEpoch = Math.ceil(MAX_ROWS_PER_EPOCH / batchSize);
    rowsPerEpoch = stepsPerEpoch * batchSize;
  } else {
    stepsPerEpoch = stepsPerPass;
    rowsPerEpoch = trainRows;
  }
  return {
    trainRows,
    batchSize,
    batchSizeChosen: chosen,
    stepsPerEpoch,
    rowsPerEpoch,
    passesPerEpoch: rowsPerEpoch / trainRows,
    validationRowsPerEpoch: Math.min(validationRows, MAX_VALIDATION_ROWS_PER_EPOCH),
  };
}

/** One line for the train log. */
export function describePlan(plan: TrainingPlan): string {
  const count = (n: number) => groupDigits(n);
  const passes =
    plan.passesPerEpoch >= 1
      ? `${Number(plan.passesPerEpoch.toFixed(2))} pass${plan.passesPerEpoch === 1 ? '' : 'es'} over the training rows`
      : `${Math.round(plan.passesPerEpoch * 100)}% of a pass, the next epoch continuing where it stopped`;
  return (
    `batch ${count(plan.batchSize)} (${plan.batchSizeChosen === 'auto' ? `chosen for ${count(plan.trainRows)} training rows` : 'param batch_size'}), ` +
    `${count(plan.stepsPerEpoch)} steps per epoch (${passes}); early stopping watches ${count(plan.validationRowsPerEpoch)} validation rows`
  );
}
