import * as tf from '@tensorflow/tfjs';
import { requireColumn, type ColumnTable } from '../../core/columns';
import { seededPermutation, seededRandom } from '../../core/random';
import type { EpochMetrics, FittedScaler, ModelKind, SplitMetrics } from '../../core/training';
import { regressionMetrics } from '../regressionMetrics';
import type { TableRoles } from '../tableRoles';
import { BatchStream } from './batchStream';
import { denseForward } from './denseForward';
import { predictMatrix, predictRows } from './chunkedPredict';
import { EarlyStopping, plannedEpochs, type StopReason } from './earlyStopping';
import { judgeModel, type ModelQuality } from './modelQuality';
import { olsReference, type OlsReference } from './olsReference';
import { epochLossOf, LinearAdamSteps } from './linearAdamSteps';
import { fitScaler, scaledMatrix } from './scaler';
import type { RowSplit } from './split';
import { fitTargetScaling, foldIntoOutputLayer, scaledTargets, type TargetScaling } from './targetScaling';
import { planTraining, type TrainingPlan } from './trainingPlan';
import { epochLoss, trainStep } from './trainStep';

export interface FitOptions {
  readonly kind: ModelKind;
  /** Most epochs (see TrainingPlan for what an epoch is at each data size). */
  readonly epochs: number;
  readonly learningRate: number;
  /** Rows per Adam step; 0 = chosen from the row count (trainingPlan.ts). */
  readonly batchSize: number;
  /** Epochs without real progress of the validation loss before training stops (the best weights are kept either way). */
  readonly patience: number;
  /** Seeds the weight initialization and the batch order. */
  readonly seed: number;
  /** Bound on the scaled features (see FittedScaler.clip); none when absent. */
  readonly clip?: number;
  /** Wall-clock milliseconds the epochs may take; no further epoch starts when it would not fit. None = no limit. */
  readonly budgetMs?: number;
}

export interface FitHooks {
  /** A clock for `elapsedMs`, `trainMs`, the budget and the stage times (performance.now in a worker). */
  now(): number;
  /** After every epoch, with the history so far and the epochs this try will now run at most (the budget may cut them). */
  onEpoch?(epoch: EpochMetrics, history: readonly EpochMetrics[], plannedEpochs: number): void | Promise<void>;
}


export interface FitOutcome {
  readonly model: tf.Sequential;
  readonly scaler: FittedScaler;
  /** Used while training only: the stored model already predicts in the target's units. */
  readonly targetScaling: TargetScaling;
  readonly plan: TrainingPlan;
  readonly history: readonly EpochMetrics[];
  readonly epochsRun: number;
  /** The epoch whose weights the model keeps (lowest validation loss). */
  readonly bestEpoch: number;
  readonly stoppedEarly: boolean;
  readonly stopReason: StopReason;
  readonly splits: { readonly train: SplitMetrics; readonly validation: SplitMetrics; readonly test: SplitMetrics };
  /** null when the normal equations cannot be solved (too few rows for the features, or collinear features). */
  readonly ols: OlsReference | null;
  readonly olsProblem: string | null;
  readonly quality: ModelQuality;
  readonly trainMs: number;
  /** Milliseconds per stage: scaling and matrices, the epochs, metrics of the three splits, the OLS reference. */
  readonly stageMs: { readonly prepare: number; readonly fit: number; readonly evaluate: number; readonly reference: number };
}

/** Adam whose step size can be lowered between epochs (tfjs keeps it in a protected field). */
export class AdjustableAdam extends tf.AdamOptimizer {
  constructor(private rate: number) {
    super(rate, 0.9, 0.999);
  }

  get currentRate(): number {
    return this.rate;
  }

  setRate(rate: number): void {
    this.rate = rate;
    this.learningRate = rate;
  }
}

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

/** A fixed seeded subset of the validation rows for the per-epoch loss (all of them when few). */
function watchedRows(validation: Uint32Array, count: number, seed: number): Uint32Array {
  if (count >= validation.length) return validation;
  const order = seededPermutation(validation.length, seededRandom(seed ^ 0x5eed));
  return Uint32Array.from(order.subarray(0, count).sort(), (i) => validation[i]!);
}

function meanSquaredError(actual: Float32Array, predicted: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < actual.length; i++) sum += (predicted[i]! - actual[i]!) ** 2;
  return sum / actual.length;
}

