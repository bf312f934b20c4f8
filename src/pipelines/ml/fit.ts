import * as tf from '@tensorflow/tfjs';
import { requireColumn, type ColumnTable } from '../../core/columns';
import { seededPermutation, seededRandom } from '../../core/random';
import type { EpochMetrics, FittedScaler, ModelKind, SplitMetrics } from '../../core/training';
import { regressionMetrics } from '../regressionMetrics';
import type { TableRoles } from '../tableRoles';
import { olsPredict, solveOls } from './ols';
import { fitScaler, scaledMatrix } from './scaler';
import type { RowSplit } from './split';

export interface FitOptions {
  readonly kind: ModelKind;
  readonly epochs: number;
  readonly learningRate: number;
  readonly batchSize: number;
  /** Epochs without a better validation loss before training stops (the best weights are restored either way). */
  readonly patience: number;
  /** Seeds the weight initialization and each epoch's batch order. */
  readonly seed: number;
  /** Bound on the scaled features (see FittedScaler.clip); none when absent. */
  readonly clip?: number;
}

export interface FitHooks {
  /** A clock for `elapsedMs` and `trainMs` (performance.now in a worker). */
  now(): number;
  /** After every epoch, with the history so far; the task streams it to the UI and its log. */
  onEpoch?(epoch: EpochMetrics, history: readonly EpochMetrics[]): void | Promise<void>;
}

export interface FitOutcome {
  readonly model: tf.Sequential;
  readonly scaler: FittedScaler;
  readonly history: readonly EpochMetrics[];
  readonly epochsRun: number;
  /** The epoch whose weights the model keeps (lowest validation loss). */
  readonly bestEpoch: number;
  readonly stoppedEarly: boolean;
  readonly splits: { readonly train: SplitMetrics; readonly validation: SplitMetrics; readonly test: SplitMetrics };
  /** The closed-form least-squares reference on the same training rows, measured on the same test rows. */
  readonly ols: { readonly test: SplitMetrics; readonly intercept: number; readonly coefficients: readonly number[] };
  readonly trainMs: number;
}

/** Improvements of the validation loss smaller than this do not count (they are float32 noise). */
const MIN_DELTA = 1e-5;

function buildModel(kind: ModelKind, width: number, seed: number): tf.Sequential {
  switch (kind) {
    case 'linear':
      // Zero weights: Adam's path from there depends on the data and the batch order only.
      return tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [width], kernelInitializer: 'zeros' })] });
    case 'mlp':
      return tf.sequential({
        layers: [
          tf.layers.dense({ units: 64, activation: 'relu', inputShape: [width], kernelInitializer: tf.initializers.glorotUniform({ seed }) }),
          tf.layers.dense({ units: 32, activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }) }),
          tf.layers.dense({ units: 1, kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 2 }) }),
        ],
      });
  }
}

/**
 * Fits a regression model on the training rows of `split`: the scaler is fitted on those rows only, the validation
 * rows decide early stopping and which epoch's weights are kept, and the test rows are touched only to measure the
 * result. The closed-form OLS reference is solved on the same scaled training rows. The caller owns (and disposes)
 * the returned model; every other tensor is freed here.
 */
