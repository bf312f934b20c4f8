import type { DagId, DatasetId, RunId, TaskId } from '../../core/ids';
import type { JsonValue } from '../../core/json';
import type { LogLine } from '../../core/logLine';
import type { StoreNotice, StoreSnapshot } from '../../store/applyNotice';
import type { TriggerResult } from '../coordinator';

/**
 * The messages tabs of the playground exchange over one BroadcastChannel. One tab schedules (it holds the scheduler
 * lock); it tells the others what changes, and they ask it to do what a person asks of them. Every message is checked
 * on receipt: the channel is open to any script of the origin, so what does not parse is ignored.
 */
export const TAB_CHANNEL_NAME = 'pipeline-playground';
/** The Web Lock the scheduling tab holds for as long as it lives. */
export const SCHEDULER_LOCK_NAME = 'pipeline-playground/scheduler';
export const TAB_PROTOCOL_VERSION = 1;
const APP = 'pipeline-playground';

export type TabId = string;

/** What a mirroring tab asks the scheduling tab to do (the coordinator's actions, and reading a past run's log). */
export type TabAction =
  | { readonly kind: 'trigger'; readonly dagId: DagId; readonly params: Readonly<Record<string, JsonValue>> }
  | { readonly kind: 'setPaused'; readonly dagId: DagId; readonly paused: boolean }
  | { readonly kind: 'clearTask'; readonly runId: RunId; readonly taskId: TaskId; readonly downstream: boolean }
  | { readonly kind: 'markTask'; readonly runId: RunId; readonly taskId: TaskId; readonly state: 'success' | 'failed' }
  | { readonly kind: 'markRun'; readonly runId: RunId; readonly state: 'success' | 'failed' }
  | { readonly kind: 'createDatasetEvent'; readonly datasetId: DatasetId }
  | { readonly kind: 'runLogs'; readonly runId: RunId };

export type TabActionKind = TabAction['kind'];

/** What each action answers. */
export interface TabActionResults {
  readonly trigger: TriggerResult;
  readonly setPaused: null;
  readonly clearTask: null;
  readonly markTask: null;
  readonly markRun: null;
  readonly createDatasetEvent: null;
  readonly runLogs: readonly LogLine[];
}

export type TabOutcome = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: string };

type Body =
  /** A tab that mirrors asks for a full snapshot (and so tells the scheduling tab that someone listens). */
  | { readonly type: 'hello' }
  /** A tab that mirrored stops (it closes, or it takes over scheduling). */
  | { readonly type: 'bye' }
  /** The scheduling tab's answer to `hello` (to: that tab), or its announcement when it starts scheduling (to: null). */
  | { readonly type: 'snapshot'; readonly to: TabId | null; readonly snapshot: StoreSnapshot }
  | { readonly type: 'notice'; readonly notice: StoreNotice }
  | { readonly type: 'request'; readonly id: number; readonly action: TabAction }
  | { readonly type: 'response'; readonly to: TabId; readonly id: number; readonly outcome: TabOutcome };

export type TabMessage = { readonly app: typeof APP; readonly v: typeof TAB_PROTOCOL_VERSION; readonly from: TabId } & Body;

export type TabMessageBody = Body;

export function tabMessage(from: TabId, body: Body): TabMessage {
  return { app: APP, v: TAB_PROTOCOL_VERSION, from, ...body };
}

// ---- validation ---------------------------------------------------------------------------------------------------

type Rec = Record<string, unknown>;

const isRecord = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);
const isString = (v: unknown): v is string => typeof v === 'string';
const isId = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
const isBoolean = (v: unknown): v is boolean => typeof v === 'boolean';
const isArrayOf = <T>(v: unknown, item: (x: unknown) => x is T): v is T[] => Array.isArray(v) && v.every(item);
const oneOf =
  <T extends string>(...values: readonly T[]) =>
  (v: unknown): v is T =>
    typeof v === 'string' && (values as readonly string[]).includes(v);

const isMarkState = oneOf('success', 'failed');
const isLogLevel = oneOf('debug', 'info', 'warning', 'error');
const isNotificationLevel = oneOf('info', 'success', 'warning', 'error');

function isJsonValue(v: unknown, depth = 0): v is JsonValue {
  if (depth > 32) return false;
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return true;
  if (typeof v === 'number') return Number.isFinite(v);
  if (Array.isArray(v)) return v.every((x) => isJsonValue(x, depth + 1));
  return isRecord(v) && Object.values(v).every((x) => isJsonValue(x, depth + 1));
}

const isJsonObject = (v: unknown): v is Record<string, JsonValue> => isRecord(v) && isJsonValue(v);

export function isLogLine(v: unknown): v is LogLine {
  return (
    isRecord(v) &&
    isId(v.runId) &&
    isId(v.taskId) &&
    isCount(v.tryNumber) &&
    isCount(v.seq) &&
    isNumber(v.timestamp) &&
    isLogLevel(v.level) &&
    isString(v.message)
  );
}

const isRunLike = (v: unknown) => isRecord(v) && isId(v.id) && isId(v.dagId) && isString(v.state) && Array.isArray(v.tasks);

/** The scheduler state's shape, one level deep (runs are checked to be runs; their tasks are the scheduler's business). */
function isSchedulerState(v: unknown): boolean {
  return (
    isRecord(v) &&
    isRecord(v.dags) &&
    isRecord(v.runs) &&
    Object.values(v.runs).every(isRunLike) &&
    isArrayOf(v.activeRunIds, isId) &&
    isRecord(v.paused) &&
    isRecord(v.datasetQueues) &&
    Array.isArray(v.waiting) &&
    Array.isArray(v.timers)
  );
}

