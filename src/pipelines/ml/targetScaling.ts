import * as tf from '@tensorflow/tfjs';
import type { Column } from '../../core/columns';
import { columnStats } from './columnStats';

/**
 * The target standardized with its training rows' mean and std while the model trains: the output layer then starts
 * at the right scale whatever the units (a target around 15 with zero-initialized weights took hundreds of Adam steps
 * just to reach its mean), and losses compare across data sets. A constant target keeps std 1 (it is centred only).
 */
export interface TargetScaling {
  readonly mean: number;
  readonly std: number;
}

export function fitTargetScaling(y: Column, trainRows: Uint32Array): TargetScaling {
  const stats = columnStats(y, trainRows);
  if (stats.missing > 0) throw new Error(`The target has ${stats.missing} missing value(s) among the training rows.`);
  return { mean: stats.mean, std: stats.std > 1e-12 ? stats.std : 1 };
}

export function scaledTargets(y: Column, rows: Uint32Array, scaling: TargetScaling): Float32Array {
  const out = new Float32Array(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = (y[rows[i]!]! - scaling.mean) / scaling.std;
  return out;
}

/**
 * Folds `y = output · std + mean` into the model's last (Dense) layer, so the stored model predicts in the target's own
 * units: predict, batch predict and a downloaded model.json need to know nothing about the scaling.
 */
export function foldIntoOutputLayer(model: tf.LayersModel, scaling: TargetScaling): void {
  const last = model.layers[model.layers.length - 1]!;
  const [kernel, bias] = last.getWeights();
  if (!kernel || !bias) throw new Error(`The output layer ${last.name} has no kernel and bias to fold the target scaling into.`);
  const folded = tf.tidy(() => [tf.mul(kernel, scaling.std), tf.add(tf.mul(bias, scaling.std), scaling.mean)]);
  last.setWeights(folded);
  tf.dispose(folded);
}
