import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { DagId, DatasetId, RunId, TaskId } from '../core/ids';
import type { JsonValue } from '../core/json';
import type { TriggerResult } from '../runtime/coordinator';
import type { ImportOutcome } from '../runtime/dagImports';
import type { Database } from '../runtime/storage/database';
import type { PlaygroundState, PlaygroundStore } from '../store/playgroundStore';

/** What the UI may do besides reading the store: the actions that reach the coordinator. */
export interface PlaygroundActions {
  /**
   * Triggers a DAG; returns the reasons when its params are refused (nothing is created then). A tab that mirrors the
   * scheduling tab forwards the trigger, so it does not know the new run's id yet (null).
   */
  trigger(dagId: DagId, params?: Readonly<Record<string, JsonValue>>): TriggerResult | { readonly ok: true; readonly runId: null };
  loadRunLogs(runId: RunId): void;
  setPaused(dagId: DagId, paused: boolean): void;
  clearTask(runId: RunId, taskId: TaskId, downstream: boolean): void;
  markTask(runId: RunId, taskId: TaskId, state: 'success' | 'failed'): void;
  /** Airflow's Mark run failed (stops the run) / Mark run success. */
  markRun(runId: RunId, state: 'success' | 'failed'): void;
  createDatasetEvent(datasetId: DatasetId): void;
  dismissToast(id: number): void;
  /** This tab's database, for the Storage panel; null until it boots, and in a tab that mirrors another. */
  database(): Database | null;
  /** Adds or replaces DAGs from a DAG document's text; a refused file changes nothing and says why, by JSON path. */
  importDags(text: string): Promise<ImportOutcome>;
  /** Back to the built-in DAGs (the runs of the others stay stored). */
  resetDags(): Promise<ImportOutcome>;
}

export interface PlaygroundContextValue {
  readonly store: PlaygroundStore;
  readonly actions: PlaygroundActions;
}

export const PlaygroundContext = createContext<PlaygroundContextValue | null>(null);

function usePlaygroundContext(): PlaygroundContextValue {
  const value = useContext(PlaygroundContext);
  if (!value) throw new Error('PlaygroundContext is missing: wrap the UI in <PlaygroundContext.Provider>.');
  return value;
}

export function usePlayground<T>(selector: (state: PlaygroundState) => T): T {
  return useStore(usePlaygroundContext().store, selector);
}

export function usePlaygroundStore(): PlaygroundStore {
  return usePlaygroundContext().store;
}

export function useActions(): PlaygroundActions {
  return usePlaygroundContext().actions;
}