const isDatasetEvent = (v: unknown) =>
  isRecord(v) &&
  isCount(v.id) &&
  isId(v.datasetId) &&
  (v.versionId === null || isId(v.versionId)) &&
  isNumber(v.timestamp) &&
  (v.source === null || isRecord(v.source)) &&
  isRecord(v.extra);

const isNotification = (v: unknown) =>
  isRecord(v) &&
  isNumber(v.id) &&
  isNumber(v.timestamp) &&
  isNotificationLevel(v.level) &&
  isString(v.title) &&
  isString(v.message) &&
  (v.source === 'callback' || v.source === 'system');

const isVersionMeta = (v: unknown) =>
  isRecord(v) && isId(v.id) && isId(v.datasetId) && isNumber(v.createdAt) && isCount(v.rowCount) && Array.isArray(v.schema);

const isEpochMetrics = (v: unknown): boolean =>
  isRecord(v) && isCount(v.epoch) && isNumber(v.trainLoss) && isNumber(v.validationLoss) && isNumber(v.elapsedMs);

const isTrainingProgress = (v: unknown) =>
  isRecord(v) &&
  isId(v.runId) &&
  isId(v.taskId) &&
  isCount(v.tryNumber) &&
  oneOf('linear', 'mlp')(v.modelKind) &&
  isCount(v.maxEpochs) &&
  Array.isArray(v.epochs) && v.epochs.every(isEpochMetrics) &&
  isBoolean(v.finished) &&
  (v.stoppedEarly === undefined || isBoolean(v.stoppedEarly));

function isNotice(v: unknown): v is StoreNotice {
  if (!isRecord(v)) return false;
  switch (v.type) {
    case 'state':
      return isSchedulerState(v.state);
    case 'logs':
      return isArrayOf(v.lines, isLogLine);
    case 'dataset_event':
      return isDatasetEvent(v.event) && Array.isArray(v.triggeredRuns) && v.triggeredRuns.every(isRunLike);
    case 'dataset_versions':
      return Array.isArray(v.versions) && v.versions.every(isVersionMeta);
    case 'run_finished':
      return isRunLike(v.run);
    case 'notification':
      return isNotification(v.notification);
    case 'storage_error':
      return isString(v.message);
    case 'training_progress':
      return isId(v.tryKey) && isTrainingProgress(v.progress);
    default:
      return false;
  }
}

function isSnapshot(v: unknown): v is StoreSnapshot {
  return (
    isRecord(v) &&
    (v.scheduler === null || isSchedulerState(v.scheduler)) &&
    Array.isArray(v.datasetVersions) &&
    v.datasetVersions.every(isVersionMeta) &&
    Array.isArray(v.datasetEvents) &&
    v.datasetEvents.every(isDatasetEvent) &&
    Array.isArray(v.notifications) &&
    v.notifications.every(isNotification) &&
    isRecord(v.logs) &&
    Object.values(v.logs).every((lines) => isArrayOf(lines, isLogLine)) &&
    (v.storageError === null || isString(v.storageError))
  );
}

export function isTabAction(v: unknown): v is TabAction {
  if (!isRecord(v)) return false;
  switch (v.kind) {
    case 'trigger':
      return isId(v.dagId) && isJsonObject(v.params);
    case 'setPaused':
      return isId(v.dagId) && isBoolean(v.paused);
    case 'clearTask':
      return isId(v.runId) && isId(v.taskId) && isBoolean(v.downstream);
    case 'markTask':
      return isId(v.runId) && isId(v.taskId) && isMarkState(v.state);
    case 'markRun':
      return isId(v.runId) && isMarkState(v.state);
    case 'createDatasetEvent':
      return isId(v.datasetId);
    case 'runLogs':
      return isId(v.runId);
    default:
      return false;
  }
}

function isOutcome(v: unknown): v is TabOutcome {
  return isRecord(v) && ((v.ok === true && 'value' in v) || (v.ok === false && isString(v.error)));
}

/** Parses what arrived on the channel: a well-formed message of this protocol, or null (ignore it). */
export function parseTabMessage(data: unknown): TabMessage | null {
  if (!isRecord(data) || data.app !== APP || data.v !== TAB_PROTOCOL_VERSION || !isId(data.from)) return null;
  const ok = (() => {
    switch (data.type) {
      case 'hello':
      case 'bye':
        return true;
      case 'snapshot':
        return (data.to === null || isId(data.to)) && isSnapshot(data.snapshot);
      case 'notice':
        return isNotice(data.notice);
      case 'request':
        return isCount(data.id) && isTabAction(data.action);
      case 'response':
        return isId(data.to) && isCount(data.id) && isOutcome(data.outcome);
      default:
        return false;
    }
  })();
  return ok ? (data as TabMessage) : null;
}

function isTriggerResult(v: unknown): v is TriggerResult {
  return isRecord(v) && ((v.ok === true && isId(v.runId)) || (v.ok === false && isArrayOf(v.errors, isString)));
}

/** Checks an answer against what the action answers; undefined when it does not fit. */
export function parseActionResult<K extends TabActionKind>(kind: K, value: unknown): TabActionResults[K] | undefined {
  const fits = (() => {
    switch (kind) {
      case 'trigger':
        return isTriggerResult(value);
      case 'runLogs':
        return isArrayOf(value, isLogLine);
      default:
        return value === null;
    }
  })();
  return fits ? (value as TabActionResults[K]) : undefined;
}
