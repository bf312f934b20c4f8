import type { DagDefinition } from '../../core/dag';
import type { TaskId } from '../../core/ids';
import { findTask, type DagRun } from '../../core/model';
import { formatDuration, formatTime, span } from '../format';
import { StateBadge } from '../StateBadge';
import { RetryCountdown } from './RetryCountdown';
import { TaskActions } from './TaskActions';

/**
 * The selected task instance: its state and tries (of how many allowed), when it retries, why a person changed it,
 * every try with times, its error, the dataset versions it wrote, and the actions to clear or mark it.
 */
export function TaskDetails({ run, taskId, dag }: { run: DagRun; taskId: TaskId; dag: DagDefinition }) {
  const ti = findTask(run, taskId);
  const task = dag.tasks.find((t) => t.id === taskId);
  if (!ti || !task) return null;
  return (
    <section className="task-details" aria-labelledby="task-details-title" data-testid="task-details">
      <h3 id="task-details-title">
        {taskId} <StateBadge state={ti.state} testId="task-state" />
      </h3>
      {task.description && <p className="muted">{task.description}</p>}
      {task.upstream.length > 0 && <p className="muted">upstream: {task.upstream.join(', ')}</p>}
      <p className="task-tries" data-testid="task-tries">
        {ti.tryNumber === 0 ? `not tried yet · up to ${ti.maxTries} ${ti.maxTries === 1 ? 'try' : 'tries'}` : `try ${ti.tryNumber} of ${ti.maxTries}`}
        {ti.state === 'up_for_retry' && ti.nextRetryAt !== null && (
          <>
            {' · '}
            <RetryCountdown at={ti.nextRetryAt} />
          </>
        )}
      </p>
      {ti.note && (
        <p className="task-note" data-testid="task-note">
          <span aria-hidden="true">✎ </span>note: {ti.note}
        </p>
      )}
      <TaskActions run={run} ti={ti} dag={dag} />
      <table className="compact">
        <thead>
          <tr>
            <th scope="col">try</th>
            <th scope="col">state</th>
            <th scope="col">queued</th>
            <th scope="col">start</th>
            <th scope="col">duration</th>
          </tr>
        </thead>
        <tbody>
          {ti.tries.length === 0 && (
            <tr>
              <td colSpan={5} className="muted">
                not started
              </td>
            </tr>
          )}
          {ti.tries.map((attempt) => (
            <tr key={attempt.tryNumber}>
              <td>{attempt.tryNumber}</td>
              <td>
                <StateBadge state={attempt.state} />
              </td>
              <td>{formatTime(attempt.queuedAt)}</td>
              <td>{formatTime(attempt.startDate)}</td>
              <td>{formatDuration(span(attempt.startDate, attempt.endDate))}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {ti.error && (
        <p className="error-text" role="alert" data-testid="task-error">
          {ti.error.name}: {ti.error.message}
        </p>
      )}
      {ti.outputs.length > 0 && (
        <ul className="outputs">
          {ti.outputs.map((o) => (
            <li key={o.versionId}>
              ⛁ {o.datasetId} <code>{o.versionId}</code>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
