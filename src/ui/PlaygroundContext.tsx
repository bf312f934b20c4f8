import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { DagId } from '../core/ids';
import type { RunId } from '../core/ids';
import type { PlaygroundState, PlaygroundStore } from '../store/playgroundStore';

/** What the UI may do besides reading the store: the actions that reach the coordinator. */
export interface PlaygroundActions {
  trigger(dagId: DagId): void;
  loadRunLogs(runId: RunId): void;
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
