import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import type { TfBackend } from '../../taskApi/taskSettings';
import type { TaskLogger } from '../../taskApi/taskContext';

let ready: Promise<TfBackend> | null = null;
let requested: TfBackend | null = null;

type WebglProbe = { readonly ok: false; readonly why: string } | { readonly ok: true; readonly renderer: string | null };

/**
 * Whether this worker can use WebGL, and on what: tfjs' webgl backend draws on an OffscreenCanvas in a worker, and a
 * browser without a GPU (or with WebGL blocked) gives it no context. Asked before tfjs tries, so the log says why in
 * plain words instead of tfjs' own warnings.
 */
function probeWebgl(): WebglProbe {
  if (typeof OffscreenCanvas === 'undefined') return { ok: false, why: 'this browser has no OffscreenCanvas in workers' };
  try {
    const canvas = new OffscreenCanvas(1, 1);
    const gl = canvas.getContext('webgl2') ?? canvas.getContext('webgl');
    if (!gl) return { ok: false, why: 'the browser gives this worker no WebGL context (no GPU, or WebGL is disabled)' };
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = info ? String(gl.getParameter(info.UNMASKED_RENDERER_WEBGL)) : null;
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return { ok: true, renderer };
  } catch (error) {
    return { ok: false, why: `WebGL failed to start (${String(error)})` };
  }
}

/** Software renderers (no GPU): WebGL works, but tfjs on them is an order of magnitude slower than wasm. */
const SOFTWARE_RENDERER = /swiftshader|llvmpipe|software|softpipe/i;

async function tryWebgl(log: TaskLogger): Promise<boolean> {
  const probe = probeWebgl();
  if (!probe.ok) {
    log.warning(`The webgl backend is not available here: ${probe.why}. Falling back to wasm.`);
    return false;
  }
  if (probe.renderer && SOFTWARE_RENDERER.test(probe.renderer)) {
    log.warning(
      `WebGL here is rendered in software (${probe.renderer}), not on a GPU: tfjs webgl runs, but many times slower than wasm.`,
    );
  }
  try {
    if (await tf.setBackend('webgl')) {
      await tf.ready();
      return true;
    }
    log.warning('The webgl backend did not start (tfjs refused it). Falling back to wasm.');
  } catch (error) {
    log.warning(`The webgl backend did not start (${String(error)}). Falling back to wasm.`);
  }
  return false;
}

async function tryWasm(log: TaskLogger): Promise<boolean> {
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  setWasmPaths({
    'tfjs-backend-wasm.wasm': wasmPlain,
    'tfjs-backend-wasm-simd.wasm': wasmSimd,
    'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedSimd,
  });
  try {
    if (await tf.setBackend('wasm')) {
      await tf.ready();
      return true;
    }
  } catch (error) {
    log.warning(`The wasm backend did not start (${String(error)}); falling back to cpu.`);
  }
  return false;
}

/** Warnings from a backend start no try asked for (the warm-up's): told to the first try that uses that backend. */
let untold: string[] = [];

/**
 * Selects the tfjs backend for this worker (again only when a try asks for another one), and returns the one in use.
 * The wasm binaries are served by the site itself (nothing is fetched from the internet). wasm threads are off: with a
 * minified build `setBackend('wasm')` hangs, and on 2 cores they gave no speed-up (STACK-NOTES). webgl falls back to
 * wasm where the worker has no WebGL, wasm to cpu where it cannot start; the try's log says so each time. A start waits
 * for the one before it, so a try that asks for cpu while the warm-up is still starting wasm ends up on cpu.
 */
export function useBackend(backend: TfBackend, log: TaskLogger): Promise<TfBackend> {
  if (ready && requested === backend) {
    // Every try that asked for a backend it does not get hears about it, not only the first one in this worker.
    return ready.then((inUse) => {
      const told = untold.splice(0);
      for (const warning of told) log.warning(warning);
      if (inUse !== backend && told.length === 0) {
        log.warning(`tfjs ${backend} was asked for; this worker uses ${inUse} (see its first try's log for why).`);
      }
      return inUse;
    });
  }
  requested = backend;
  untold = [];
  const started = performance.now();
  const previous = ready ?? Promise.resolve();
  ready = previous.then(
    () => start(backend, log),
    () => start(backend, log),
  );
  // On the worker's performance timeline, for the bench's stage breakdown (runtime/stageMarks.ts).
  void ready.then((inUse) => performance.measure(`pp:tfjs:${inUse}`, { start: started, end: performance.now() }));
  return ready;
}

async function start(backend: TfBackend, log: TaskLogger): Promise<TfBackend> {
  if (backend === 'webgl' && (await tryWebgl(log))) return 'webgl';
  if (backend !== 'cpu' && (await tryWasm(log))) return 'wasm';
  await tf.setBackend('cpu');
  await tf.ready();
  return 'cpu';
}

/**
 * For a worker's idle time: starts the default backend (wasm, the Settings page's default) before the first training
 * try needs it, unless a try has already chosen one. What goes wrong is told to the first try that uses it.
 */
export function prepareBackend(): Promise<TfBackend> {
  if (ready) return ready;
  const keep = (message: string) => void untold.push(message);
  const pending = useBackend('wasm', { debug: () => undefined, info: () => undefined, warning: keep, error: keep });
  return pending;
}

export { tf };
