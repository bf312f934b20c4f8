import { useId, useState } from 'react';
import { dagId, taskId } from '../../core/ids';
import { displayText } from '../../core/displayText';
import { usePlayground, usePlaygroundClient } from '../PlaygroundContext';
import { UserText } from '../UserText';
import { useSettings } from './SettingsContext';

const keyOf = (dagId: string, taskId: string) => `${dagId}/${taskId}`;

/** "Fail the next try of task X": arm it, watch the retry in the DAG view; each entry is used up by one try. */
export function FailNextTry() {
  const client = usePlaygroundClient();
  const setArmed = (dag: string, task: string, armed: boolean) =>
    void client.execute({ type: 'setFailNextTry', dagId: dagId(dag), taskId: taskId(task), armed });
  const dags = usePlayground((s) => s.dags);
  const armed = useSettings((s) => s.effective.failNextTry);
  const tasks = dags.flatMap((dag) => dag.tasks.map((task) => ({ dagId: dag.id as string, taskId: task.id as string, retries: task.retries ?? 0 })));
  const [selected, setSelected] = useState(() => (tasks[0] ? keyOf(tasks[0].dagId, tasks[0].taskId) : ''));
  const id = useId();
  const chosen = tasks.find((t) => keyOf(t.dagId, t.taskId) === selected);
  const isArmed = (dagId: string, taskId: string) => armed.some((e) => e.dagId === dagId && e.taskId === taskId);
  return (
    <div className="setting">
      <label htmlFor={id}>Fail the next try of</label>
      <div className="setting-row">
        <select id={id} value={selected} data-testid="setting-fail-task" onChange={(event) => setSelected(event.target.value)}>
          {dags.map((dag) => (
            <optgroup key={dag.id} label={displayText(dag.id)}>
              {dag.tasks.map((task) => (
                <option key={task.id} value={keyOf(dag.id, task.id)}>
                  {displayText(dag.id)} › {displayText(task.id)} ({task.retries ?? 0} {task.retries === 1 ? 'retry' : 'retries'})
                </option>
              ))}
            </optgroup>
          ))}
        </select>
        <button
          type="button"
          data-testid="setting-fail-arm"
          disabled={!chosen || isArmed(chosen.dagId, chosen.taskId)}
          onClick={() => chosen && setArmed(chosen.dagId, chosen.taskId, true)}
        >
          Arm
        </button>
      </div>
      <p className="setting-help">
        Its next try fails with an <code>InjectedFault</code> before its code runs — a task with retries is retried, one without
        fails its run.
      </p>
      <ul className="armed-list" aria-label="Armed failures" data-testid="armed-failures">
        {armed.length === 0 && <li className="muted">Nothing armed.</li>}
        {armed.map((entry) => (
          <li key={keyOf(entry.dagId, entry.taskId)} data-testid={`armed-${entry.dagId}-${entry.taskId}`}>
            <span aria-hidden="true">⚡ </span>
            next try of{' '}
            <strong>
              <UserText text={entry.dagId} /> › <UserText text={entry.taskId} />
            </strong>{' '}
            fails{' '}
            <button
              type="button"
              className="link-button"
              aria-label={`Disarm ${displayText(entry.dagId)} ${displayText(entry.taskId)}`}
              data-testid={`disarm-${entry.dagId}-${entry.taskId}`}
              onClick={() => setArmed(entry.dagId, entry.taskId, false)}
            >
              disarm
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
