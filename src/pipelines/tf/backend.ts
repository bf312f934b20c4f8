import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import type { TfBackend } from '../../runtime/protocol';
import type { TaskLogger } from '../taskContext';

let ready: Promise<TfBackend> | null = null;
let requested: TfBackend | null = null;

/**
 * Selects the tfjs backend once per worker. The wasm binaries are served by the site itself (nothing is fetched from
 * the internet). wasm threads are off: with a minified build `setBackend('wasm')` hangs, and on 2 cores they gave no
 * speed-up (STACK-NOTES). If wasm cannot start, cpu takes over and the log says so.
 */
export function useBackend(backend: TfBackend, log: TaskLogger): Promise<TfBackend> {
  if (ready && requested === backend) return ready;
  requested = backend;
  ready = (async () => {
    if (backend === 'wasm') {
      tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
      setWasmPaths({
        'tfjs-backend-wasm.wasm': wasmPlain,
        'tfjs-backend-wasm-simd.wasm': wasmSimd,
        'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedSimd,
      });
      try {
        if (await tf.setBackend('wasm')) {
          await tf.ready();
          return 'wasm';
        }
      } catch (error) {
        log.warning(`The wasm backend did not start (${String(error)}); falling back to cpu.`);
      }
    }
    await tf.setBackend('cpu');
    await tf.ready();
    return 'cpu';
  })();
  return ready;
}

export { tf };
