import type { DagDefinition } from '../../core/dag';
import type { RunId, TaskId } from '../../core/ids';
import type { DagRun, RunType, TaskInstance } from '../../core/model';
import type { RunState, TaskState } from '../../core/states';

/** One run of the grid: a column, with what its header shows. */
export interface GridColumn {
  readonly runId: RunId;
  readonly runType: RunType;
  readonly state: RunState;
  readonly startDate: number | null;
  /** Wall time so far: to the end, or to `now` while the run is not finished; null before it starts. */
  readonly durationMs: number | null;
  /** The run's duration as a share of the longest shown (0–1): the height of its bar. */
  readonly barFraction: number;
  /** The datasets whose events created a dataset-triggered run, for its header's tooltip. */
  readonly triggeredBy: readonly string[];
}

/** One square: a task instance of one run. */
export interface GridCell {
  readonly runId: RunId;
  readonly taskId: TaskId;
  readonly state: TaskState;
  readonly tryNumber: number;
}

export interface GridRow {
  readonly taskId: TaskId;
  /** One per column, in the columns' order. */
  readonly cells: readonly GridCell[];
}

export interface GridModel {
  /** Oldest left, newest right, as in Airflow's grid. */
  readonly columns: readonly GridColumn[];
  /** One per task, in the DAG's order. */
  readonly rows: readonly GridRow[];
  /** How many older runs did not fit. */
  readonly hiddenRuns: number;
}

/**
 * The runs × tasks matrix of Airflow's Grid view, from the DAG's runs (any order): the newest `limit` runs, each task's
 * state and try in each. A task added to the DAG after a run was made shows `none` in that run. Pure: `now` only
 * measures the runs still going.
 */
export function buildGridModel(dag: DagDefinition, runs: readonly DagRun[], limit: number, now: number): GridModel {
  const newestFirst = [...runs].filter((r) => r.dagId === dag.id).sort((a, b) => b.seq - a.seq);
  const shown = newestFirst.slice(0, Math.max(0, limit)).reverse();
  const durations = shown.map((run) => runDuration(run, now));
  const longest = Math.max(0, ...durations.map((d) => d ?? 0));
  const columns = shown.map((run, i): GridColumn => {
    const durationMs = durations[i]!;
    return {
      runId: run.id,
      runType: run.runType,
      state: run.state,
      startDate: run.startDate,
      durationMs,
      barFraction: durationMs === null || longest === 0 ? 0 : durationMs / longest,
      triggeredBy: run.triggeringEvents.map((e) => e.datasetId),
    };
  });
  const rows = dag.tasks.map(
    (task, position): GridRow => ({
      taskId: task.id,
      cells: shown.map((run) => {
        const ti = instanceAt(run, task.id, position);
        return { runId: run.id, taskId: task.id, state: ti?.state ?? 'none', tryNumber: ti?.tryNumber ?? 0 };
      }),
    }),
  );
  return { columns, rows, hiddenRuns: newestFirst.length - shown.length };
}

/**
 * A run's instance of a task: at the task's position in the DAG (where the scheduler keeps it), or searched for when
 * the DAG changed since the run was made. Constant time for the usual case: a grid of 1,000 tasks × 25 runs.
 */
export function instanceAt(run: DagRun, taskId: TaskId, position: number): TaskInstance | undefined {
  const atPosition = run.tasks[position];
  return atPosition?.taskId === taskId ? atPosition : run.tasks.find((t) => t.taskId === taskId);
}

function runDuration(run: DagRun, now: number): number | null {
  if (run.startDate === null) return null;
  return Math.max(0, (run.endDate ?? now) - run.startDate);
}

/** Where an arrow key (or Home / End) moves the focus in a rows × columns grid; it stops at the edges. */
export function moveInGrid(
  at: { readonly row: number; readonly col: number },
  key: string,
  size: { readonly rows: number; readonly cols: number },
): { row: number; col: number } | null {
  const clamp = (n: number, max: number) => Math.min(Math.max(n, 0), Math.max(max - 1, 0));
  switch (key) {
    case 'ArrowUp':
      return { row: clamp(at.row - 1, size.rows), col: at.col };
    case 'ArrowDown':
      return { row: clamp(at.row + 1, size.rows), col: at.col };
    case 'ArrowLeft':
      return { row: at.row, col: clamp(at.col - 1, size.cols) };
    case 'ArrowRight':
      return { row: at.row, col: clamp(at.col + 1, size.cols) };
    case 'Home':
      return { row: at.row, col: 0 };
    case 'End':
      return { row: at.row, col: clamp(size.cols - 1, size.cols) };
    default:
      return null;
  }
}
