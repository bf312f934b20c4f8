import { useEffect, useId, useMemo, useRef, useState } from 'react';
import type { TaskId } from '../../core/ids';
import { logKey, type LogLevel } from '../../core/logLine';
import { findTask, type DagRun } from '../../core/model';
import { formatTime } from '../format';
import { usePlayground } from '../PlaygroundContext';
import { countByLevel, filterLogLines, LOG_LEVELS, logFileName, logFileText, shownLogMessage, splitMatches } from './logText';
import './logs.css';
import { displayText } from '../../core/displayText';

const NO_LINES: never[] = [];
const ALL_LEVELS: ReadonlySet<LogLevel> = new Set(LOG_LEVELS);

/**
 * A task try's log, streaming while it runs: pick the try, filter by level, search (matches highlighted), copy or
 * download what is shown. Lines are React text nodes and <mark> elements: log text is never parsed as HTML. It follows
 * new lines like `tail -f` only while the reader is at the bottom.
 */
export function LogPanel({ run, taskId }: { run: DagRun; taskId: TaskId }) {
  const ti = findTask(run, taskId);
  const lastTry = ti?.tryNumber ?? 0;
  const [chosenTry, setChosenTry] = useState<number | null>(null);
  const tryNumber = chosenTry !== null && chosenTry <= lastTry ? chosenTry : lastTry;
  const lines = usePlayground((s) => s.logs[logKey(run.id, taskId, tryNumber)] ?? NO_LINES);
  const [levels, setLevels] = useState<ReadonlySet<LogLevel>>(ALL_LEVELS);
  const [query, setQuery] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const shown = useMemo(() => filterLogLines(lines, levels, query), [lines, levels, query]);
  const counts = useMemo(() => countByLevel(lines), [lines]);
  const matches = useMemo(
    () => (query.trim() ? shown.reduce((n, line) => n + splitMatches(line.message, query).filter((s) => s.match).length, 0) : 0),
    [shown, query],
  );
  const box = useRef<HTMLDivElement>(null);
  const following = useRef(true);
  const [atBottom, setAtBottom] = useState(true);
  const searchId = useId();

  // Another task or try: start at its end again.
  useEffect(() => {
    following.current = true;
    setAtBottom(true);
    setMessage(null);
  }, [run.id, taskId, tryNumber]);

  // Follow new lines, unless the reader scrolled up; scroll only the log box, never the page.
  useEffect(() => {
    const el = box.current;
    if (el && following.current) el.scrollTop = el.scrollHeight;
  }, [shown.length, run.id, taskId, tryNumber]);

  const text = () => logFileText(shown);
  const filtered = shown.length !== lines.length;
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text());
      setMessage(`Copied ${shown.length} line${shown.length === 1 ? '' : 's'}.`);
    } catch {
      setMessage('The browser refused the clipboard: select the lines and copy them by hand.');
    }
  };
  const download = () => {
    const url = URL.createObjectURL(new Blob([text()], { type: 'text/plain;charset=utf-8' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = logFileName(run.dagId, run.id, taskId, tryNumber);
    link.click();
    // The click has started the download; the object URL is not needed after this turn.
    window.setTimeout(() => URL.revokeObjectURL(url), 0);
  };
  const toggle = (level: LogLevel) =>
    setLevels((current) => {
      const next = new Set(current);
      if (next.has(level)) next.delete(level);
      else next.add(level);
      return next;
    });

  return (
    <section className="log-panel" aria-labelledby="log-title" data-testid="log-panel">
      <header>
        <h3 id="log-title">Log</h3>
        {lastTry > 1 && (
          <label>
            try{' '}
            <select value={tryNumber} data-testid="log-try" onChange={(e) => setChosenTry(Number(e.target.value))}>
              {Array.from({ length: lastTry }, (_, i) => i + 1).map((n) => (
                <option key={n} value={n}>
                  {n}
                  {n === lastTry ? ' (latest)' : ''}
                </option>
              ))}
            </select>
          </label>
        )}
      </header>
      <div className="log-toolbar">
        <div className="log-levels" role="group" aria-label="Levels shown">
          {LOG_LEVELS.map((level) => (
            <button
              key={level}
              type="button"
              className={`log-level-toggle level-${level}`}
              aria-pressed={levels.has(level)}
              data-testid={`log-level-${level}`}
              onClick={() => toggle(level)}
            >
              <span aria-hidden="true" className="log-level-check">
                {levels.has(level) ? '✓' : ''}
              </span>
              {level} <span className="muted">{counts[level]}</span>
            </button>
          ))}
        </div>
        <div className="log-search">
          <label htmlFor={searchId} className="visually-hidden">
            Search the log
          </label>
          <input
            id={searchId}
            type="search"
            placeholder="Search…"
            value={query}
            data-testid="log-search"
            onChange={(e) => setQuery(e.target.value)}
          />
          <span className="small muted" data-testid="log-match-count" aria-live="polite">
            {query.trim() ? `${matches} match${matches === 1 ? '' : 'es'}` : ''}
          </span>
        </div>
        <div className="log-actions">
          <button type="button" data-testid="log-copy" disabled={shown.length === 0} onClick={() => void copy()}>
            Copy
          </button>
          <button type="button" data-testid="log-download" disabled={shown.length === 0} onClick={download}>
            <span aria-hidden="true">↓ </span>Download .log
          </button>
        </div>
      </div>
      <div
        ref={box}
        className="log-lines"
        role="log"
        aria-live="polite"
        aria-label={`Log of ${displayText(taskId)}, try ${tryNumber}`}
        data-testid="task-log"
        data-try={tryNumber}
        tabIndex={0}
        onScroll={(e) => {
          const el = e.currentTarget;
          following.current = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
          setAtBottom(following.current);
        }}
      >
        {lines.length === 0 && <div className="muted">{lastTry === 0 ? 'No try yet.' : 'No log lines yet.'}</div>}
        {lines.length > 0 && shown.length === 0 && <div className="muted">No line matches the filter.</div>}
        {shown.map((line) => (
          <div key={line.seq} className={`log-line level-${line.level}`} data-level={line.level}>
            <span className="log-time">{formatTime(line.timestamp)}</span>{' '}
            <span className="log-level">{line.level.toUpperCase()}</span>{' '}
            <bdi className="user-text log-message">
              {splitMatches(shownLogMessage(line.message), query).map((segment, i) => (segment.match ? <mark key={i}>{segment.text}</mark> : segment.text))}
            </bdi>
          </div>
        ))}
      </div>
      <p className="log-footer small muted">
        <span role="status">{message}</span>
        {filtered && ` Showing ${shown.length} of ${lines.length} lines.`}
        {!atBottom && (
          <button
            type="button"
            className="link-button"
            data-testid="log-follow"
            onClick={() => {
              const el = box.current;
              following.current = true;
              setAtBottom(true);
              if (el) el.scrollTop = el.scrollHeight;
            }}
          >
            Jump to the latest line
          </button>
        )}
      </p>
    </section>
  );
}
