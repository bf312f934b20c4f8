import * as tf from '@tensorflow/tfjs';
import type { Batch } from './batchStream';

/**
 * One optimizer step on one batch: the batch goes to the backend, the optimizer minimizes the mean squared error of the
 * model's output through `forward`, and the step's loss weighted by its row count stays on the backend (read once per
 * epoch). A plain minimize rather than model.fit: fit's per-batch callbacks and bookkeeping cost more than a small
 * model's arithmetic. One function for the fit (fit.ts) and the worker's practice run (practiceTraining.ts), so the
 * code the practice run gets the engine to compile is the fit's own.
 */
export function trainStep(
  optimizer: tf.Optimizer,
  forward: (x: tf.Tensor2D) => tf.Tensor2D,
  variables: tf.Variable[],
  batch: Batch,
  width: number,
): tf.Scalar {
  return tf.tidy(() => {
    const xs = tf.tensor2d(batch.x, [batch.size, width]);
    const ys = tf.tensor2d(batch.y, [batch.size, 1]);
    const loss = optimizer.minimize(() => tf.losses.meanSquaredError(ys, forward(xs)) as tf.Scalar, true, variables)!;
    return tf.mul(loss, batch.size) as tf.Scalar;
  });
}

/** The row-weighted mean of an epoch's step losses (one read from the backend); disposes them. */
export function epochLoss(weightedLosses: tf.Scalar[], rows: number): number {
  const sum = tf.tidy(() => tf.addN(weightedLosses).dataSync()[0]!);
  tf.dispose(weightedLosses);
  return sum / rows;
}
