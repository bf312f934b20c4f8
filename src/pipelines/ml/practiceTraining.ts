import { seededRandom } from '../../core/random';
import { BatchStream } from './batchStream';
import { LinearAdamSteps } from './linearAdamSteps';

/** Whether the practice should stop now (a try arrived in the worker). */
export interface PracticeSignal {
  readonly stop: boolean;
}

const WIDTH = 8;
const ROWS = 2_048;
const BATCH = 256;
/** Milliseconds of steps between two looks at the signal: a try that arrives waits at most about this long. */
const SLICE_MS = 8;

const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * A short run of the linear model's typed-array Adam steps (linearAdamSteps.ts, what a linear fit on the wasm backend
 * runs) and BatchStream on made-up data, in a worker's idle time: compiled, a step takes microseconds; in a fresh
 * worker the first hundreds run tens of times slower. It changes nothing a later fit computes (no tfjs state at all,
 * no global random state) and yields between slices, stopping as soon as `signal.stop` says a try is waiting.
 *
 * It used to run tfjs' own steps too (trainStep.ts), when the linear fit stepped through tfjs: ~0.5 s saved on a first
 * fit. Now only the MLP steps through tfjs, a first MLP fit pays its ~0.4 s of cold code, and every first visit no
 * longer spends 150-300 ms of CPU on it beside the producer's tries (two cores, two workers, the page).
 */
export async function practiceTraining(steps: number, signal: PracticeSignal = { stop: false }): Promise<number> {
  const random = seededRandom(0x7ac7);
  const x = Float32Array.from({ length: ROWS * WIDTH }, () => random() * 2 - 1);
  const y = Float32Array.from({ length: ROWS }, (_, row) => x[row * WIDTH]! * 0.5 + random() * 0.1);
  const stream = new BatchStream(x, y, WIDTH, BATCH, random);
  const typed = new LinearAdamSteps(WIDTH, 0.01);
  let done = 0;
  while (done < steps && !signal.stop) {
    for (const sliceStart = performance.now(); performance.now() - sliceStart < SLICE_MS && done < steps; done++) {
      typed.step(stream.next());
    }
    await nextTask();
  }
  return done;
}
