/**
 * Branded identifiers. They are plain strings at run time, but the compiler refuses to mix a task id with a run id,
 * which is the most common bug in orchestration code (a lookup in the wrong table that silently finds nothing).
 */
type Brand<T, B extends string> = T & { readonly __brand: B };

export type DagId = Brand<string, 'DagId'>;
export type TaskId = Brand<string, 'TaskId'>;
export type RunId = Brand<string, 'RunId'>;
export type DatasetId = Brand<string, 'DatasetId'>;
export type DatasetVersionId = Brand<string, 'DatasetVersionId'>;
export type DatasetEventId = Brand<number, 'DatasetEventId'>;

export const dagId = (id: string): DagId => id as DagId;
export const taskId = (id: string): TaskId => id as TaskId;
export const runId = (id: string): RunId => id as RunId;
export const datasetId = (id: string): DatasetId => id as DatasetId;
export const datasetVersionId = (id: string): DatasetVersionId => id as DatasetVersionId;
export const datasetEventId = (id: number): DatasetEventId => id as DatasetEventId;