/**
 * Fits a regression model on the training rows of `split`: the feature scaler and the target scaling are fitted on
 * those rows only, the validation rows decide early stopping and which epoch's weights are kept, and the test rows are
 * touched only to measure the result. Batch size and steps per epoch follow the row count (trainingPlan.ts), and no
 * epoch starts that the budget would not hold. The closed-form OLS reference is solved on the same scaled training
 * rows, and the model is judged against it (modelQuality.ts). The caller owns (and disposes) the returned model.
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
  const prepareStarted = hooks.now();
  const plan = planTraining(split.train.length, split.validation.length, options.batchSize);
  const scaler = fitScaler(table, features, split.train, options.clip);
  const targetScaling = fitTargetScaling(y, split.train);
  const stream = new BatchStream(
    scaledMatrix(table, scaler, split.train),
    scaledTargets(y, split.train, targetScaling),
    width,
    plan.batchSize,
    seededRandom(options.seed),
  );
  const watch = watchedRows(split.validation, plan.validationRowsPerEpoch, options.seed);
  const watchX = scaledMatrix(table, scaler, watch);
  const watchY = scaledTargets(y, watch, targetScaling);
  const variance = targetScaling.std ** 2;

  const started = hooks.now();
  const model = buildModel(options.kind, width, options.seed);
  const optimizer = new AdjustableAdam(options.learningRate);
  // The layers' variables, for the optimizer: without a list it would differentiate every trainable variable alive.
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const forward = denseForward(model) ?? ((x: tf.Tensor2D) => model.apply(x, { training: true }) as tf.Tensor2D);
  // The linear model's steps on typed arrays, bit for bit what tfjs computes on the wasm backend (linearAdamSteps.ts);
  // the other backends round differently, and the MLP stays on tfjs.
  const typedSteps = options.kind === 'linear' && tf.getBackend() === 'wasm' ? new LinearAdamSteps(width, options.learningRate) : null;
  const history: EpochMetrics[] = [];
  const stopping = new EarlyStopping(options.patience);
  let bestWeights: tf.Tensor[] | null = null;
  let bestTyped: ReturnType<LinearAdamSteps['weights']> | null = null;
  let stopReason: StopReason = 'max_epochs';
  try {
    for (let epoch = 1; epoch <= options.epochs; epoch++) {
      const trainLoss = typedSteps
        ? typedEpoch(typedSteps, stream, plan.stepsPerEpoch)
        : tfjsEpoch(optimizer, forward, variables, stream, plan.stepsPerEpoch, width);
      const validationLoss = meanSquaredError(watchY, typedSteps ? typedSteps.predict(watchX) : predictMatrix(model, watchX, width));
      const elapsedMs = hooks.now() - started;
      // Reported in the target's squared units, as the curve and the stored history always were.
      const metrics: EpochMetrics = { epoch, trainLoss: trainLoss * variance, validationLoss: validationLoss * variance, elapsedMs };
      history.push(metrics);
      if (!Number.isFinite(trainLoss) || !Number.isFinite(validationLoss)) {
        throw new Error(`Training diverged at epoch ${epoch} (loss ${metrics.trainLoss}): lower the learning rate.`);
      }
      if (stopping.observe(epoch, validationLoss)) {
        if (typedSteps) bestTyped = typedSteps.weights();
        else {
          tf.dispose(bestWeights ?? []);
          bestWeights = model.getWeights().map((w) => w.clone());
        }
      }
      const planned = plannedEpochs(options.epochs, epoch, elapsedMs, options.budgetMs);
      await hooks.onEpoch?.(metrics, history, planned);
      if (epoch >= options.epochs) break;
      if (stopping.converged(epoch)) {
        stopReason = 'converged';
        break;
      }
      if (planned <= epoch) {
        stopReason = 'budget';
        break;
      }
      if (stopping.reduceRate(epoch)) {
        optimizer.setRate(optimizer.currentRate / 2);
        typedSteps?.setRate(optimizer.currentRate);
      }
    }
    if (typedSteps) setLinearWeights(variables, bestTyped ?? typedSteps.weights());
    else if (bestWeights) model.setWeights(bestWeights);
    foldIntoOutputLayer(model, targetScaling);
  } catch (error) {
    model.dispose();
    throw error;
  } finally {
    optimizer.dispose();
    tf.dispose(bestWeights ?? []);
  }
  const fitEnded = hooks.now();

  const targetsOf = (rows: Uint32Array) => Float32Array.from(rows, (row) => y[row]!);
  const measure = (rows: Uint32Array): SplitMetrics => regressionMetrics(targetsOf(rows), predictRows(model, table, scaler, rows));
  const splits = { train: measure(split.train), validation: measure(split.validation), test: measure(split.test) };
  const evaluated = hooks.now();

  const { ols, problem } = olsReference(table, y, scaler, split);
  const quality = judgeModel(options.kind, splits.test, ols, problem ?? undefined);
  return {
    model,
    scaler,
    targetScaling,
    plan,
    history,
    epochsRun: history.length,
    bestEpoch: stopping.bestEpoch,
    stoppedEarly: stopReason !== 'max_epochs',
    stopReason,
    splits,
    ols,
    olsProblem: problem,
    quality,
    trainMs: fitEnded - started,
    stageMs: { prepare: started - prepareStarted, fit: fitEnded - started, evaluate: evaluated - fitEnded, reference: hooks.now() - evaluated },
  };
}

/** One epoch's steps on the tfjs backend; batch losses stay on the backend and are read once (trainStep.ts). */
function tfjsEpoch(
  optimizer: tf.Optimizer,
  forward: (x: tf.Tensor2D) => tf.Tensor2D,
  variables: tf.Variable[],
  stream: BatchStream,
  steps: number,
  width: number,
): number {
  const weightedLosses: tf.Scalar[] = [];
  let rows = 0;
  for (let step = 0; step < steps; step++) {
    const batch = stream.next();
    rows += batch.size;
    weightedLosses.push(trainStep(optimizer, forward, variables, batch, width));
  }
  return epochLoss(weightedLosses, rows);
}

/** One epoch's steps on typed arrays (the model's variables are not touched until the end: setLinearWeights). */
function typedEpoch(steps: LinearAdamSteps, stream: BatchStream, count: number): number {
  const weightedLosses: number[] = [];
  let rows = 0;
  for (let step = 0; step < count; step++) {
    const batch = stream.next();
    rows += batch.size;
    weightedLosses.push(steps.step(batch));
  }
  return epochLossOf(weightedLosses, rows);
}

/** The kept epoch's weights into the linear model's kernel and bias variables. */
function setLinearWeights(variables: tf.Variable[], weights: ReturnType<LinearAdamSteps['weights']>): void {
  const [kernel, bias] = variables;
  tf.tidy(() => {
    kernel!.assign(tf.tensor2d(weights.kernel, kernel!.shape as [number, number]));
    bias!.assign(tf.tensor1d([weights.bias]));
  });
}
