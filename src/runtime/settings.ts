import { parseFaults } from './faults';
import type { RuntimeSettings, TfBackend } from './protocol';

export const DEFAULT_SEED = 42;

/** Runtime settings read from the URL, with what was wrong in it: the UI shows these errors in a banner. */
export interface SettingsReading extends RuntimeSettings {
  readonly errors: readonly string[];
}

/**
 * Settings from the URL (`?seed=7&backend=cpu&fault=extract:throw@1`), for repeatable demos and tests; defaults
 * otherwise. A value that cannot be used is left at its default (a malformed fault is left out) and reported in
 * `errors`; with `knownTaskIds`, so is a fault on a task no DAG has.
 */
export function readSettings(search: string, baseUrl: string, knownTaskIds?: readonly string[]): SettingsReading {
  const params = new URLSearchParams(search);
  const errors: string[] = [];
  const seedText = params.get('seed');
  const seedOk = seedText !== null && /^\d+$/.test(seedText) && Number.isSafeInteger(Number(seedText));
  if (seedText !== null && !seedOk) errors.push(`Invalid seed "${seedText}": expected a whole number ≥ 0; using ${DEFAULT_SEED}.`);
  const seed = seedOk ? Number(seedText) : DEFAULT_SEED;
  const backendText = params.get('backend');
  if (backendText !== null && backendText !== 'cpu' && backendText !== 'wasm') {
    errors.push(`Invalid backend "${backendText}": expected wasm or cpu; using wasm.`);
  }
  const backend: TfBackend = backendText === 'cpu' ? 'cpu' : 'wasm';
  const parsed = parseFaults(params.getAll('fault'), knownTaskIds);
  return { seed, backend, baseUrl, faults: parsed.faults, errors: [...errors, ...parsed.errors] };
}
