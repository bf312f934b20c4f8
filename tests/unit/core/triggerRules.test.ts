import { describe, expect, it } from 'vitest';
import { TASK_STATES, type TaskState } from '../../../src/core/states';
import { countUpstream, evaluateTriggerRule, TRIGGER_RULES, type TriggerRule } from '../../../src/core/triggerRules';
import { airflowAllowsStart, expectedVerdict, MIXES, type MixName } from './triggerRuleTable';

const mixNames = Object.keys(MIXES) as MixName[];

describe('evaluateTriggerRule: every rule × representative upstream mixes (Airflow TriggerRuleDep)', () => {
  const table = TRIGGER_RULES.flatMap((rule) => mixNames.map((mix) => [rule, mix, expectedVerdict(rule, mix)] as const));

  it('covers all 11 rules', () => {
    expect([...TRIGGER_RULES].sort()).toEqual(
      [
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
      ].sort(),
    );
    expect(table).toHaveLength(11 * mixNames.length);
  });

  it.each(table)('%s with %s upstream → %s', (rule, mix, verdict) => {
    expect(evaluateTriggerRule(rule, countUpstream(MIXES[mix]))).toBe(verdict);
  });

  it.each(table)('%s with %s upstream: the verdict does not depend on upstream order', (rule, mix, verdict) => {
    expect(evaluateTriggerRule(rule, countUpstream([...MIXES[mix]].reverse()))).toBe(verdict);
  });

  it('agrees with the independent "may start" oracle on every mix', () => {
    for (const rule of TRIGGER_RULES) {
      for (const mix of mixNames) {
        const ready = evaluateTriggerRule(rule, countUpstream(MIXES[mix])) === 'ready';
        expect(ready, `${rule} / ${mix}`).toBe(airflowAllowsStart(rule, MIXES[mix]));
      }
    }
  });
});

describe('evaluateTriggerRule: outcomes that settle early, as in Airflow', () => {
  it('all_success turns upstream_failed at the first failure, without waiting for the others', () => {
    expect(evaluateTriggerRule('all_success', countUpstream(['failed', 'running', 'none']))).toBe('upstream_failed');
  });

  it('all_success turns skipped at the first skip, unless something already failed', () => {
    expect(evaluateTriggerRule('all_success', countUpstream(['skipped', 'running']))).toBe('skipped');
    expect(evaluateTriggerRule('all_success', countUpstream(['skipped', 'failed']))).toBe('upstream_failed');
  });

  it('one_success runs as soon as one upstream succeeded, even while others still run', () => {
    expect(evaluateTriggerRule('one_success', countUpstream(['running', 'queued', 'success']))).toBe('ready');
  });

  it('one_failed waits while nothing failed yet and upstream tasks still run', () => {
    expect(evaluateTriggerRule('one_failed', countUpstream(['success', 'up_for_retry']))).toBe('wait');
  });

  it('one_done does not count upstream_failed as done-with-an-outcome', () => {
    expect(evaluateTriggerRule('one_done', countUpstream(['upstream_failed', 'skipped']))).toBe('skipped');
    expect(evaluateTriggerRule('one_done', countUpstream(['upstream_failed', 'running']))).toBe('wait');
  });

  it('none_failed_min_one_success needs one success among otherwise skipped upstream', () => {
    expect(evaluateTriggerRule('none_failed_min_one_success', countUpstream(['skipped', 'skipped', 'success']))).toBe('ready');
    expect(evaluateTriggerRule('none_failed_min_one_success', countUpstream(['skipped', 'skipped', 'skipped']))).toBe('skipped');
  });

  it('an up_for_retry upstream is not finished: all_done and none_failed wait for it', () => {
    expect(evaluateTriggerRule('all_done', countUpstream(['success', 'up_for_retry']))).toBe('wait');
    expect(evaluateTriggerRule('none_failed', countUpstream(['success', 'up_for_retry']))).toBe('wait');
  });
});

describe('countUpstream', () => {
  it('counts each outcome; unfinished states count only in the total', () => {
    const states: TaskState[] = ['success', 'success', 'failed', 'upstream_failed', 'skipped', 'none', 'scheduled', 'queued', 'running', 'up_for_retry'];
    expect(countUpstream(states)).toEqual({ total: 10, success: 2, failed: 1, upstreamFailed: 1, skipped: 1, done: 5 });
  });

  it('ignores removed upstream tasks entirely (they are no longer in the DAG)', () => {
    expect(countUpstream(['removed', 'success', 'removed'])).toEqual({
      total: 1,
      success: 1,
      failed: 0,
      upstreamFailed: 0,
      skipped: 0,
      done: 1,
    });
  });

  it('handles every task state', () => {
    expect(() => countUpstream(TASK_STATES)).not.toThrow();
    expect(countUpstream(TASK_STATES).total).toBe(TASK_STATES.length - 1);
  });

  it.each(TRIGGER_RULES.map((r) => [r] as [TriggerRule]))('%s passes when the only upstream was removed', (rule) => {
    expect(evaluateTriggerRule(rule, countUpstream(['removed']))).toBe('ready');
  });
});
