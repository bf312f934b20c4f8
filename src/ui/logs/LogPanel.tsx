import { useEffect, useRef, useState } from 'react';
import type { TaskId } from '../../core/ids';
import { logKey } from '../../core/logLine';
import { findTask, type DagRun } from '../../core/model';
import { formatTime } from '../format';
import { usePlayground } from '../PlaygroundContext';

const NO_LINES: never[] = [];

/** A task try's log, streaming while it runs. Lines are React text nodes: log text is never parsed as HTML. */
export function LogPanel({ run, taskId }: { run: DagRun; taskId: TaskId }) {
  const ti = findTask(run, taskId);
  const lastTry = ti?.tryNumber ?? 0;
  const [chosenTry, setChosenTry] = useState<number | null>(null);
  const tryNumber = chosenTry !== null && chosenTry <= lastTry ? chosenTry : lastTry;
  const lines = usePlayground((s) => s.logs[logKey(run.id, taskId, tryNumber)] ?? NO_LINES);
  const box = useRef<HTMLDivElement>(null);
  const following = useRef(true);

  // Follow new lines like `tail -f`, unless the reader scrolled up; scroll only the log box, never the page.
  useEffect(() => {
    const el = box.current;
    if (el && following.current) el.scrollTop = el.scrollHeight;
  }, [lines.length]);

  return (
    <section className="log-panel" aria-labelledby="log-title">
      <header>
        <h3 id="log-title">Log</h3>
        {lastTry > 1 && (
          <label>
            try{' '}
            <select value={tryNumber} onChange={(e) => setChosenTry(Number(e.target.value))}>
              {Array.from({ length: lastTry }, (_, i) => i + 1).map((n) => (
                <option key={n}>{n}</option>
              ))}
            </select>
          </label>
        )}
      </header>
      <div
        ref={box}
        className="log-lines"
        role="log"
        aria-live="polite"
        aria-label={`Log of ${taskId}, try ${tryNumber}`}
        data-testid="task-log"
        tabIndex={0}
        onScroll={(e) => {
          const el = e.currentTarget;
          following.current = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
        }}
      >
        {lines.length === 0 && <div className="muted">{lastTry === 0 ? 'No try yet.' : 'No log lines yet.'}</div>}
        {lines.map((line) => (
          <div key={line.seq} className={`log-line level-${line.level}`}>
            <span className="log-time">{formatTime(line.timestamp)}</span>{' '}
            <span className="log-level">{line.level.toUpperCase()}</span> {line.message}
          </div>
        ))}
      </div>
    </section>
  );
}
