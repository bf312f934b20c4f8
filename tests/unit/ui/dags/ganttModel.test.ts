import { describe, expect, it } from 'vitest';
import type { DagDefinition } from '../../../../src/core/dag';
import { dagId, runId, taskId } from '../../../../src/core/ids';
import type { DagRun, TaskInstance, TaskTry } from '../../../../src/core/model';
import { buildGanttModel } from '../../../../src/ui/dags/ganttModel';

const DAG: DagDefinition = {
  id: dagId('d'),
  schedule: { type: 'manual' },
  tasks: [
    { id: taskId('extract'), upstream: [], retries: 1 },
    { id: taskId('load'), upstream: [taskId('extract')] },
    { id: taskId('never'), upstream: [taskId('load')] },
  ],
};

function ti(id: string, tries: TaskTry[]): TaskInstance {
  const last = tries[tries.length - 1];
  return {
    taskId: taskId(id),
    state: last?.state ?? 'none',
    tryNumber: tries.length,
    maxTries: 2,
    tries,
    startDate: last?.startDate ?? null,
    endDate: last?.endDate ?? null,
    nextRetryAt: null,
    outputs: [],
  };
}

const RUN: DagRun = {
  id: runId('r'),
  dagId: DAG.id,
  runType: 'manual',
  state: 'running',
  seq: 1,
  queuedAt: 0,
  startDate: 0,
  endDate: null,
  params: {},
  triggeringEvents: [],
  tasks: [
    ti('extract', [
      { tryNumber: 1, state: 'failed', queuedAt: 10, startDate: 15, endDate: 40 },
      { tryNumber: 2, state: 'success', queuedAt: 1_040, startDate: 1_050, endDate: 1_200 },
    ]),
    ti('load', [{ tryNumber: 1, state: 'running', queuedAt: 1_210, startDate: 1_300, endDate: null }]),
    ti('never', []),
  ],
  unfinished: 2,
};

describe('buildGanttModel', () => {
  it('gives each try a queued span and a running span; a retry is a separate pair after its retry delay', () => {
    const gantt = buildGanttModel(DAG, RUN, 2_000);
    const extract = gantt.rows[0]!.bars.map((b) => [b.tryNumber, b.kind, b.start, b.end, b.state, b.open]);
    expect(extract).toEqual([
      [1, 'queued', 10, 15, 'failed', false],
      [1, 'running', 15, 40, 'failed', false],
      [2, 'retry_wait', 40, 1_040, 'up_for_retry', false],
      [2, 'queued', 1_040, 1_050, 'success', false],
      [2, 'running', 1_050, 1_200, 'success', false],
    ]);
  });

  it('lets an unfinished try grow up to now, and covers every bar in the domain', () => {
    const gantt = buildGanttModel(DAG, RUN, 2_000);
    const running = gantt.rows[1]!.bars.find((b) => b.kind === 'running')!;
    expect([running.end, running.open]).toEqual([2_000, true]);
    expect(gantt.domain).toEqual([10, 2_000]);
    expect(buildGanttModel(DAG, RUN, 2_500).domain).toEqual([10, 2_500]);
    expect(gantt.rows[2]!.bars).toEqual([]);
  });

  it('shows a try still waiting for a worker as an open queued span, and has no domain before anything queued', () => {
    const waiting: DagRun = { ...RUN, tasks: [ti('extract', [{ tryNumber: 1, state: 'queued', queuedAt: 5, startDate: null, endDate: null }])] };
    const gantt = buildGanttModel(DAG, waiting, 50);
    expect(gantt.rows[0]!.bars).toEqual([
      { taskId: 'extract', tryNumber: 1, kind: 'queued', start: 5, end: 50, state: 'queued', open: true },
    ]);
    expect(buildGanttModel(DAG, { ...RUN, tasks: [] }, 50).domain).toBeNull();
  });
});
