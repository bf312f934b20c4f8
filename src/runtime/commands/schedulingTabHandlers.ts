import type { DagDefinition, DatasetDefinition } from '../../core/dag';
import type { RunId } from '../../core/ids';
import type { LogLine } from '../../core/logLine';
import type { Coordinator } from '../coordinator';
import type { DagImports, ImportOutcome } from '../dagImports';
import { DONE, type CommandHandlers, type DagsChanged, type Done } from './playgroundCommand';
import { settingsHandlers, type SettingsChanger } from './settingsHandlers';

/** What the scheduling tab carries commands out with (the app's boot wires them). */
export interface SchedulingTabParts {
  readonly coordinator: Coordinator;
  readonly dagImports: DagImports;
  /** This browser's settings, as the scheduling tab sees them. */
  readonly settings: SettingsChanger;
  /** A run's stored log lines. */
  runLogs(runId: RunId): Promise<readonly LogLine[]>;
  /** Deletes everything stored; on success every tab reloads (see resetAllData.ts). */
  resetAllData(): Promise<Done>;
  /** The DAG list changed (import or reset): the page shows the new datasets (the DAGs come with the scheduler state). */
  catalogChanged(catalog: { readonly dags: readonly DagDefinition[]; readonly datasets: readonly DatasetDefinition[] }): void;
}

/** The next task of the event loop: what follows runs after the browser had a chance to paint. */
const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * The scheduling tab's handler for each command: the one place a command is carried out, whether a person gave it in
 * this tab or a mirroring tab forwarded it. A refusal is a result; what throws becomes one (clientOf).
 */
export function schedulingTabHandlers(parts: SchedulingTabParts): CommandHandlers {
  const { coordinator } = parts;
  const dagsChanged = (outcome: ImportOutcome): DagsChanged => {
    if (!outcome.ok) return outcome;
    parts.catalogChanged(outcome);
    return { ok: true, summary: outcome.summary, datasets: outcome.datasets };
  };
  return {
    async trigger({ dagId, params }) {
      // Params are checked here, once; a refusal answers at once (the trigger form shows it). The run is created in
      // a task of its own, and the answer comes in the next: closing the form, creating the run and following it
      // were one main-thread task over 50 ms on a cold page.
      const accepted = coordinator.acceptTrigger(dagId, params);
      if (!accepted.ok) return accepted;
      await nextTask();
      const created = accepted.createRun();
      await nextTask();
      return created;
    },
    setPaused({ dagId, paused }) {
      coordinator.setPaused(dagId, paused);
      return DONE;
    },
    clearTask({ runId, taskId, downstream }) {
      coordinator.clearTask(runId, taskId, downstream);
      return DONE;
    },
    markTask({ runId, taskId, state }) {
      coordinator.markTask(runId, taskId, state);
      return DONE;
    },
    markRun({ runId, state }) {
      coordinator.markRun(runId, state);
      return DONE;
    },
    async createDatasetEvent({ datasetId }) {
      await coordinator.createDatasetEvent(datasetId);
      return DONE;
    },
    importDags: async ({ text }) => dagsChanged(await parts.dagImports.importText(text)),
    resetDags: async () => dagsChanged(await parts.dagImports.reset()),
    resetAllData: () => parts.resetAllData(),
    readRunLogs: async ({ runId }) => ({ ok: true, lines: await parts.runLogs(runId) }),
    ...settingsHandlers(parts.settings),
  };
}
