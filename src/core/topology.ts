import type { DagDefinition } from './dag';
import type { TaskId } from './ids';

/**
 * Kahn's algorithm, first in first out: roots in definition order, then each task as soon as its last upstream is
 * placed. Deterministic, so layouts, logs and slot assignment are stable. Assumes a validated DAG.
 */
export function topologicalOrder(dag: DagDefinition): TaskId[] {
  const indegree = new Map<TaskId, number>();
  const downstream = downstreamMap(dag);
  for (const task of dag.tasks) indegree.set(task.id, task.upstream.length);
  const ready = dag.tasks.filter((t) => t.upstream.length === 0).map((t) => t.id);
  const order: TaskId[] = [];
  for (let i = 0; i < ready.length; i++) {
    const id = ready[i]!;
    order.push(id);
    for (const next of downstream.get(id) ?? []) {
      const left = indegree.get(next)! - 1;
      indegree.set(next, left);
      if (left === 0) ready.push(next);
    }
  }
  return order;
}

export function downstreamMap(dag: DagDefinition): Map<TaskId, TaskId[]> {
  const map = new Map<TaskId, TaskId[]>();
  for (const task of dag.tasks) {
    for (const up of task.upstream) {
      const list = map.get(up);
      if (list) list.push(task.id);
      else map.set(up, [task.id]);
    }
  }
  return map;
}

/** Longest-path layer of each task (roots are 0): the column a graph layout puts it in. */
export function taskLayers(dag: DagDefinition): Map<TaskId, number> {
  const byId = new Map(dag.tasks.map((t) => [t.id, t]));
  const layers = new Map<TaskId, number>();
  for (const id of topologicalOrder(dag)) {
    const task = byId.get(id)!;
    layers.set(id, task.upstream.reduce((max, up) => Math.max(max, (layers.get(up) ?? 0) + 1), 0));
  }
  return layers;
}
