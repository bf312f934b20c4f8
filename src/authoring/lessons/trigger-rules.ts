/**
 * @title Trigger rules: what runs after a failure
 * @teaches A task runs when its trigger rule holds over its direct upstream tasks. With the default all_success,
 *   a failure upstream makes it upstream_failed; one_failed runs only because something failed; all_done runs
 *   whatever happened; none_failed is skipped-tolerant but not failure-tolerant. The tasks with nothing to do are
 *   the built-in operators.noop; the others are code of this file.
 * @expect Trigger lesson_trigger_rules: transform fails (on purpose), so load is upstream_failed, alert runs
 *   (one_failed), cleanup runs (all_done), report is upstream_failed (none_failed), and the run fails.
 * @check {"trigger": ["lesson_trigger_rules"], "runs": [{"dagId": "lesson_trigger_rules", "count": 1, "state": "failed", "tasks": {"extract": "success", "transform": "failed", "load": "upstream_failed", "alert": "success", "cleanup": "success", "report": "upstream_failed"}}]}
 */
import { Dag, getContext, operators } from 'apache-airflow-ts-sdk';

const dag = new Dag('lesson_trigger_rules', {
  description: 'One task fails: see which of its downstream tasks run, by trigger rule.',
});

const extract = dag.task('extract', async () => {
  getContext().log.info('Extracted 3 rows.');
  return [1, 2, 3];
});

const transform = dag.task('transform', async ({ rows }: { rows: number[] }) => {
  // Fails on purpose: change this line and run again to watch every rule below change its mind.
  throw new Error(`Cannot transform ${rows.length} rows: the schema changed.`);
});

// The default rule, all_success: it needs transform to succeed.
const load = dag.task('load', operators.noop);

// Runs because something upstream failed: the place for an alert.
const alert = dag.task(
  'alert',
  async () => {
    getContext().notify('warning', 'transform failed: someone should look at it.');
  },
  { triggerRule: 'one_failed' },
);

// Runs once everything upstream is done, however it ended: the place for cleaning up.
const cleanup = dag.task('cleanup', operators.noop, { triggerRule: 'all_done' });

// none_failed tolerates skipped upstream tasks, not failed ones.
const report = dag.task('report', operators.noop, { triggerRule: 'none_failed' });

const transformed = transform({ rows: extract() });
load().after(transformed);
alert().after(transformed);
cleanup().after(transformed);
report().after(transformed);
