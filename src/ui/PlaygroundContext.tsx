import { createContext, useCallback, useContext } from 'react';
import { useStore } from 'zustand';
import type { RunId } from '../core/ids';
import type { PlaygroundClient, PlaygroundCommand } from '../runtime/commands/playgroundCommand';
import type { Database } from '../runtime/storage/database';
import type { StorageScope } from '../runtime/storageScope';
import { notifyRefusal } from '../store/applyNotice';
import type { PlaygroundState, PlaygroundStore } from '../store/playgroundStore';

/** What the UI gets besides the store it reads: one client for every command, and two reads of this tab. */
export interface PlaygroundContextValue {
  readonly store: PlaygroundStore;
  /** Carries out commands: in this tab's playground, or forwarded to the tab that schedules (runtime/commands). */
  readonly client: PlaygroundClient;
  /** Loads a past run's stored log into the store (live runs stream theirs). */
  loadRunLogs(runId: RunId): void;
  /** This tab's database, for the Storage panel and previews; null until it boots, and in a tab that mirrors another. */
  database(): Database | null;
  /** Where this page keeps its data (the full app's database, or an embed's own): decided once at start. */
  readonly scope: StorageScope;
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

/** The client, for a view that shows a command's result itself (a form, a panel). */
export function usePlaygroundClient(): PlaygroundClient {
  return usePlaygroundContext().client;
}

/**
 * Gives a command whose outcome the views show through the store (pause, clear, mark, create an event): a refusal,
 * or a scheduling tab that did not answer, shows as an error notification.
 */
export function useCommand(): (command: PlaygroundCommand) => void {
  const { client, store } = usePlaygroundContext();
  return useCallback(
    (command) =>
      void client.execute(command).then((result) => {
        if (!result.ok) notifyRefusal(store, result.errors);
      }),
    [client, store],
  );
}

export function useLoadRunLogs(): (runId: RunId) => void {
  return usePlaygroundContext().loadRunLogs;
}

export function useDatabase(): () => Database | null {
  return usePlaygroundContext().database;
}

export function useStorageScope(): StorageScope {
  return usePlaygroundContext().scope;
}
