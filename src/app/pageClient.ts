import { refusalOf, type CommandOf, type CommandResult, type Done, type PlaygroundClient, type PlaygroundCommand } from '../runtime/commands/playgroundCommand';
import { settingsHandlers, type SettingsChanger, type SettingsCommandType } from '../runtime/commands/settingsHandlers';
import type { PlaygroundStore } from '../store/playgroundStore';

type SettingsCommand = CommandOf<SettingsCommandType>;
const isSettingsCommand = (command: PlaygroundCommand): command is SettingsCommand =>
  command.type === 'changeSettings' || command.type === 'setFailNextTry';

/**
 * The client the page's views get: the tab session's (this tab's playground, or the scheduling tab it mirrors), plus
 * what the page does with a result, the same in either tab: follow a run a person triggered, show the datasets of an
 * imported DAG list, keep the selected DAG one that is still scheduled. Settings commands are carried out here, in the
 * tab the person uses, whether it schedules or mirrors: settings belong to this browser and to this page's URL
 * overrides, not to the scheduler (every other tab follows through the `storage` event), and so they work while the
 * tab is still starting too.
 */
export function pageClient(client: PlaygroundClient, store: PlaygroundStore, settings: SettingsChanger): PlaygroundClient {
  const handlers = settingsHandlers(settings);
  const here = async (command: SettingsCommand): Promise<Done> => {
    try {
      return command.type === 'changeSettings' ? await handlers.changeSettings(command) : await handlers.setFailNextTry(command);
    } catch (error) {
      return refusalOf(error);
    }
  };
  return {
    async execute<C extends PlaygroundCommand>(command: C): Promise<CommandResult<C>> {
      const result = isSettingsCommand(command) ? ((await here(command)) as CommandResult<C>) : await client.execute(command);
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
