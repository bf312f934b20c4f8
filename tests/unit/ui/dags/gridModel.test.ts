import { describe, expect, it } from 'vitest';
import type { DagDefinition } from '../../../../src/core/dag';
import { dagId, runId, taskId } from '../../../../src/core/ids';
import type { DagRun, TaskInstance } from '../../../../src/core/model';
import type { RunState, TaskState } from '../../../../src/core/states';
import { buildGridModel, moveInGrid } from '../../../../src/ui/dags/gridModel';

const DAG: DagDefinition = {
  id: dagId('d'),
  schedule: { type: 'manual' },
  tasks: [
    { id: taskId('a'), upstream: [] },
    { id: taskId('b'), upstream: [taskId('a')] },
  ],
};

function ti(id: string, state: TaskState, tryNumber = 1): TaskInstance {
  return { taskId: taskId(id), state, tryNumber, maxTries: 2, tries: [], startDate: null, endDate: null, nextRetryAt: null, outputs: [] };
}

function run(seq: number, state: RunState, start: number | null, end: number | null, tasks: TaskInstance[], dataset = false): DagRun {
  return {
    id: runId(`r${seq}`),
    dagId: DAG.id,
    runType: dataset ? 'dataset_triggered' : 'manual',
    state,
    seq,
    queuedAt: start ?? 0,
    startDate: start,
    endDate: end,
    params: {},
    triggeringEvents: dataset
      ? [{ id: 1 as never, datasetId: 'built_features' as never, versionId: null, timestamp: 0, source: null, extra: {} }]
      : [],
    tasks,
    unfinished: 0,
  };
}

describe('buildGridModel', () => {
  it('puts runs oldest left, newest right, and each task in each run as a cell', () => {
    const runs = [
      run(2, 'failed', 100, 400, [ti('a', 'success'), ti('b', 'failed', 2)]),
      run(1, 'success', 0, 100, [ti('a', 'success'), ti('b', 'success')]),
    ];
    const grid = buildGridModel(DAG, runs, 10, 1_000);
    expect(grid.columns.map((c) => c.runId)).toEqual(['r1', 'r2']);
    expect(grid.rows.map((r) => r.taskId)).toEqual(['a', 'b']);
    expect(grid.rows[1]!.cells.map((c) => [c.runId, c.state, c.tryNumber])).toEqual([
      ['r1', 'success', 1],
      ['r2', 'failed', 2],
    ]);
    expect(grid.hiddenRuns).toBe(0);
  });

  it('scales duration bars to the longest run and measures a running run up to now', () => {
    const runs = [
      run(1, 'success', 0, 100, [ti('a', 'success')]),
      run(2, 'running', 1_000, null, [ti('a', 'running')]),
      run(3, 'queued', null, null, []),
    ];
    const grid = buildGridModel(DAG, runs, 10, 1_400);
    expect(grid.columns.map((c) => c.durationMs)).toEqual([100, 400, null]);
    expect(grid.columns.map((c) => c.barFraction)).toEqual([0.25, 1, 0]);
  });

  it('keeps only the newest runs that fit, says how many it left out, and marks dataset-triggered runs', () => {
    const runs = [1, 2, 3, 4].map((seq) => run(seq, 'success', seq, seq + 1, [], seq === 4));
    const grid = buildGridModel(DAG, runs, 2, 10);
    expect(grid.columns.map((c) => c.runId)).toEqual(['r3', 'r4']);
    expect(grid.hiddenRuns).toBe(2);
    expect(grid.columns[1]!.runType).toBe('dataset_triggered');
    expect(grid.columns[1]!.triggeredBy).toEqual(['built_features']);
    // A task the run never had (added to the DAG later) shows no status.
    expect(grid.rows[0]!.cells[0]!.state).toBe('none');
  });
});

it('finds a task instance even when the run keeps its tasks in another order than the DAG does now', () => {
  const reordered = run(1, 'success', 0, 10, [ti('b', 'failed'), ti('a', 'success')]);
  const grid = buildGridModel(DAG, [reordered], 10, 10);
  expect(grid.rows.map((r) => [r.taskId, r.cells[0]!.state])).toEqual([
    ['a', 'success'],
    ['b', 'failed'],
  ]);
});

describe('moveInGrid', () => {
  const size = { rows: 3, cols: 4 };
  it('moves by arrow keys and stops at the edges', () => {
    expect(moveInGrid({ row: 1, col: 1 }, 'ArrowRight', size)).toEqual({ row: 1, col: 2 });
    expect(moveInGrid({ row: 1, col: 3 }, 'ArrowRight', size)).toEqual({ row: 1, col: 3 });
    expect(moveInGrid({ row: 0, col: 0 }, 'ArrowUp', size)).toEqual({ row: 0, col: 0 });
    expect(moveInGrid({ row: 2, col: 0 }, 'ArrowDown', size)).toEqual({ row: 2, col: 0 });
    expect(moveInGrid({ row: 1, col: 2 }, 'Home', size)).toEqual({ row: 1, col: 0 });
    expect(moveInGrid({ row: 1, col: 0 }, 'End', size)).toEqual({ row: 1, col: 3 });
    expect(moveInGrid({ row: 1, col: 0 }, 'a', size)).toBeNull();
  });
});
