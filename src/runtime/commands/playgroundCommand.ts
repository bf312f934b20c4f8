import type { DatasetDefinition } from '../../core/dag';
import type { DagId, DatasetId, RunId, TaskId } from '../../core/ids';
import type { JsonValue } from '../../core/json';
import type { LogLine } from '../../core/logLine';
import type { ImportSummary } from '../../dagfile/dagCatalog';

/**
 * Everything a person can ask the playground to do, as one union keyed on `type`: what the UI sends, what a mirroring
 * tab forwards to the scheduling tab, and what the scheduling tab's handlers carry out (commands/handlers.ts). Adding
 * a command is one member here, its result in `CommandResults`, its schema in commandSchemas.ts and one handler: the
 * handler table and the schema table are typed over this union, so a missing piece does not compile.
 */
export type PlaygroundCommand =
  /** Triggers a DAG by hand; its params are checked against the DAG's declarations where the run is created. */
  | { readonly type: 'trigger'; readonly dagId: DagId; readonly params: Readonly<Record<string, JsonValue>> }
  | { readonly type: 'setPaused'; readonly dagId: DagId; readonly paused: boolean }
  /** Airflow's Clear: the task (and, with `downstream`, what depends on it) runs again, its retries start over. */
  | { readonly type: 'clearTask'; readonly runId: RunId; readonly taskId: TaskId; readonly downstream: boolean }
  | { readonly type: 'markTask'; readonly runId: RunId; readonly taskId: TaskId; readonly state: MarkState }
  /** Airflow's Mark run failed (stops the run) / Mark run success. */
  | { readonly type: 'markRun'; readonly runId: RunId; readonly state: MarkState }
  /** Airflow's "Create dataset event": points at the newest stored version of the dataset. */
  | { readonly type: 'createDatasetEvent'; readonly datasetId: DatasetId }
  /** Adds or replaces DAGs from a DAG document's text, checked whole first: a refused file changes nothing. */
  | { readonly type: 'importDags'; readonly text: string }
  /** Back to the built-in DAGs; the runs of the removed ones stay stored. */
  | { readonly type: 'resetDags' }
  /** Deletes everything the playground stored in this browser; every open tab of it reloads, empty. */
  | { readonly type: 'resetAllData' }
  /** A past run's stored log lines (a mirroring tab does not open IndexedDB itself). */
  | { readonly type: 'readRunLogs'; readonly runId: RunId }
  /**
   * Changes this browser's settings (the Settings page's fields, by name): all of the values or, with one message per
   * bad value, none. Carried out in the tab the person uses (commands/settingsHandlers.ts).
   */
  | { readonly type: 'changeSettings'; readonly changes: Readonly<Record<string, JsonValue>> }
  /** Arms (or disarms) "fail the next try" of one task: its next try fails with `InjectedFault`. */
  | { readonly type: 'setFailNextTry'; readonly dagId: DagId; readonly taskId: TaskId; readonly armed: boolean };

export type CommandType = PlaygroundCommand['type'];
export type CommandOf<K extends CommandType> = Extract<PlaygroundCommand, { readonly type: K }>;

export type MarkState = 'success' | 'failed';
export const MARK_STATES: readonly MarkState[] = ['success', 'failed'];

/** Why a command did nothing, in words for the person who asked: errors are data, never thrown across the boundary. */
export type Refused = { readonly ok: false; readonly errors: readonly string[] };
export type Done<T extends object = object> = ({ readonly ok: true } & T) | Refused;

/** What an import or a reset of the DAG list did; the DAGs themselves arrive with the scheduler's state. */
export type DagsChanged = Done<{ readonly summary: ImportSummary; readonly datasets: readonly DatasetDefinition[] }>;

/** What each command answers. */
export interface CommandResults {
  readonly trigger: Done<{ readonly runId: RunId }>;
  readonly setPaused: Done;
  readonly clearTask: Done;
  readonly markTask: Done;
  readonly markRun: Done;
  readonly createDatasetEvent: Done;
  readonly importDags: DagsChanged;
  readonly resetDags: DagsChanged;
  readonly resetAllData: Done;
  readonly readRunLogs: Done<{ readonly lines: readonly LogLine[] }>;
  readonly changeSettings: Done;
  readonly setFailNextTry: Done;
}

export type CommandResult<C extends PlaygroundCommand> = CommandResults[C['type']];

/** Carries out one command; resolves with its result (a refusal included), never rejects. */
export interface PlaygroundClient {
  execute<C extends PlaygroundCommand>(command: C): Promise<CommandResult<C>>;
}

/** One handler per command: a command without one does not compile. */
export type CommandHandlers = { readonly [K in CommandType]: (command: CommandOf<K>) => Promise<CommandResults[K]> | CommandResults[K] };

export const refused = (...errors: string[]): Refused => ({ ok: false, errors });
export const DONE = { ok: true } as const;

/** An error thrown by what a handler calls, as a refusal (the message is for the person). */
export const refusalOf = (error: unknown): Refused => refused(error instanceof Error ? error.message : String(error));

/** A client over a handler table: runs the handler, turns a throw into a refusal. */
export function clientOf(handlers: CommandHandlers): PlaygroundClient {
  return {
    async execute<C extends PlaygroundCommand>(command: C): Promise<CommandResult<C>> {
      const handler = handlers[command.type] as (command: C) => Promise<CommandResult<C>> | CommandResult<C>;
      try {
        return await handler(command);
      } catch (error) {
        return refusalOf(error) as CommandResult<C>;
      }
    },
  };
}

/** The client of a tab that cannot act yet (still starting, or between two roles). */
export const notReadyClient = (why: () => string): PlaygroundClient => ({
  execute: async <C extends PlaygroundCommand>() => refused(why()) as CommandResult<C>,
});
