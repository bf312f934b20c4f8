import { scaleTime } from 'd3';
import { useEffect, useMemo, useRef, useState, type RefObject } from 'react';
import type { DagDefinition } from '../../core/dag';
import type { TaskId } from '../../core/ids';
import type { DagRun } from '../../core/model';
import { isRunFinished } from '../../core/states';
import { STATE_STYLE } from '../../viz/stateStyle';
import { formatDuration, formatTime } from '../format';
import { usePlayground, usePlaygroundStore } from '../PlaygroundContext';
import { buildGanttModel, type GanttBar } from './ganttModel';
import { useNow } from './useNow';
import './gantt.css';
import { UserText } from '../UserText';
import { displayText } from '../../core/displayText';

const ROW = 30;
const AXIS = 26;
const BAR = 16;
const PAD_RIGHT = 96;

/**
 * Airflow's Gantt chart of the shown run: per task and try, the time it waited for a worker (hatched) and the time it
 * ran (its state's colour and glyph). D3 computes the time scale and its ticks; React draws the SVG. While the run goes
 * on, open spans grow up to now.
 */
export function GanttView({ dag, run }: { dag: DagDefinition; run: DagRun | null }) {
  const store = usePlaygroundStore();
  const selectedTaskId = usePlayground((s) => s.selectedTaskId);
  const live = run !== null && !isRunFinished(run.state);
  const now = useNow(live);
  const model = useMemo(() => (run ? buildGanttModel(dag, run, now) : null), [dag, run, now]);
  const box = useRef<HTMLDivElement>(null);
  const width = useWidth(box);

  const plotWidth = Math.max(120, width - PAD_RIGHT);
  const scale = useMemo(() => {
    const domain = model?.domain;
    return domain ? scaleTime().domain([new Date(domain[0]), new Date(domain[1])]).range([0, plotWidth]) : null;
  }, [model, plotWidth]);
  const ticks = scale ? scale.ticks(Math.max(2, Math.floor(plotWidth / 110))) : [];
  const tickFormat = scale ? scale.tickFormat() : null;
  const select = (taskId: TaskId) => store.setState({ selectedTaskId: taskId });

  if (!run || !model || !scale || !model.domain) {
    return (
      <div className="gantt-panel" data-testid="dag-gantt">
        <p className="muted">{run ? 'No task of this run was queued yet.' : 'No runs yet: trigger the DAG to see when each task waited and ran.'}</p>
      </div>
    );
  }

  const height = AXIS + model.rows.length * ROW;
  const total = model.domain[1] - model.domain[0];
  return (
    <div className="gantt-panel" data-testid="dag-gantt" data-live={live}>
      <p className="gantt-caption small">
        Run <code>{run.id}</code>: {formatTime(model.domain[0])} → {live ? 'now' : formatTime(model.domain[1])} (
        {formatDuration(total)}){live && <span className="gantt-live"> · live</span>}
      </p>
      <div className="gantt-chart">
        <ul className="gantt-labels" style={{ paddingTop: AXIS }} aria-label="Tasks">
          {model.rows.map((row) => (
            <li key={row.taskId} style={{ height: ROW }}>
              <button
                type="button"
                className={row.taskId === selectedTaskId ? 'link-button is-selected' : 'link-button'}
                aria-pressed={row.taskId === selectedTaskId}
                data-testid={`gantt-task-${row.taskId}`}
                onClick={() => select(row.taskId)}
              >
                <UserText text={row.taskId} max={60} />
              </button>
            </li>
          ))}
        </ul>
        <div className="gantt-plot" ref={box}>
          <svg width={width} height={height} role="img" aria-label={ganttSummary(model.rows.flatMap((r) => r.bars))}>
            <g className="gantt-axis" aria-hidden="true">
              {ticks.map((tick) => {
                const x = scale(tick);
                return (
                  <g key={tick.getTime()} transform={`translate(${x},0)`}>
                    <line y1={AXIS - 6} y2={height} />
                    <text y={AXIS - 10} textAnchor="middle">
                      {tickFormat!(tick)}
                    </text>
                  </g>
                );
              })}
            </g>
            {model.rows.map((row, r) => (
              <g key={row.taskId} transform={`translate(0,${AXIS + r * ROW})`} className={row.taskId === selectedTaskId ? 'gantt-row is-selected' : 'gantt-row'}>
                <rect className="gantt-row-bg" x={0} y={0} width={width} height={ROW} onClick={() => select(row.taskId)} />
                {row.bars.map((bar) => (
                  <Bar key={`${bar.tryNumber}-${bar.kind}`} bar={bar} x0={scale(bar.start)} x1={scale(bar.end)} width={width} onSelect={select} />
                ))}
              </g>
            ))}
          </svg>
        </div>
      </div>
      <p className="gantt-key small muted">
        <span className="gantt-key-queued" aria-hidden="true" /> queued (waiting for a worker) ·{' '}
        <span className="gantt-key-running" aria-hidden="true" /> running, in its state's colour ·{' '}
        <span className="gantt-key-retry" aria-hidden="true">
          ↻
        </span>{' '}
        retry delay: a retried task has one pair of bars per try
      </p>
    </div>
  );
}

