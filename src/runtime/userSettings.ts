import type { TfBackend } from './protocol';

/**
 * How fast the playground schedules: `instant` hands a finished task to its dependent at once (milliseconds);
 * `airflow` adds Airflow 2's typical latencies (scheduler loop, dataset trigger) so a class can see what they cost.
 */
export type SchedulingSpeed = 'instant' | 'airflow';

/** What a person sets in the Settings page (kept in this browser); URL parameters override them for one page load. */
export interface UserSettings {
  readonly poolSize: number;
  readonly backend: TfBackend | 'webgl';
  readonly seed: number;
  readonly speed: SchedulingSpeed;
  /** Probability (0–1) that any task try fails on purpose, to watch retries. */
  readonly failureProbability: number;
  /** The largest CSV a person may upload, in megabytes. */
  readonly maxUploadMb: number;
}

export const DEFAULT_USER_SETTINGS: UserSettings = {
  poolSize: 2,
  backend: 'wasm',
  seed: 42,
  speed: 'instant',
  failureProbability: 0,
  maxUploadMb: 50,
};
