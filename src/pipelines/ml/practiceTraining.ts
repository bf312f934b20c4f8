import * as tf from '@tensorflow/tfjs';
import { seededRandom } from '../../core/random';
import { BatchStream } from './batchStream';
import { forwardThrough } from './denseForward';
import { AdjustableAdam } from './fit';
import { LinearAdamSteps } from './linearAdamSteps';
import { epochLoss, trainStep } from './trainStep';

/** Whether the practice should stop now (a try arrived in the worker). */
export interface PracticeSignal {
  readonly stop: boolean;
}

const WIDTH = 8;
const ROWS = 2_048;
const BATCH = 256;
/**
 * Milliseconds of steps between two looks at the signal: a try that arrives waits at most about this long (plus one
 * step, which takes tens of milliseconds on a cold engine and well under one on a warm one).
 */
const SLICE_MS = 8;

const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * A short training run on made-up data, in a worker's idle time, through the very functions a fit runs every step
 * (trainStep.ts, denseForward.ts, BatchStream, Adam, linearAdamSteps.ts): the first fit in a fresh worker otherwise
 * spends much of its time in code the JavaScript engine has not compiled yet (with tfjs' steps, the linear fit of the
 * demo took ~0.9 s cold and ~0.45 s once the engine had seen it, in Node on the same wasm kernels). It changes nothing a later fit computes: its own variables
 * and optimizer, no layers (whose names count up), no global random state, everything disposed. It yields between
 * slices of steps and stops as soon as `signal.stop` says a try is waiting.
 */
export async function practiceTraining(steps: number, signal: PracticeSignal = { stop: false }): Promise<number> {
  const random = seededRandom(0x7ac7);
  const x = Float32Array.from({ length: ROWS * WIDTH }, () => random() * 2 - 1);
  const y = Float32Array.from({ length: ROWS }, (_, row) => x[row * WIDTH]! * 0.5 + random() * 0.1);
  const stream = new BatchStream(x, y, WIDTH, BATCH, random);
  const [kernel, bias] = tf.tidy(() => [tf.variable(tf.zeros([WIDTH, 1]), true), tf.variable(tf.zeros([1]), true)]);
  const forward = forwardThrough([{ kernel: kernel as tf.Tensor as tf.Tensor2D, bias, activation: 'linear' }]);
  const optimizer = new AdjustableAdam(0.01);
  // The linear model's typed-array steps too (what a linear fit on the wasm backend runs): microseconds each once
  // compiled, tens of times that before.
  const typed = new LinearAdamSteps(WIDTH, 0.01);
  let done = 0;
  try {
    while (done < steps && !signal.stop) {
      const losses: tf.Scalar[] = [];
      let rows = 0;
      for (const sliceStart = performance.now(); performance.now() - sliceStart < SLICE_MS && done < steps; done++) {
        const batch = stream.next();
        rows += batch.size;
        typed.step(batch);
        losses.push(trainStep(optimizer, forward, [kernel, bias], batch, WIDTH));
      }
      epochLoss(losses, rows);
      await nextTask();
    }
  } finally {
    optimizer.dispose();
    tf.dispose([kernel, bias]);
  }
  return done;
}
