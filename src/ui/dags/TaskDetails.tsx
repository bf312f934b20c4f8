import type { DagDefinition } from '../../core/dag';
import type { TaskId } from '../../core/ids';
import type { DagRun } from '../../core/model';
import { formatDuration, formatTime, span } from '../format';
import { StateBadge } from '../StateBadge';

/** The selected task instance: its state, every try with times, its error and the dataset versions it wrote. */
export function TaskDetails({ run, taskId, dag }: { run: DagRun; taskId: TaskId; dag: DagDefinition }) {
  const ti = run.tasks[taskId];
  const task = dag.tasks.find((t) => t.id === taskId);
  if (!ti || !task) return null;
  return (
    <section className="task-details" aria-labelledby="task-details-title" data-testid="task-details">
      <h3 id="task-details-title">
        {taskId} <StateBadge state={ti.state} testId="task-state" />
      </h3>
      {task.description && <p className="muted">{task.description}</p>}
      {task.upstream.length > 0 && <p className="muted">upstream: {task.upstream.join(', ')}</p>}
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
