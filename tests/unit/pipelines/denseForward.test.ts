import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../../../src/core/random';
import { denseForward } from '../../../src/pipelines/ml/denseForward';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const random = seededRandom(7);
const matrix = (rows: number, cols: number) => tf.tensor2d(Float32Array.from({ length: rows * cols }, () => random() * 4 - 2), [rows, cols]);

/** Two Adam steps through `forward`: the loss of each and every weight after them, as plain arrays. */
function twoSteps(model: tf.Sequential, forward: (x: tf.Tensor2D) => tf.Tensor, x: tf.Tensor2D, y: tf.Tensor2D) {
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const optimizer = tf.train.adam(0.01);
  const losses = [0, 1].map(() => optimizer.minimize(() => tf.losses.meanSquaredError(y, forward(x)) as tf.Scalar, true, variables)!.dataSync()[0]);
  optimizer.dispose();
  return { losses, weights: model.getWeights().map((w) => Array.from(w.dataSync())) };
}

function sameModelTwice(build: () => tf.Sequential) {
  return [build(), build()] as const;
}

describe('denseForward', () => {
  const cases: [string, () => tf.Sequential][] = [
    ['the linear model', () => tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [8], kernelInitializer: 'zeros' })] })],
    [
      'the MLP',
      () =>
        tf.sequential({
          layers: [
            tf.layers.dense({ units: 64, activation: 'relu', inputShape: [8], kernelInitializer: tf.initializers.glorotUniform({ seed: 42 }) }),
            tf.layers.dense({ units: 32, activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: 43 }) }),
            tf.layers.dense({ units: 1, kernelInitializer: tf.initializers.glorotUniform({ seed: 44 }) }),
          ],
        }),
    ],
  ];
  for (const [name, build] of cases) {
    it(`trains ${name} to the very same losses and weights as model.apply, bit for bit`, () => {
      const x = matrix(256, 8);
      const y = matrix(256, 1);
      const [viaApply, viaForward] = sameModelTwice(build);
      const expected = twoSteps(viaApply, (input) => viaApply.apply(input, { training: true }) as tf.Tensor, x, y);
      const forward = denseForward(viaForward);
      expect(forward).not.toBeNull();
      const actual = twoSteps(viaForward, forward!, x, y);
      expect(actual.losses).toEqual(expected.losses);
      expect(actual.weights).toEqual(expected.weights);
      // And the steps did move the weights: equal because computed alike, not because nothing happened.
      expect(actual.weights).not.toEqual(build().getWeights().map((w) => Array.from(w.dataSync())));
      tf.dispose([x, y]);
      viaApply.dispose();
      viaForward.dispose();
    });
  }

  it('declines a model with a layer it does not compute (then fit uses model.apply)', () => {
    const model = tf.sequential({ layers: [tf.layers.dense({ units: 4, activation: 'tanh', inputShape: [3] })] });
    expect(denseForward(model)).toBeNull();
    model.dispose();
  });
});