interface BarProps {
  bar: GanttBar;
  x0: number;
  x1: number;
  /** The chart's width: a label that would cross it goes left of its bar. */
  width: number;
  onSelect: (taskId: TaskId) => void;
}

function Bar({ bar, x0, x1, width, onSelect }: BarProps) {
  if (bar.kind === 'retry_wait') return <RetryWait bar={bar} x0={x0} x1={x1} />;
  const style = STATE_STYLE[bar.state];
  const w = Math.max(2, x1 - x0);
  const y = (ROW - BAR) / 2;
  const duration = formatDuration(bar.end - bar.start);
  const label = `${displayText(bar.taskId)}, try ${bar.tryNumber}, ${bar.kind} ${duration}${bar.kind === 'running' ? `, ${style.label}` : ''}${bar.open ? ', still going' : ''}`;
  const running = bar.kind === 'running';
  const text = `${style.icon} ${bar.tryNumber > 1 ? `try ${bar.tryNumber} · ` : ''}${duration}`;
  // About 7 px a character at the label's size: enough to decide the side, not to lay out text.
  const labelLeft = x0 + w + 4 + text.length * 6.5 > width;
  return (
    <g
      className={`gantt-bar is-${bar.kind}${bar.open ? ' is-open' : ''}`}
      data-testid={`gantt-bar-${bar.taskId}-${bar.tryNumber}-${bar.kind}`}
      data-state={bar.state}
      onClick={() => onSelect(bar.taskId)}
    >
      <title>{`${label}\n${formatTime(bar.start)} → ${bar.open ? 'now' : formatTime(bar.end)}`}</title>
      <rect
        x={x0}
        y={running ? y : y + 3}
        width={w}
        height={running ? BAR : BAR - 6}
        rx={3}
        style={running ? { fill: style.fill, stroke: style.stroke } : undefined}
      />
      {running && (
        <text
          x={labelLeft ? x0 - 4 : x0 + w + 4}
          y={ROW / 2}
          textAnchor={labelLeft ? 'end' : 'start'}
          dominantBaseline="central"
          className="gantt-bar-label"
        >
          {text}
        </text>
      )}
    </g>
  );
}

/** The retry delay before a try: a dotted line from the failed try's end to the retry's queueing, with ↻ on it. */
function RetryWait({ bar, x0, x1 }: { bar: GanttBar; x0: number; x1: number }) {
  const text = `waited ${formatDuration(bar.end - bar.start)} to retry`;
  return (
    <g className="gantt-bar is-retry_wait" data-testid={`gantt-bar-${bar.taskId}-${bar.tryNumber}-retry_wait`}>
      <title>{`${displayText(bar.taskId)}: ${text} (try ${bar.tryNumber})`}</title>
      <line x1={x0} x2={x1} y1={ROW / 2} y2={ROW / 2} />
      {x1 - x0 > 14 && (
        <text x={(x0 + x1) / 2} y={ROW / 2 - 3} textAnchor="middle" className="gantt-retry-label">
          ↻
        </text>
      )}
    </g>
  );
}

/** The chart in one sentence, for screen readers: which tasks ran how long, and how many tries. */
function ganttSummary(bars: readonly GanttBar[]): string {
  const running = bars.filter((b) => b.kind === 'running');
  if (running.length === 0) return 'Gantt chart: no task has started yet.';
  return `Gantt chart: ${running.map((b) => `${displayText(b.taskId)} try ${b.tryNumber} ran ${formatDuration(b.end - b.start)}`).join('; ')}.`;
}

/** The element's content width, kept up to date as the layout changes. */
function useWidth(ref: RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(600);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const observer = new ResizeObserver(([entry]) => {
      if (entry) setWidth(Math.floor(entry.contentRect.width));
    });
    observer.observe(el);
    return () => observer.disconnect();
  });
  return width;
}
