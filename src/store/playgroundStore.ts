import { createStore, type StoreApi } from 'zustand/vanilla';
import type { DagDefinition, DatasetDefinition } from '../core/dag';
import type { DagId, DatasetId, RunId, TaskId } from '../core/ids';
import { logKey, type LogLine } from '../core/logLine';
import type { DagRun, DatasetEvent } from '../core/model';
import type { Notification } from '../core/notification';
import type { SchedulerState } from '../core/schedulerState';
import type { TrainingProgress } from '../core/training';
import { own } from '../core/ownKeys';
import type { DatasetVersionMeta } from '../core/records';
import type { ResetStatus } from '../runtime/resetAllData';
import type { TabRole } from '../runtime/tabs/session';

export type { TabRole };

/** The pages of the playground; each has a deep link (see ui/routing.ts). */
export type View = 'dags' | 'dag' | 'datasets' | 'model' | 'notifications' | 'settings' | 'editor' | 'lessons';

/** The views of one DAG, as in Airflow's DAG page. */
export const DAG_TABS = ['graph', 'grid', 'gantt', 'code'] as const;
export type DagTab = (typeof DAG_TABS)[number];

/** How many toasts stay on screen at once; older ones leave for the notification log. */
export const MAX_TOASTS = 4;

/** A dataset event that just triggered consumer runs: the lineage view animates it once per `key`. */
export interface TriggerPulse {
  readonly key: number;
  readonly event: DatasetEvent;
  readonly consumers: readonly DagId[];
}

export interface PlaygroundState {
  readonly status: 'booting' | 'ready' | 'failed';
  /** Which part this tab plays when several tabs are open (runtime/tabs/session.ts); null until known. */
  readonly tabRole: TabRole | null;
  readonly bootError: string | null;
  readonly storageError: string | null;
  /** Why this page keeps its data in memory only (IndexedDB could not be opened); null while it uses IndexedDB. */
  readonly memoryStorage: string | null;
  readonly dags: readonly DagDefinition[];
  readonly datasets: readonly DatasetDefinition[];
  readonly scheduler: SchedulerState | null;
  readonly datasetVersions: readonly DatasetVersionMeta[];
  readonly datasetEvents: readonly DatasetEvent[];
  /** Log lines per task try (key from `logKey`). */
  readonly logs: Readonly<Record<string, readonly LogLine[]>>;
  /**
   * Live progress of training tries, keyed by try (`${runId}/${taskId}/${tryNumber}`, protocol.ts `tryKey`): the newest
   * report of each, epoch by epoch. Live only: a finished model keeps its history in its stored record.
   */
  readonly trainingProgress: Readonly<Record<string, TrainingProgress>>;
  readonly lastTrigger: TriggerPulse | null;
  /** Every notification of this session, newest last (the notification log). */
  readonly notifications: readonly Notification[];
  /** Notifications still shown as toasts. */
  readonly toasts: readonly Notification[];
  readonly view: View;
  readonly selectedDagId: DagId;
  /** null follows the newest run of the selected DAG. */
  readonly selectedRunId: RunId | null;
  readonly selectedTaskId: TaskId | null;
  /** Which view of the selected DAG is shown. */
  readonly dagTab: DagTab;
  /** The dataset the datasets page shows in detail; null shows the lineage graph alone. */
  readonly selectedDatasetId: DatasetId | null;
  /** The model version the model page shows; null follows the newest. */
  readonly selectedModelId: string | null;
  /** The workspace file the editor shows (`#/editor/<file>`); null opens the last one, or the lesson on a first visit. */
  readonly editorFile: string | null;
  /** Reset all data, as the scheduling tab carries it out; null when none is under way. */
  readonly resetStatus: ResetStatus | null;
}

export type PlaygroundStore = StoreApi<PlaygroundState>;

export function createPlaygroundStore(dags: readonly DagDefinition[], datasets: readonly DatasetDefinition[]): PlaygroundStore {
  const first = dags[0];
  if (!first) throw new Error('The playground needs at least one DAG.');
  return createStore<PlaygroundState>()(() => ({
    status: 'booting',
    tabRole: null,
    bootError: null,
    storageError: null,
    memoryStorage: null,
    dags,
    datasets,
    scheduler: null,
    datasetVersions: [],
    datasetEvents: [],
    logs: {},
    trainingProgress: {},
    lastTrigger: null,
    notifications: [],
    toasts: [],
    view: 'dag',
    selectedDagId: first.id,
    selectedRunId: null,
    selectedTaskId: null,
    dagTab: 'graph',
    selectedDatasetId: null,
    selectedModelId: null,
    editorFile: null,
    resetStatus: null,
  }));
}

/** A toast leaves the screen (it stays in the notification log). */
export function dismissToast(store: PlaygroundStore, id: number): void {
  store.setState((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) }));
}

export function appendLogLines(state: PlaygroundState, lines: readonly LogLine[]): Partial<PlaygroundState> {
  const logs: Record<string, readonly LogLine[]> = { ...state.logs };
  for (const line of lines) {
    const key = logKey(line.runId, line.taskId, line.tryNumber);
    logs[key] = [...(logs[key] ?? []), line];
  }
  return { logs };
}

/** Adds log lines that are not there yet (one per run, task, try and seq): a stored log may overlap the live stream. */
export function mergeLogLines(state: PlaygroundState, lines: readonly LogLine[]): Partial<PlaygroundState> {
  const logs: Record<string, readonly LogLine[]> = { ...state.logs };
  const seen = new Map<string, Set<number>>();
  for (const line of lines) {
    const key = logKey(line.runId, line.taskId, line.tryNumber);
    let seqs = seen.get(key);
    if (!seqs) seen.set(key, (seqs = new Set((logs[key] ?? []).map((l) => l.seq))));
    if (seqs.has(line.seq)) continue;
    seqs.add(line.seq);
    logs[key] = [...(logs[key] ?? []), line];
  }
  // Keep each try's lines in the order they were written, whichever arrived first.
  for (const key of seen.keys()) logs[key] = [...logs[key]!].sort((a, b) => a.seq - b.seq);
  return { logs };
}

/** Runs of one DAG, newest first. */
export function runsOfDag(scheduler: SchedulerState | null, dagId: DagId): DagRun[] {
  if (!scheduler) return [];
  return Object.values(scheduler.runs)
    .filter((run) => run.dagId === dagId)
    .sort((a, b) => b.seq - a.seq);
}

/** The run the DAG view shows: the selected one, or the newest. */
export function shownRun(state: PlaygroundState): DagRun | null {
  const selected = state.selectedRunId ? own(state.scheduler?.runs, state.selectedRunId) : undefined;
  if (selected && selected.dagId === state.selectedDagId) return selected;
  return runsOfDag(state.scheduler, state.selectedDagId)[0] ?? null;
}
