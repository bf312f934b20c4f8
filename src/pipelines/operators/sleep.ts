import type { TaskFunction } from '../../taskApi/taskContext';

export const DEFAULT_SLEEP_MS = 100;
/** A cap, so a typo in a param cannot park a worker for hours; the task's execution timeout still applies. */
export const MAX_SLEEP_MS = 60_000;

/**
 * Waits `params.sleep_ms` milliseconds (default 100) and succeeds, returning how long it slept: Airflow's
 * TimeDeltaSensor in miniature, for demo DAGs whose tasks should take visible time without doing work.
 */
export const sleep: TaskFunction = async (context) => {
  const ms = sleepMsFrom(context.params['sleep_ms']);
  await new Promise((resolve) => setTimeout(resolve, ms));
  return { sleptMs: ms };
};

/** A whole number of ms in [0, MAX_SLEEP_MS]; anything else is refused with a message that names the param. */
export function sleepMsFrom(value: unknown): number {
  if (value === undefined || value === null) return DEFAULT_SLEEP_MS;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new RangeError(`The sleep operator needs params.sleep_ms ≥ 0 (ms), got ${JSON.stringify(value)}.`);
  }
  return Math.min(MAX_SLEEP_MS, Math.round(value));
}
