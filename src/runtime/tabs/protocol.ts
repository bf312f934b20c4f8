import * as v from 'valibot';
import type { PlaygroundCommand } from '../commands/playgroundCommand';
import { commandSchema } from '../commands/commandSchemas';
import { countSchema, finiteSchema, idSchema, logLineSchema, plainObjectSchema, recordOf } from '../wireSchemas';
import type { MirrorNotice, MirrorSnapshot } from './mirror';

/**
 * The messages tabs of the playground exchange over one BroadcastChannel. One tab schedules (it holds the scheduler
 * lock); it tells the others what changes, and they forward the commands a person gives them. Every message is checked
 * on receipt against the schemas below: the channel is open to any script of the origin, so what does not parse is
 * ignored.
 */
export const TAB_CHANNEL_NAME = 'pipeline-playground';
/** The Web Lock the scheduling tab holds for as long as it lives. */
export const SCHEDULER_LOCK_NAME = 'pipeline-playground/scheduler';
export const TAB_PROTOCOL_VERSION = 2;
const APP = 'pipeline-playground';

export type TabId = string;

type Body =
  /** A tab that mirrors asks for a full snapshot (and so tells the scheduling tab that someone listens). */
  | { readonly type: 'hello' }
  /** A tab that mirrored stops (it closes, or it takes over scheduling). */
  | { readonly type: 'bye' }
  /** The scheduling tab's answer to `hello` (to: that tab), or its announcement when it starts scheduling (to: null). */
  | { readonly type: 'snapshot'; readonly to: TabId | null; readonly snapshot: MirrorSnapshot }
  | { readonly type: 'notice'; readonly notice: MirrorNotice }
  | { readonly type: 'request'; readonly id: number; readonly command: PlaygroundCommand }
  /** The command's result, a refusal included; checked by the asking tab against what that command answers. */
  | { readonly type: 'response'; readonly to: TabId; readonly id: number; readonly result: unknown }
  /** All data was reset: every tab reloads. */
  | { readonly type: 'reload' };

export type TabMessage = { readonly app: typeof APP; readonly v: typeof TAB_PROTOCOL_VERSION; readonly from: TabId } & Body;

export type TabMessageBody = Body;

export function tabMessage(from: TabId, body: Body): TabMessage {
  return { app: APP, v: TAB_PROTOCOL_VERSION, from, ...body };
}

// ---- schemas: what is checked is what the reducer and the views rely on; the rest passes through as sent -----------

const record = plainObjectSchema;
const runLike = v.looseObject({ id: idSchema, dagId: idSchema, state: v.string(), tasks: v.array(v.unknown()) });

/** The scheduler state's shape, one level deep (runs are checked to be runs; their tasks are the scheduler's business). */
const schedulerState = v.looseObject({
  dags: record,
  runs: recordOf(runLike),
  activeRunIds: v.array(idSchema),
  paused: record,
  datasetQueues: record,
  waiting: v.array(v.unknown()),
  timers: v.array(v.unknown()),
});

const datasetEvent = v.looseObject({
  id: countSchema,
  datasetId: idSchema,
  versionId: v.nullable(idSchema),
  timestamp: finiteSchema,
  source: v.nullable(record),
  extra: record,
});

const notification = v.looseObject({
  id: finiteSchema,
  timestamp: finiteSchema,
  level: v.picklist(['info', 'success', 'warning', 'error']),
  title: v.string(),
  message: v.string(),
  source: v.picklist(['callback', 'system']),
});

const versionMeta = v.looseObject({ id: idSchema, datasetId: idSchema, createdAt: finiteSchema, rowCount: countSchema, schema: v.array(v.unknown()) });

const epochMetrics = v.looseObject({ epoch: countSchema, trainLoss: finiteSchema, validationLoss: finiteSchema, elapsedMs: finiteSchema });

const trainingProgress = v.looseObject({
  runId: idSchema,
  taskId: idSchema,
  tryNumber: countSchema,
  modelKind: v.picklist(['linear', 'mlp']),
  maxEpochs: countSchema,
  epochs: v.array(epochMetrics),
  finished: v.boolean(),
  stoppedEarly: v.optional(v.boolean()),
});

const notice = v.variant('type', [
  v.object({ type: v.literal('state'), state: schedulerState }),
  v.object({ type: v.literal('logs'), lines: v.array(logLineSchema) }),
  v.object({ type: v.literal('dataset_event'), event: datasetEvent, triggeredRuns: v.array(runLike) }),
  v.object({ type: v.literal('dataset_versions'), versions: v.array(versionMeta) }),
  v.object({ type: v.literal('run_finished'), run: runLike }),
  v.object({ type: v.literal('notification'), notification }),
  v.object({ type: v.literal('storage_error'), message: v.string() }),
  v.object({ type: v.literal('training_progress'), tryKey: idSchema, progress: trainingProgress }),
]);

const snapshot = v.object({
  scheduler: v.nullable(schedulerState),
  datasetVersions: v.array(versionMeta),
  datasetEvents: v.array(datasetEvent),
  notifications: v.array(notification),
  logs: recordOf(v.array(logLineSchema)),
  storageError: v.nullable(v.string()),
});

const envelope = { app: v.literal(APP), v: v.literal(TAB_PROTOCOL_VERSION), from: idSchema };

const tabMessageSchema = v.variant('type', [
  v.object({ ...envelope, type: v.literal('hello') }),
  v.object({ ...envelope, type: v.literal('bye') }),
  v.object({ ...envelope, type: v.literal('reload') }),
  v.object({ ...envelope, type: v.literal('snapshot'), to: v.nullable(idSchema), snapshot }),
  v.object({ ...envelope, type: v.literal('notice'), notice }),
  v.object({ ...envelope, type: v.literal('request'), id: countSchema, command: commandSchema }),
  v.object({ ...envelope, type: v.literal('response'), to: idSchema, id: countSchema, result: v.unknown() }),
]);

/** Parses what arrived on the channel: a well-formed message of this protocol, or null (ignore it). */
export function parseTabMessage(data: unknown): TabMessage | null {
  const parsed = v.safeParse(tabMessageSchema, data);
  return parsed.success ? (parsed.output as unknown as TabMessage) : null;
}
