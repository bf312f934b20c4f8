/**
 * @title Branching: follow one path, skip the other
 * @teaches A branch task decides at run time which of its direct downstream tasks run; the others are skipped,
 *   and skips propagate. dag.if(...) takes a task that returns true or false; dag.branch(...) (Airflow's
 *   @task.branch) returns the task(s) to follow. The task after both paths needs a trigger rule that tolerates
 *   the skipped side: none_failed_min_one_success.
 * @expect Trigger lesson_branching with its default threshold: 3 rows are fewer than 5, so small_batch runs and
 *   big_batch is skipped; publish runs after small_batch. Trigger it with threshold 2: big_batch runs instead.
 * @check {"trigger": ["lesson_branching"], "runs": [{"dagId": "lesson_branching", "count": 1, "state": "success", "tasks": {"count_rows": "success", "is_big": "success", "big_batch": "skipped", "small_batch": "success", "publish": "success"}}]}
 */
import { Dag, getContext } from 'apache-airflow-ts-sdk';

const dag = new Dag('lesson_branching', {
  description: 'Takes one of two paths depending on the data.',
  params: { threshold: { type: 'integer', default: 5, minimum: 0, description: 'Rows from which a batch counts as big.' } },
});

const countRows = dag.task('count_rows', async () => 3);

const isBig = dag.task('is_big', async ({ rows }: { rows: number }) => {
  const threshold = getContext().params['threshold'] as number;
  getContext().log.info(`${rows} rows, threshold ${threshold}.`);
  return rows >= threshold;
});

const bigBatch = dag.task('big_batch', async () => 'processed in parallel');
const smallBatch = dag.task('small_batch', async () => 'processed at once');
const publish = dag.task('publish', async () => 'published', { triggerRule: 'none_failed_min_one_success' });

const decided = isBig({ rows: countRows() });
const big = bigBatch();
const small = smallBatch();
dag.if(decided).then(big).else(small);
publish().after(big, small);