export async function fitRegression(
  table: ColumnTable,
  roles: TableRoles,
  split: RowSplit,
  options: FitOptions,
  hooks: FitHooks,
): Promise<FitOutcome> {
  const { features, target } = roles;
  const width = features.length;
  const y = requireColumn(table, target);
  const scaler = fitScaler(table, features, split.train, options.clip);
  const targetsOf = (rows: Uint32Array) => Float32Array.from(rows, (row) => y[row]!);
  const matrices = {
    train: scaledMatrix(table, scaler, split.train),
    validation: scaledMatrix(table, scaler, split.validation),
    test: scaledMatrix(table, scaler, split.test),
  };

  const started = hooks.now();
  const model = buildModel(options.kind, width, options.seed);
  const optimizer = tf.train.adam(options.learningRate);
  // The layers' variables, for the optimizer: without a list it would differentiate every trainable variable alive.
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const trainX = tf.tensor2d(matrices.train, [split.train.length, width]);
  const trainY = tf.tensor2d(targetsOf(split.train), [split.train.length, 1]);
  const validationX = tf.tensor2d(matrices.validation, [split.validation.length, width]);
  const validationY = tf.tensor2d(targetsOf(split.validation), [split.validation.length, 1]);
  const random = seededRandom(options.seed);
  const history: EpochMetrics[] = [];
  let best = Infinity;
  let bestEpoch = 0;
  let bestWeights: tf.Tensor[] | null = null;
  let stoppedEarly = false;
  try {
    for (let epoch = 1; epoch <= options.epochs; epoch++) {
      // A plain minimize loop rather than model.fit: fit's per-batch callbacks and bookkeeping cost more than a small
      // model's arithmetic. Batch losses stay on the backend and are read once per epoch.
      const order = tf.tensor1d(Int32Array.from(seededPermutation(split.train.length, random)), 'int32');
      // One gather per epoch, then contiguous slices: fewer ops per batch than gathering each batch's rows.
      const [epochX, epochY] = tf.tidy(() => [tf.gather(trainX, order), tf.gather(trainY, order)]);
      order.dispose();
      const rowCount = split.train.length;
      const weightedLosses: tf.Scalar[] = [];
      for (let start = 0; start < rowCount; start += options.batchSize) {
        const size = Math.min(options.batchSize, rowCount - start);
        weightedLosses.push(
          tf.tidy(() => {
            const xs = tf.slice(epochX!, [start, 0], [size, width]);
            const ys = tf.slice(epochY!, [start, 0], [size, 1]);
            const loss = optimizer.minimize(() => tf.losses.meanSquaredError(ys, model.apply(xs, { training: true }) as tf.Tensor) as tf.Scalar, true, variables)!;
            return tf.mul(loss, size) as tf.Scalar;
          }),
        );
      }
      tf.dispose([epochX!, epochY!]);
      const trainLoss = tf.tidy(() => tf.addN(weightedLosses).dataSync()[0]!) / rowCount;
      tf.dispose(weightedLosses);
      const validationLoss = tf.tidy(() => {
        const predicted = model.predict(validationX) as tf.Tensor;
        return tf.losses.meanSquaredError(validationY, predicted).dataSync()[0]!;
      });
      const metrics: EpochMetrics = { epoch, trainLoss, validationLoss, elapsedMs: hooks.now() - started };
      history.push(metrics);
      if (!Number.isFinite(trainLoss) || !Number.isFinite(validationLoss)) {
        throw new Error(`Training diverged at epoch ${epoch} (loss ${trainLoss}): lower the learning rate.`);
      }
      if (validationLoss < best - MIN_DELTA) {
        best = validationLoss;
        bestEpoch = epoch;
        tf.dispose(bestWeights ?? []);
        bestWeights = model.getWeights().map((w) => w.clone());
      }
      await hooks.onEpoch?.(metrics, history);
      if (epoch - bestEpoch >= options.patience && epoch < options.epochs) {
        stoppedEarly = true;
        break;
      }
    }
    if (bestWeights) model.setWeights(bestWeights);
  } catch (error) {
    model.dispose();
    throw error;
  } finally {
    optimizer.dispose();
    tf.dispose([trainX, trainY, validationX, validationY, ...(bestWeights ?? [])]);
  }
  const trainMs = hooks.now() - started;

  const measure = (rows: Uint32Array, matrix: Float32Array): SplitMetrics =>
    regressionMetrics(
      targetsOf(rows),
      tf.tidy(() => (model.predict(tf.tensor2d(matrix, [rows.length, width])) as tf.Tensor).dataSync()),
    );
  const splits = {
    train: measure(split.train, matrices.train),
    validation: measure(split.validation, matrices.validation),
    test: measure(split.test, matrices.test),
  };

  const ols = solveOls(scaledMatrix(table, scaler, split.train, 'float64'), Float64Array.from(split.train, (row) => y[row]!), split.train.length, width);
  const olsTest = regressionMetrics(
    Float64Array.from(split.test, (row) => y[row]!),
    olsPredict(ols, scaledMatrix(table, scaler, split.test, 'float64'), split.test.length),
  );
  return {
    model,
    scaler,
    history,
    epochsRun: history.length,
    bestEpoch,
    stoppedEarly,
    splits,
    ols: { test: olsTest, intercept: ols.intercept, coefficients: Array.from(ols.coefficients) },
    trainMs,
  };
}
