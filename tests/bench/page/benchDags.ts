// The benchmark's DAGs: plain data shared by the bench page (which schedules them) and its no-op worker (which
// registers a task function for every task id). Nothing here imports the housing pipelines, so no tfjs.
import type { DagDefinition, TaskDefinition } from '../../../src/core/dag';
import { onDataset } from '../../../src/core/datasetCondition';
import { dagId, datasetId, taskId, type TaskId } from '../../../src/core/ids';

export const CHAIN_LENGTH = 100;
export const WIDE_SIZE = 10_000;

export const BENCH_DS = datasetId('bench_ds');

/** t0 → t1 → … → t99 in one DAG: every edge is one task-to-dependent handoff. */
export const CHAIN_DAG: DagDefinition = {
  id: dagId('bench_chain'),
  schedule: { type: 'manual' },
  maxActiveTasks: CHAIN_LENGTH,
  maxActiveRuns: 1,
  tasks: Array.from({ length: CHAIN_LENGTH }, (_, i): TaskDefinition => ({
    id: taskId(`t${i}`),
    upstream: i === 0 ? [] : [taskId(`t${i - 1}`)],
  })),
};

export const PRODUCER_DAG: DagDefinition = {
  id: dagId('bench_producer'),
  schedule: { type: 'manual' },
  tasks: [{ id: taskId('produce'), upstream: [], outlets: [BENCH_DS] }],
};

export const CONSUMER_DAG: DagDefinition = {
  id: dagId('bench_consumer'),
  schedule: { type: 'datasets', condition: onDataset(BENCH_DS) },
  tasks: [{ id: taskId('consume'), upstream: [] }],
};

/** One root → 9,998 parallel tasks → one sink: 10,000 tasks in all. */
export function wideDag(size: number = WIDE_SIZE): DagDefinition {
  const root = taskId('root');
  const middle: TaskId[] = Array.from({ length: size - 2 }, (_, i) => taskId(`m${i}`));
  return {
    id: dagId('bench_wide'),
    schedule: { type: 'manual' },
    maxActiveTasks: size,
    maxActiveRuns: 1,
    tasks: [
      { id: root, upstream: [] },
      ...middle.map((id): TaskDefinition => ({ id, upstream: [root] })),
      { id: taskId('sink'), upstream: middle },
    ],
  };
}

export const WIDE_DAG = wideDag();

/** The scale section (BENCH_SCALE=1): the same fan-out/fan-in shape at 1,000, 10,000 and 50,000 tasks. */
export const SCALE_SIZES = [1_000, 10_000, 50_000] as const;
export const SCALE_DAGS: readonly DagDefinition[] = SCALE_SIZES.map((size) => ({ ...wideDag(size), id: dagId(`bench_scale_${size}`) }));

export const BENCH_DAGS: readonly DagDefinition[] = [CHAIN_DAG, PRODUCER_DAG, CONSUMER_DAG, WIDE_DAG, ...SCALE_DAGS];
