import type { RunId } from '../core/ids';
import type { CommandResult, PlaygroundClient, PlaygroundCommand } from '../runtime/commands/playgroundCommand';
import { applyNotice, applySnapshot } from '../store/applyNotice';
import { mergeLogLines, type PlaygroundStore } from '../store/playgroundStore';
import type { TabView } from '../runtime/tabs/session';

/**
 * The client the page's views get: the tab session's (this tab's playground, or the scheduling tab it mirrors), plus
 * what the page does with a result, the same in either tab: follow a run a person triggered, show the datasets of an
 * imported DAG list, keep the selected DAG one that is still scheduled.
 */
export function pageClient(client: PlaygroundClient, store: PlaygroundStore): PlaygroundClient {
  return {
    async execute<C extends PlaygroundCommand>(command: C): Promise<CommandResult<C>> {
      const result = await client.execute(command);
      if (result.ok) afterDone(store, command, result as CommandResult<PlaygroundCommand>);
      return result;
    },
  };
}

function afterDone(store: PlaygroundStore, command: PlaygroundCommand, result: CommandResult<PlaygroundCommand>): void {
  switch (command.type) {
    case 'trigger':
      // In the DAG view, follow the new run; elsewhere, stay (the datasets view shows the trigger travel).
      if ('runId' in result && store.getState().view === 'dag') {
        store.setState({ selectedDagId: command.dagId, selectedRunId: result.runId, selectedTaskId: null });
      }
      break;
    case 'importDags':
    case 'resetDags': {
      // The new DAG list came with the scheduler's state, before this answer; its datasets come with the answer.
      if ('datasets' in result) store.setState({ datasets: result.datasets });
      const { dags, selectedDagId } = store.getState();
      if (!dags.some((dag) => dag.id === selectedDagId)) store.setState({ selectedDagId: dags[0]!.id, selectedRunId: null, selectedTaskId: null });
      break;
    }
    default:
      break;
  }
}

/**
 * Loads a past run's stored log into the store (live runs stream theirs): from this tab's IndexedDB or from the
 * scheduling tab's. Asked once per run; a refusal (a tab taking over, a silent scheduling tab) is asked again next time.
 */
export function runLogLoader(client: PlaygroundClient, store: PlaygroundStore, ready: Promise<void>): (runId: RunId) => Promise<void> {
  const asked = new Set<RunId>();
  return async (runId) => {
    // A deep link asks for a run's logs before boot has finished: wait for it rather than drop the request.
    await ready;
    if (asked.has(runId)) return;
    asked.add(runId);
    const result = await client.execute({ type: 'readRunLogs', runId });
    // Lines that streamed in meanwhile are already in the store; keep each (run, task, try, seq) once.
    if (result.ok) store.setState((state) => mergeLogLines(state, result.lines));
    else asked.delete(runId);
  };
}

/** The tab session's view of the page: its status and what it mirrors go to the store. */
export function storeTabView(store: PlaygroundStore): TabView {
  return {
    update: (status) => store.setState(status),
    applySnapshot: (snapshot) => applySnapshot(store, snapshot),
    applyNotice: (notice) => applyNotice(store, notice),
  };
}
