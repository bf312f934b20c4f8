import { useEffect, useRef } from 'react';
import type { RunId, TaskId } from '../../core/ids';
import { logKey, type LogLine } from '../../core/logLine';
import type { EmbedRunState } from '../../embed/protocol';
import { usePlayground } from '../PlaygroundContext';
import { UserText } from '../UserText';

const NO_LINES: readonly LogLine[] = [];

/** The selected task's log, latest try, as plain text lines (never HTML), following new lines. */
export function EmbedLogsPane({ run, taskId, tasks, onTask }: { run: EmbedRunState | undefined; taskId: string | null; tasks: readonly string[]; onTask: (taskId: string) => void }) {
  const tryNumber = run && taskId ? (run.tries[taskId] ?? 0) : 0;
  const lines = usePlayground((s) => (run && taskId ? (s.logs[logKey(run.runId as RunId, taskId as TaskId, tryNumber)] ?? NO_LINES) : NO_LINES));
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (box.current) box.current.scrollTop = box.current.scrollHeight;
  }, [lines.length]);
  return (
    <section className="embed-pane embed-logs" aria-label="Logs" data-testid="embed-logs">
      <label className="embed-logs-head small">
        Logs of{' '}
        <select value={taskId ?? ''} onChange={(event) => onTask(event.target.value)} data-testid="embed-log-task">
          <option value="" disabled>
            a task…
          </option>
          {tasks.map((id) => (
            <option key={id} value={id}>
              {id}
            </option>
          ))}
        </select>
        {tryNumber > 1 && <span className="muted"> try {tryNumber}</span>}
      </label>
      {/* Focusable: it scrolls, and keyboard users must be able to scroll it. */}
      <div className="embed-log-lines" ref={box} tabIndex={0} role="log" aria-label="Log lines" data-testid="embed-log-lines">
        {!run || !taskId ? (
          <p className="muted small">{run ? 'Pick a task (or a node of the graph) to read its log.' : 'Run the pipeline to see its logs.'}</p>
        ) : lines.length === 0 ? (
          <p className="muted small">No log lines yet.</p>
        ) : (
          lines.map((line, i) => (
            <div key={i} className={`embed-log-line level-${line.level}`}>
              <span className="muted">{line.level}</span> <UserText text={line.message} max={400} multiline />
            </div>
          ))
        )}
      </div>
    </section>
  );
}
