/** Airflow's default `retry_delay` (5 minutes); playground DAGs set shorter ones. */
export const DEFAULT_RETRY_DELAY_MS = 300_000;

export interface RetryPolicy {
  readonly retryDelayMs?: number;
  readonly retryExponentialBackoff?: boolean;
  readonly maxRetryDelayMs?: number;
}

/**
 * How long after failed try `tryNumber` (1-based) the next try may start, as Airflow computes it: the plain delay, or
 * with exponential backoff `delay·2^(try−1)` plus a jitter in [0, that) derived from a hash of the task try — so
 * the same try always waits the same time, yet tasks that failed together do not all retry at the same moment —
 * capped by `maxRetryDelayMs` (which, as in Airflow, applies to the backoff only).
 */
export function retryDelayMs(policy: RetryPolicy, tryNumber: number, jitterKey: string): number {
  const delay = policy.retryDelayMs ?? DEFAULT_RETRY_DELAY_MS;
  if (!policy.retryExponentialBackoff || delay <= 0) return delay;
  const base = Math.ceil(delay * 2 ** (tryNumber - 1));
  const wait = base + (fnv1a(`${jitterKey}#${tryNumber}`) % base);
  // As in Airflow's next_retry_datetime, max_retry_delay caps the backoff only, not a plain retry_delay.
  return policy.maxRetryDelayMs === undefined ? wait : Math.min(wait, policy.maxRetryDelayMs);
}

/** 32-bit FNV-1a: a small, stable, well-spread string hash. */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
