import * as tf from '@tensorflow/tfjs';

/**
 * A Sequential model of Dense layers, computed the way tfjs-layers' Dense.call computes each layer on a 2-D input — one
 * `tf.fused.matMul` of the input and the kernel variable with the bias variable and the layer's activation (linear or
 * relu), tfjs-layers 4.22 `layers/core.js` and `backend/tfjs_backend.js` `dot` — without Layer.apply's bookkeeping
 * (name scopes, input checks, a tidy per layer), which on a small model cost more per training step than the
 * arithmetic. Same kernels on the same tensors, so the same numbers and the same gradients (tests/unit/pipelines/
 * denseForward.test.ts compares them bit for bit with model.apply). Null when the model is not made of Dense layers
 * with such activations: then use model.apply.
 */
export function denseForward(model: tf.Sequential): ((x: tf.Tensor2D) => tf.Tensor2D) | null {
  const steps: DenseStep[] = [];
  for (const layer of model.layers) {
    const config = layer.getConfig();
    const activation = config.activation;
    if (layer.getClassName() !== 'Dense' || (activation !== 'linear' && activation !== 'relu')) return null;
    const [kernel, bias] = layer.trainableWeights.map((w) => w.read());
    if (!kernel || kernel.rank !== 2 || layer.trainableWeights.length !== (config.useBias ? 2 : 1)) return null;
    steps.push({ kernel: kernel as tf.Tensor2D, bias: bias ?? null, activation });
  }
  return forwardThrough(steps);
}

/** Dense layers as tensors: a kernel, an optional bias and an activation each. */
export interface DenseStep {
  readonly kernel: tf.Tensor2D;
  readonly bias: tf.Tensor | null;
  readonly activation: 'linear' | 'relu';
}

/** The forward pass through `steps`, one fused matMul per layer (denseForward's, and the practice run's: one function). */
export function forwardThrough(steps: readonly DenseStep[]): (x: tf.Tensor2D) => tf.Tensor2D {
  return (x) => {
    let output: tf.Tensor2D = x;
    for (const { kernel, bias, activation } of steps) {
      output = tf.fused.matMul({ a: output, b: kernel, transposeA: false, transposeB: false, bias: bias ?? undefined, activation }) as tf.Tensor2D;
    }
    return output;
  };
}
