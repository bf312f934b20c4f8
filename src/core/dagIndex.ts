import type { DagDefinition, TaskDefinition } from './dag';
import type { TaskId } from './ids';
import { topologicalOrder } from './topology';

/**
 * A DAG compiled for the scheduler: tasks by position, upstream and downstream as position lists, leaves, and the
 * descendants of each task. Run task instances are stored in the same positions, so a step touches arrays, not maps.
 * Compiled once per definition object and cached.
 */
export interface DagIndex {
  readonly dag: DagDefinition;
  readonly size: number;
  readonly tasks: readonly TaskDefinition[];
  position(taskId: TaskId): number | undefined;
  readonly upstream: readonly (readonly number[])[];
  readonly downstream: readonly (readonly number[])[];
  readonly isLeaf: readonly boolean[];
  /** Positions in topological order. */
  readonly order: readonly number[];
  descendants(position: number): number[];
}

const cache = new WeakMap<DagDefinition, DagIndex>();

export function indexDag(dag: DagDefinition): DagIndex {
  let index = cache.get(dag);
  if (!index) cache.set(dag, (index = compile(dag)));
  return index;
}

function compile(dag: DagDefinition): DagIndex {
  const positions = new Map<TaskId, number>(dag.tasks.map((t, i) => [t.id, i]));
  const upstream = dag.tasks.map((t) => t.upstream.map((id) => positions.get(id)!));
  const downstream: number[][] = dag.tasks.map(() => []);
  upstream.forEach((ups, i) => ups.forEach((u) => downstream[u]!.push(i)));
  const order = topologicalOrder(dag).map((id) => positions.get(id)!);
  return {
    dag,
    size: dag.tasks.length,
    tasks: dag.tasks,
    position: (taskId) => positions.get(taskId),
    upstream,
    downstream,
    isLeaf: downstream.map((d) => d.length === 0),
    order,
    descendants(position) {
      const seen = new Set<number>();
      const stack = [...downstream[position]!];
      while (stack.length > 0) {
        const next = stack.pop()!;
        if (seen.has(next)) continue;
        seen.add(next);
        stack.push(...downstream[next]!);
      }
      return order.filter((p) => seen.has(p));
    },
  };
}
