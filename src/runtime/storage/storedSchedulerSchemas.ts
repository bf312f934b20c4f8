import * as v from 'valibot';
import type { DatasetEventId, DatasetVersionId } from '../../core/ids';
import type { DagRun, DatasetEvent, TaskInstance, TaskTry } from '../../core/model';
import type { SchedulerCheckpoint } from '../../core/schedulerState';
import { TASK_STATES } from '../../core/states';
import type { JsonValue } from '../../core/json';
import { countSchema, dagIdSchema, datasetIdSchema, finiteSchema, jsonObjectSchema, plainObjectSchema, recordOf, runIdSchema, taskIdSchema } from '../wireSchemas';

/**
 * What the scheduler reads back from IndexedDB at boot (runs, task instances, asset events, the checkpoint), as
 * schemas: a record another version of the playground wrote, or that a person or an extension edited, must not crash
 * the scheduler or reach the views half-formed. The shapes follow core/model.ts; fields a newer version may add pass
 * through (looseObject), so nothing is dropped from what is kept.
 */
const time = finiteSchema;
const optionalTime = v.nullable(finiteSchema);
const errorInfo = v.looseObject({ name: v.string(), message: v.string(), stack: v.optional(v.string()) });
const versionId = v.pipe(
  v.string(),
  v.minLength(1),
  v.transform((id) => id as DatasetVersionId),
);

const extraSchema = plainObjectSchema as v.GenericSchema<unknown, Readonly<Record<string, JsonValue>>>;

const taskTry: v.GenericSchema<unknown, TaskTry> = v.looseObject({
  tryNumber: countSchema,
  state: v.picklist(TASK_STATES),
  queuedAt: time,
  startDate: optionalTime,
  endDate: optionalTime,
  error: v.optional(errorInfo),
  lost: v.optional(v.literal(true)),
});

/** One instance of a block (taskBlocks.ts): its run and position are the block's. */
export const storedTaskInstanceSchema: v.GenericSchema<unknown, TaskInstance> = v.looseObject({
  taskId: taskIdSchema,
  state: v.picklist(TASK_STATES),
  tryNumber: countSchema,
  maxTries: countSchema,
  tries: v.array(taskTry),
  startDate: optionalTime,
  endDate: optionalTime,
  nextRetryAt: optionalTime,
  error: v.optional(errorInfo),
  // What a task returned or attached came from its worker by structured clone, which keeps NaN and Infinity (a constant
  // column's statistics): held to shape, not to JSON, so a run is never left out for a NaN in its metrics.
  returnValue: v.optional(v.unknown() as v.GenericSchema<unknown, JsonValue>),
  outputs: v.array(v.looseObject({ datasetId: datasetIdSchema, versionId, extra: extraSchema })),
  note: v.optional(v.string()),
});

/** A block's frame; each of its instances is checked on its own (storedTaskInstanceSchema), to name the one that does not fit. */
export const storedTaskBlockSchema = v.looseObject({
  runId: runIdSchema,
  block: countSchema,
  tasks: v.array(v.unknown()),
});

export const storedEventSchema: v.GenericSchema<unknown, DatasetEvent> = v.looseObject({
  id: v.pipe(
    countSchema,
    v.transform((id) => id as DatasetEventId),
  ),
  datasetId: datasetIdSchema,
  versionId: v.nullable(versionId),
  timestamp: time,
  source: v.nullable(v.looseObject({ dagId: dagIdSchema, runId: runIdSchema, taskId: taskIdSchema, tryNumber: countSchema })),
  extra: extraSchema,
});

/** A run as stored: its task instances live in their own store. */
export const storedRunSchema: v.GenericSchema<unknown, Omit<DagRun, 'tasks'>> = v.looseObject({
  id: runIdSchema,
  dagId: dagIdSchema,
  runType: v.picklist(['manual', 'dataset_triggered']),
  state: v.picklist(['queued', 'running', 'success', 'failed']),
  seq: countSchema,
  queuedAt: time,
  startDate: optionalTime,
  endDate: optionalTime,
  params: jsonObjectSchema,
  triggeringEvents: v.array(storedEventSchema),
  unfinished: countSchema,
});

export const storedCheckpointSchema: v.GenericSchema<unknown, SchedulerCheckpoint> = v.looseObject({
  datasetQueues: recordOf(recordOf(storedEventSchema)),
  paused: recordOf(v.boolean()),
  nextEventId: countSchema,
  nextRunSeq: countSchema,
}) as v.GenericSchema<unknown, SchedulerCheckpoint>;

/** Where a record does not fit, as "path: what was expected" (the first problem). */
export function firstIssue(issues: readonly v.BaseIssue<unknown>[]): string {
  const issue = issues[0];
  if (!issue) return 'it does not fit';
  const path = v.getDotPath(issue);
  return `${path ? `${path}: ` : ''}${issue.message}`;
}
