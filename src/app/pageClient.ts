import type { CommandResult, PlaygroundClient, PlaygroundCommand } from '../runtime/commands/playgroundCommand';
import type { PlaygroundStore } from '../store/playgroundStore';

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
    case 'deployDagFile':
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
