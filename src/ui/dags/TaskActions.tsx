import { useId, useState } from 'react';
import type { DagDefinition } from '../../core/dag';
import type { TaskId } from '../../core/ids';
import type { DagRun, TaskInstance } from '../../core/model';
import { useCommand, usePlayground } from '../PlaygroundContext';
import { listText } from '../../core/displayText';

/** Every task downstream of `taskId`, nearest first: what "downstream too" will also clear. */
function downstreamOf(dag: DagDefinition, taskId: TaskId): TaskId[] {
  const found: TaskId[] = [];
  let frontier: TaskId[] = [taskId];
  while (frontier.length > 0) {
    const next = dag.tasks.filter((t) => !found.includes(t.id) && t.id !== taskId && t.upstream.some((u) => frontier.includes(u)));
    found.push(...next.map((t) => t.id));
    frontier = next.map((t) => t.id);
  }
  return found;
}

/**
 * Airflow's task instance actions. Clear resets the task (and, by default, what depends on it) so the scheduler runs it
 * again; Mark sets an outcome by hand without running anything. Both leave a note on the task.
 */
export function TaskActions({ run, ti, dag }: { run: DagRun; ti: TaskInstance; dag: DagDefinition }) {
  const execute = useCommand();
  const ready = usePlayground((s) => s.status === 'ready');
  const [downstream, setDownstream] = useState(true);
  const downstreamId = useId();
  const below = downstreamOf(dag, ti.taskId);

  return (
    <div className="task-actions" role="group" aria-label={`Actions on ${ti.taskId}`}>
      <div className="task-clear">
        <button
          type="button"
          data-testid="task-clear"
          disabled={!ready}
          aria-describedby={downstreamId}
          onClick={() => execute({ type: 'clearTask', runId: run.id, taskId: ti.taskId, downstream })}
        >
          ↺ Clear
        </button>
        <label className="checkbox-label" id={downstreamId}>
          <input
            type="checkbox"
            data-testid="task-clear-downstream"
            checked={downstream}
            disabled={below.length === 0}
            onChange={(e) => setDownstream(e.target.checked)}
          />
          downstream too{below.length > 0 ? ` (${listText(below)})` : ' (none)'}
        </label>
      </div>
      <div className="task-mark">
        <button
          type="button"
          data-testid="task-mark-success"
          disabled={!ready || ti.state === 'success'}
          onClick={() => execute({ type: 'markTask', runId: run.id, taskId: ti.taskId, state: 'success' })}
        >
          <span aria-hidden="true">✓</span> Mark success
        </button>
        <button
          type="button"
          data-testid="task-mark-failed"
          disabled={!ready || ti.state === 'failed'}
          onClick={() => execute({ type: 'markTask', runId: run.id, taskId: ti.taskId, state: 'failed' })}
        >
          <span aria-hidden="true">✗</span> Mark failed
        </button>
      </div>
    </div>
  );
}
