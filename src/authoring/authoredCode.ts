import type { DagDefinition, DagSource, TaskDefinition } from '../core/dag';
import type { DatasetId } from '../core/ids';

/**
 * What a task worker needs to run a try of a task written in the page (`TaskRequest.authored`): the DAG's file, which
 * the try reads again in a fresh sandbox, and what the scheduler's definition allows the task — its outlets (the
 * only assets it may write) and its execution timeout. Plain data: it crosses threads.
 */
export interface AuthoredCode {
  readonly source: DagSource;
  readonly outlets: readonly DatasetId[];
  readonly executionTimeoutMs?: number;
}

/** The authored code of a task, or undefined for a task that runs registered code or an operator. */
export function authoredCodeFor(dag: DagDefinition, task: TaskDefinition): AuthoredCode | undefined {
  if (!task.callable || !dag.source) return undefined;
  return {
    source: dag.source,
    outlets: task.outlets ?? [],
    ...(task.executionTimeoutMs === undefined ? {} : { executionTimeoutMs: task.executionTimeoutMs }),
  };
}
