import type { DagDefinition } from '../../core/dag';
import type { DatasetId, TaskId } from '../../core/ids';
import { findTask, type DagRun, type TaskTry } from '../../core/model';
import { formatCount, formatDuration, formatTime, span } from '../format';
import { usePlayground, usePlaygroundStore } from '../PlaygroundContext';
import { StateBadge } from '../StateBadge';
import { STATE_STYLE } from '../../viz/stateStyle';
import { RetryCountdown } from './RetryCountdown';
import { TaskActions } from './TaskActions';
import './taskDetails.css';
import { MessageText, UserText } from '../UserText';
import { displayText, listText } from '../../core/displayText';

/**
 * The selected task instance: its state and tries (of how many allowed), when it retries, why a person changed it,
 * every try with times and error, the dataset versions it wrote (rows, a link to the dataset), its XCom return value,
 * and the actions to clear or mark it.
 */
export function TaskDetails({ run, taskId, dag }: { run: DagRun; taskId: TaskId; dag: DagDefinition }) {
  const store = usePlaygroundStore();
  const versions = usePlayground((s) => s.datasetVersions);
  const ti = findTask(run, taskId);
  const task = dag.tasks.find((t) => t.id === taskId);
  if (!ti || !task) return null;
  const openDataset = (id: DatasetId) => store.setState({ view: 'datasets', selectedDatasetId: id });
  // A task that succeeded on a retry keeps its last error on record: shown as what it recovered from, not as an alert.
  const recovered = ti.state === 'success' && ti.error !== undefined;
  const errorTry = ti.error ? [...ti.tries].reverse().find((t) => t.error?.message === ti.error?.message)?.tryNumber : undefined;
  return (
    <section className="task-details" aria-labelledby="task-details-title" data-testid="task-details" data-task={taskId} data-run={run.id}>
      <h3 id="task-details-title">
        <UserText text={taskId} /> <StateBadge state={ti.state} testId="task-state" />
      </h3>
      {task.description && (
        <p className="muted">
          <UserText text={task.description} max={300} multiline />
        </p>
      )}
      {task.upstream.length > 0 && <p className="muted">upstream: {listText(task.upstream)}</p>}
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
          <span aria-hidden="true">✎ </span>note: <MessageText text={ti.note} />
        </p>
      )}
      <TaskActions run={run} ti={ti} dag={dag} />
      <div className="tries-scroll">
        <table className="compact tries-table" data-testid="task-tries-table">
          <caption className="visually-hidden">Tries of {displayText(taskId)}</caption>
          <thead>
            <tr>
              <th scope="col">try</th>
              <th scope="col">state</th>
              <th scope="col">start → end</th>
              <th scope="col" title="How long the try waited for a worker">queued</th>
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
              // The current try's error is shown below the table, in full.
              <TryRows key={attempt.tryNumber} attempt={attempt} showError={attempt.tryNumber !== errorTry} />
            ))}
          </tbody>
        </table>
      </div>
      {ti.error &&
        (recovered ? (
          <p className="small muted" data-testid="task-error" data-recovered="true">
            <span aria-hidden="true">↻ </span>recovered{errorTry !== undefined && ` from try ${errorTry}`}: <MessageText text={`${ti.error.name}: ${ti.error.message}`} />
          </p>
        ) : (
          <p className="error-text" role="alert" data-testid="task-error">
            <MessageText text={`${ti.error.name}: ${ti.error.message}`} />
          </p>
        ))}
      {ti.outputs.length > 0 && (
        <div className="task-outputs" data-testid="task-outputs">
          <h4>Outputs</h4>
          <ul className="outputs">
            {ti.outputs.map((o) => {
              const version = versions.find((v) => v.id === o.versionId);
              return (
                <li key={o.versionId} data-testid={`task-output-${o.datasetId}`}>
                  <a
                    href={`#/datasets/${encodeURIComponent(o.datasetId)}`}
                    onClick={(e) => {
                      e.preventDefault();
                      openDataset(o.datasetId);
                    }}
                  >
                    <span aria-hidden="true">⛁ </span>
                    <UserText text={o.datasetId} />
                  </a>{' '}
                  {version ? <span>{formatCount(version.rowCount)} rows</span> : <span className="muted">rows unknown</span>}
                  <br />
                  <code className="muted" title="dataset version">
                    {o.versionId}
                  </code>
                </li>
              );
            })}
          </ul>
        </div>
      )}
      {ti.returnValue !== undefined && (
        <details className="task-xcom" data-testid="task-xcom" open>
          <summary>
            XCom <code>return_value</code>
          </summary>
          <pre>
            <UserText text={JSON.stringify(ti.returnValue, null, 2)} max={4_000} multiline />
          </pre>
        </details>
      )}
    </section>
  );
}

/**
 * A try lost with the page that ran it is not a failure of the task (the next try took it up without using a retry):
 * it gets its own badge, in the neutral colours of `removed`, rather than the red of `failed`.
 */
function LostBadge() {
  const style = STATE_STYLE.removed;
  return (
    <span
      className="state-badge"
      data-state="lost"
      title="The page was closed or reloaded while this try was in flight; the next try took the task up without using a retry."
      style={{ background: style.fill, borderColor: style.stroke, color: style.text }}
    >
      <span aria-hidden="true">↯</span> lost
    </span>
  );
}

function TryRows({ attempt, showError }: { attempt: TaskTry; showError: boolean }) {
  return (
    <>
      <tr data-testid={`task-try-${attempt.tryNumber}`}>
        <td>{attempt.tryNumber}</td>
        <td>{attempt.lost ? <LostBadge /> : <StateBadge state={attempt.state} />}</td>
        <td className="try-times">
          {formatTime(attempt.startDate)}
          <br />→ {attempt.endDate === null && attempt.startDate !== null ? 'running' : formatTime(attempt.endDate)}
        </td>
        {/* The wait, with the time it was queued on hover: the times line up with the run's Gantt chart. */}
        <td title={`queued at ${formatTime(attempt.queuedAt)}`}>
          {formatDuration(span(attempt.queuedAt, attempt.startDate ?? attempt.endDate))}
        </td>
        <td>{formatDuration(span(attempt.startDate, attempt.endDate))}</td>
      </tr>
      {showError && attempt.error && (
        <tr className="try-error">
          <td />
          {/* A lost try is not an error of the task: its note reads as information, not as an alert. */}
          <td colSpan={4} className={attempt.lost ? 'muted' : 'error-text'}>
            <MessageText text={attempt.lost ? attempt.error.message : `${attempt.error.name}: ${attempt.error.message}`} />
          </td>
        </tr>
      )}
    </>
  );
}
