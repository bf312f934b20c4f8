import type { RuntimeSettings, TfBackend } from './protocol';

export const DEFAULT_SEED = 42;

/** Settings from the URL (`?seed=7&backend=cpu`), for repeatable demos and tests; defaults otherwise. */
export function readSettings(search: string, baseUrl: string): RuntimeSettings {
  const params = new URLSearchParams(search);
  const seedText = params.get('seed');
  const seed = seedText !== null && /^\d+$/.test(seedText) ? Number(seedText) : DEFAULT_SEED;
  const backendText = params.get('backend');
  const backend: TfBackend = backendText === 'cpu' ? 'cpu' : 'wasm';
  return { seed, backend, baseUrl };
}
