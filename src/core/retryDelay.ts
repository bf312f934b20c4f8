import { sha1Hex } from './sha1';

// Once this module's jitter hash; kept here for the modules that import it from this path.
export { fnv1a } from './fnv1a';

/** Airflow's default `retry_delay` (5 minutes); playground DAGs set shorter ones. */
export const DEFAULT_RETRY_DELAY_MS = 300_000;

/** Airflow's `[core] max_task_retry_delay` default (24 h): no exponential backoff waits longer, with or without `max_retry_delay`. */
export const MAX_RETRY_DELAY_MS = 86_400_000;

export interface RetryPolicy {
  readonly retryDelayMs?: number;
  readonly retryExponentialBackoff?: boolean;
  readonly maxRetryDelayMs?: number;
}

const SECOND = 1000;

/**
 * How long after failed try `tryNumber` (1-based) the next try may start, as Airflow's
 * `TaskInstance.next_retry_datetime` computes it:
 * - without backoff, exactly `retryDelayMs` (any precision; `maxRetryDelayMs` does not apply);
 * - with backoff, in whole seconds: `min_backoff = ceil(delay_s · 2^(try−1))`, at least 1 s (so a base of 0, 0.5 or
 *   1 s waits exactly 1 s at the first retry), plus a jitter `sha1(key#try) mod min_backoff` — the same try of the
 *   same task always waits the same, tasks that failed together do not retry together — then capped at 24 h
 *   (`MAX_RETRY_DELAY_MS`) and by `maxRetryDelayMs` when it is set and not zero.
 * `jitterKey` is `dag#task#run` here; Airflow hashes `dag_id#task_id#logical_date`, so for the same try the two wait
 * the same only when the keys match (README: scheduler table).
 */
export function retryDelayMs(policy: RetryPolicy, tryNumber: number, jitterKey: string): number {
  const delay = policy.retryDelayMs ?? DEFAULT_RETRY_DELAY_MS;
  if (!policy.retryExponentialBackoff) return delay;
  const maxSeconds = MAX_RETRY_DELAY_MS / SECOND;
  const minBackoff = Math.ceil((delay / SECOND) * 2 ** (tryNumber - 1));
  let seconds: number;
  if (!Number.isFinite(minBackoff) || minBackoff >= maxSeconds) {
    // Airflow's newer releases catch the OverflowError of a huge exponent and wait the maximum; so does this.
    seconds = maxSeconds;
  } else {
    const base = Math.max(1, minBackoff);
    const jitter = Number(BigInt(`0x${sha1Hex(`${jitterKey}#${tryNumber}`)}`) % BigInt(base));
    seconds = Math.min(base + jitter, maxSeconds);
  }
  const wait = seconds * SECOND;
  // Airflow: `if self.task.max_retry_delay: delay = min(max_retry_delay, delay)` — a zero max_retry_delay caps nothing.
  return policy.maxRetryDelayMs ? Math.min(wait, policy.maxRetryDelayMs) : wait;
}
