import type { TaskState } from '../../../src/core/states';
import type { RuleVerdict, TriggerRule } from '../../../src/core/triggerRules';

/**
 * Airflow's TriggerRuleDep as a table, written out by hand from Airflow's documentation and source (not derived from
 * the code under test): for each rule, what a task whose direct upstream tasks are in these states does now.
 * `ready` = the dependency passes; `skipped` / `upstream_failed` = the scheduler sets that state without running it.
 */
export const MIXES = {
  'all success': ['success', 'success'],
  'one failed': ['success', 'failed'],
  'one upstream_failed': ['success', 'upstream_failed'],
  'one skipped': ['success', 'skipped'],
  'all skipped': ['skipped', 'skipped'],
  'all failed': ['failed', 'failed'],
  'all upstream_failed': ['upstream_failed', 'upstream_failed'],
  'success + running': ['success', 'running'],
  'failed + up_for_retry': ['failed', 'up_for_retry'],
  'skipped + queued': ['skipped', 'queued'],
  'none + scheduled': ['none', 'scheduled'],
  'no upstream': [],
} as const satisfies Record<string, readonly TaskState[]>;

export type MixName = keyof typeof MIXES;

const R = 'ready';
const W = 'wait';
const S = 'skipped';
const U = 'upstream_failed';

/** Columns in the order of MIXES. */
const ROWS: Record<TriggerRule, readonly RuleVerdict[]> = {
  //                                 allS  oneF  oneUF oneK  allK  allF  allUF S+run F+rty K+q   none  noUp
  all_success:                      [R,    U,    U,    S,    S,    U,    U,    W,    U,    S,    W,    R],
  all_failed:                       [S,    S,    S,    S,    S,    R,    R,    S,    W,    S,    W,    R],
  all_done:                         [R,    R,    R,    R,    R,    R,    R,    W,    W,    W,    W,    R],
  all_skipped:                      [S,    S,    S,    S,    R,    S,    S,    S,    S,    W,    W,    R],
  one_success:                      [R,    R,    R,    R,    S,    U,    U,    R,    W,    W,    W,    R],
  one_failed:                       [S,    R,    R,    S,    S,    R,    R,    W,    R,    W,    W,    R],
  one_done:                         [R,    R,    R,    R,    S,    R,    S,    R,    R,    W,    W,    R],
  none_failed:                      [R,    U,    U,    R,    R,    U,    U,    W,    U,    W,    W,    R],
  none_failed_min_one_success:      [R,    U,    U,    R,    S,    U,    U,    W,    U,    W,    W,    R],
  none_skipped:                     [R,    R,    R,    S,    S,    R,    R,    W,    W,    S,    W,    R],
  always:                           [R,    R,    R,    R,    R,    R,    R,    R,    R,    R,    R,    R],
};

export function expectedVerdict(rule: TriggerRule, mix: MixName): RuleVerdict {
  const column = (Object.keys(MIXES) as MixName[]).indexOf(mix);
  return ROWS[rule][column]!;
}

/**
 * An independent statement of when Airflow lets a task run (the "passing" conditions of TriggerRuleDep), for the
 * property tests: removed upstream tasks do not count; no upstream, or `always`, passes.
 */
export function airflowAllowsStart(rule: TriggerRule, upstreamStates: readonly TaskState[]): boolean {
  const states = upstreamStates.filter((s) => s !== 'removed');
  const n = states.length;
  if (n === 0 || rule === 'always') return true;
  const count = (s: TaskState) => states.filter((x) => x === s).length;
  const success = count('success');
  const failed = count('failed');
  const upstreamFailed = count('upstream_failed');
  const skipped = count('skipped');
  const done = success + failed + upstreamFailed + skipped;
  switch (rule) {
    case 'all_success':
      return success === n;
    case 'all_failed':
      return failed + upstreamFailed === n;
    case 'all_done':
      return done === n;
    case 'all_skipped':
      return skipped === n;
    case 'one_success':
      return success >= 1;
    case 'one_failed':
      return failed + upstreamFailed >= 1;
    case 'one_done':
      return success + failed >= 1;
    case 'none_failed':
      return success + skipped === n;
    case 'none_failed_min_one_success':
      return success + skipped === n && success >= 1;
    case 'none_skipped':
      return done === n && skipped === 0;
  }
}
