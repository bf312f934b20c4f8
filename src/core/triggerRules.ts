import { assertNever, type TaskState } from './states';

/** Airflow's trigger rules: when a task may run, given the states of its direct upstream tasks. */
export type TriggerRule =
  | 'all_success'
  | 'all_failed'
  | 'all_done'
  | 'all_skipped'
  | 'one_success'
  | 'one_failed'
  | 'one_done'
  | 'none_failed'
  | 'none_failed_min_one_success'
  | 'none_skipped'
  | 'always';

export const TRIGGER_RULES: readonly TriggerRule[] = [
  'all_success',
  'all_failed',
  'all_done',
  'all_skipped',
  'one_success',
  'one_failed',
  'one_done',
  'none_failed',
  'none_failed_min_one_success',
  'none_skipped',
  'always',
];

/** What a `none` task becomes now: it waits, it is ready to be scheduled, or it ends without running. */
export type RuleVerdict = 'wait' | 'ready' | 'skipped' | 'upstream_failed';

export interface UpstreamCounts {
  readonly total: number;
  readonly success: number;
  readonly failed: number;
  readonly upstreamFailed: number;
  readonly skipped: number;
  /** Upstreams in a finished state (success, failed, upstream_failed, skipped). */
  readonly done: number;
}

/** Counts the upstream states. A removed upstream no longer exists in the DAG, so it does not count at all. */
export function countUpstream(states: Iterable<TaskState>): UpstreamCounts {
  const list = [...states];
  return countUpstreamStates(list.length, (i) => list[i]!);
}

/** The same, reading the n states through `stateAt`: the scheduler counts a 10,000-way fan-in without allocating. */
export function countUpstreamStates(n: number, stateAt: (i: number) => TaskState): UpstreamCounts {
  let total = 0, success = 0, failed = 0, upstreamFailed = 0, skipped = 0;
  for (let i = 0; i < n; i++) {
    const state = stateAt(i);
    switch (state) {
      case 'removed':
        continue;
      case 'success':
        success++;
        break;
      case 'failed':
        failed++;
        break;
      case 'upstream_failed':
        upstreamFailed++;
        break;
      case 'skipped':
        skipped++;
        break;
      case 'none':
      case 'scheduled':
      case 'queued':
      case 'running':
      case 'up_for_retry':
        break;
      default:
        assertNever(state, 'task state');
    }
    total++;
  }
  return { total, success, failed, upstreamFailed, skipped, done: success + failed + upstreamFailed + skipped };
}

/**
 * Airflow's `TriggerRuleDep` over direct upstreams: the same outcomes, including how failure and skips propagate
 * (all_success turns upstream_failed as soon as one upstream fails and skipped as soon as one is skipped; the
 * `one_*` rules end only once every upstream is done without the awaited outcome).
 */
export function evaluateTriggerRule(rule: TriggerRule, c: UpstreamCounts): RuleVerdict {
  // As in Airflow, a task without (remaining) upstream tasks passes whatever its rule.
  if (c.total === 0) return 'ready';
  const allDone = c.done >= c.total;
  const anyFailed = c.failed + c.upstreamFailed > 0;
  switch (rule) {
    case 'all_success':
      if (anyFailed) return 'upstream_failed';
      if (c.skipped > 0) return 'skipped';
      return c.success === c.total ? 'ready' : 'wait';
    case 'all_failed':
      if (c.success + c.skipped > 0) return 'skipped';
      return c.failed + c.upstreamFailed === c.total ? 'ready' : 'wait';
    case 'all_done':
      return allDone ? 'ready' : 'wait';
    case 'all_skipped':
      if (c.success + c.failed + c.upstreamFailed > 0) return 'skipped';
      return c.skipped === c.total ? 'ready' : 'wait';
    case 'one_success':
      if (c.success > 0) return 'ready';
      if (!allDone) return 'wait';
      return c.skipped === c.total ? 'skipped' : 'upstream_failed';
    case 'one_failed':
      if (anyFailed) return 'ready';
      return allDone ? 'skipped' : 'wait';
    case 'one_done':
      if (c.success + c.failed > 0) return 'ready';
      return allDone ? 'skipped' : 'wait';
    case 'none_failed':
      if (anyFailed) return 'upstream_failed';
      return allDone ? 'ready' : 'wait';
    case 'none_failed_min_one_success':
      if (anyFailed) return 'upstream_failed';
      if (!allDone) return 'wait';
      return c.skipped === c.total && c.total > 0 ? 'skipped' : 'ready';
    case 'none_skipped':
      if (c.skipped > 0) return 'skipped';
      return allDone ? 'ready' : 'wait';
    case 'always':
      return 'ready';
    default:
      return assertNever(rule, 'trigger rule');
  }
}
