import type { TaskFunction } from '../../taskApi/taskContext';
import { quoted } from '../../core/displayText';

/** The error the `fail` operator throws: a task meant to fail, to watch retries, upstream_failed and callbacks. */
export class OperatorFailed extends Error {
  override readonly name = 'OperatorFailed';
}

/** Always fails (Airflow has no such operator; a `raise AirflowFailException` task is the usual stand-in). */
export const fail: TaskFunction = async (context) => {
  throw new OperatorFailed(`Task ${quoted(context.taskId)} runs the fail operator, which fails every try (try ${context.tryNumber}).`);
};
