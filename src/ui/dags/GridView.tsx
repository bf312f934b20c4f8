import { useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { DagDefinition } from '../../core/dag';
import type { RunId, TaskId } from '../../core/ids';
import { isRunFinished } from '../../core/states';
import { runsOfDag, shownRun } from '../../store/playgroundStore';
import { STATE_STYLE } from '../../viz/stateStyle';
import { Legend } from '../../viz/Legend';
import { formatDuration, formatTime } from '../format';
import { usePlayground, usePlaygroundStore } from '../PlaygroundContext';
import { buildGridModel, moveInGrid, type GridCell, type GridColumn } from './gridModel';
import { useNow } from './useNow';
import './grid.css';
import { UserText } from '../UserText';
import { displayText } from '../../core/displayText';

/** How many runs the grid shows, newest on the right (Airflow's default page holds 25). */
export const GRID_RUNS = 25;
/** How many task rows it draws before asking: a 1,000-task DAG would be 25,000 squares. */
export const GRID_ROWS = 150;

/**
 * Airflow's Grid view: one column per run (newest right) under a bar of its duration, one row per task, a square per
 * task instance with its state's colour and glyph. A square selects that run and task; the header selects the run.
 * One tab stop: arrow keys, Home and End move inside (ARIA grid pattern), Enter or Space selects.
 */
export function GridView({ dag }: { dag: DagDefinition }) {
  const store = usePlaygroundStore();
  const scheduler = usePlayground((s) => s.scheduler);
  const shown = usePlayground(shownRun);
  const selectedTaskId = usePlayground((s) => s.selectedTaskId);
  const runs = useMemo(() => runsOfDag(scheduler, dag.id), [scheduler, dag.id]);
  const live = runs.some((r) => !isRunFinished(r.state));
  const now = useNow(live, 500);
  const grid = useMemo(() => buildGridModel(dag, runs, GRID_RUNS, now), [dag, runs, now]);
  // Row 0 is the run headers, rows 1… the tasks.
  const [focus, setFocus] = useState({ row: 1, col: Math.max(0, grid.columns.length - 1) });
  const [allRows, setAllRows] = useState(false);
  const rows = allRows ? grid.rows : grid.rows.slice(0, GRID_ROWS);
  const table = useRef<HTMLTableElement>(null);
  const size = { rows: rows.length + 1, cols: grid.columns.length };
  const at = { row: Math.min(focus.row, size.rows - 1), col: Math.min(focus.col, Math.max(0, size.cols - 1)) };

  if (grid.columns.length === 0) {
    return (
      <div className="grid-panel" data-testid="dag-grid">
        <p className="muted">No runs yet: each run becomes a column here, newest on the right.</p>
      </div>
    );
  }

  const select = (runId: RunId, taskId: TaskId | null) => store.setState({ selectedRunId: runId, selectedTaskId: taskId });
  const onKeyDown = (event: KeyboardEvent) => {
    const next = moveInGrid(at, event.key, size);
    if (!next) return;
    event.preventDefault();
    setFocus(next);
    table.current?.querySelector<HTMLElement>(`[data-row="${next.row}"][data-col="${next.col}"]`)?.focus();
  };

  return (
    <div className="grid-panel">
      <div className="grid-scroll">
        <table
          ref={table}
          className="dag-grid"
          role="grid"
          aria-label={`Task states of ${displayText(dag.id)} in its last ${grid.columns.length} runs, oldest first`}
          data-testid="dag-grid"
          onKeyDown={onKeyDown}
          onFocus={(event) => {
            // A click or Tab lands on some square: arrow keys go on from there.
            const { row, col } = (event.target as HTMLElement).dataset;
            if (row !== undefined && col !== undefined) setFocus({ row: Number(row), col: Number(col) });
          }}
        >
          <thead>
            <tr>
              <th scope="col" className="grid-corner">
                <span className="muted small">
                  task <span aria-hidden="true">╲</span> run
                </span>
              </th>
              {grid.columns.map((column, col) => (
                <th key={column.runId} scope="col" className={column.runId === shown?.id ? 'is-shown' : undefined}>
                  <RunHeader column={column} row={0} col={col} focused={at.row === 0 && at.col === col} onSelect={select} />
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row, r) => (
              <tr key={row.taskId}>
                <th scope="row" className={row.taskId === selectedTaskId ? 'grid-task is-selected' : 'grid-task'}>
                  <UserText text={row.taskId} max={60} />
                </th>
                {row.cells.map((cell, col) => (
                  <td key={cell.runId} className={cell.runId === shown?.id ? 'is-shown' : undefined}>
                    <Square
                      cell={cell}
                      row={r + 1}
                      col={col}
                      focused={at.row === r + 1 && at.col === col}
                      selected={cell.runId === shown?.id && cell.taskId === selectedTaskId}
                      onSelect={select}
                    />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {rows.length < grid.rows.length && (
        <p className="small">
          Showing the first {rows.length} of {grid.rows.length} tasks.{' '}
          <button type="button" data-testid="grid-show-all" onClick={() => setAllRows(true)}>
            Show all {grid.rows.length}
          </button>
        </p>
      )}
      <p className="muted small grid-note">
        {grid.hiddenRuns > 0 && `${grid.hiddenRuns} older run${grid.hiddenRuns === 1 ? '' : 's'} not shown (pick them in Run). `}
        <span aria-hidden="true">⛁</span> marks a run a dataset event started. Arrow keys move, Enter selects.
      </p>
      <Legend />
    </div>
  );
}

interface ItemProps {
  row: number;
  col: number;
  focused: boolean;
  onSelect: (runId: RunId, taskId: TaskId | null) => void;
}

function RunHeader({ column, row, col, focused, onSelect }: ItemProps & { column: GridColumn }) {
  const style = STATE_STYLE[column.state];
  const duration = column.durationMs === null ? 'not started' : formatDuration(column.durationMs);
  const trigger = column.runType === 'dataset_triggered' ? `, triggered by dataset ${column.triggeredBy.join(', ')}` : ', triggered by hand';
  return (
    <button
      type="button"
      className="grid-run"
      data-row={row}
      data-col={col}
      tabIndex={focused ? 0 : -1}
      aria-label={`Run ${column.runId}, ${style.label}, ${duration}${trigger}`}
      title={`${column.runId}\n${style.label} · ${duration} · started ${formatTime(column.startDate)}`}
      data-testid={`grid-run-${column.runId}`}
      data-state={column.state}
      data-run-type={column.runType}
      onClick={() => onSelect(column.runId, null)}
    >
      <span className="grid-run-bar-area" aria-hidden="true">
        <span
          className={`grid-run-bar state-${column.state}`}
          style={{ height: `${Math.max(4, column.barFraction * 100)}%`, background: style.fill, borderColor: style.stroke }}
        />
      </span>
      <span className="grid-run-kind" aria-hidden="true">
        {column.runType === 'dataset_triggered' ? '⛁' : ''}
      </span>
    </button>
  );
}

function Square({ cell, row, col, focused, selected, onSelect }: ItemProps & { cell: GridCell; selected: boolean }) {
  const style = STATE_STYLE[cell.state];
  const tries = cell.tryNumber > 0 ? `, try ${cell.tryNumber}` : '';
  return (
    <button
      type="button"
      className={`grid-square state-${cell.state}${selected ? ' is-selected' : ''}`}
      data-row={row}
      data-col={col}
      tabIndex={focused ? 0 : -1}
      aria-label={`${displayText(cell.taskId)}, run ${cell.runId}, ${style.label}${tries}`}
      aria-pressed={selected}
      title={`${displayText(cell.taskId)} · ${style.label}${tries}`}
      data-testid={`grid-cell-${cell.runId}-${cell.taskId}`}
      data-state={cell.state}
      style={{ background: style.fill, borderColor: style.stroke, color: style.text }}
      onClick={() => onSelect(cell.runId, cell.taskId)}
    >
      <span aria-hidden="true">{style.icon}</span>
    </button>
  );
}
