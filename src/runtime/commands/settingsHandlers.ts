import { own } from '../../core/ownKeys';
import type { SettingName } from '../settings/userSettings';
import { DONE, refused, type CommandHandlers } from './playgroundCommand';

/** What carries out a settings change: this browser's settings (the store's settings controller fits it). */
export interface SettingsChanger {
  /** Checks and stores a change: all of it or, with an error per bad value, none of it. */
  update(patch: Partial<Record<SettingName, unknown>>):
    | { readonly ok: true }
    | { readonly ok: false; readonly errors: Partial<Record<SettingName, string>> };
  armFailure(dagId: string, taskId: string): void;
  disarmFailure(dagId: string, taskId: string): void;
}

export type SettingsCommandType = 'changeSettings' | 'setFailNextTry';
export const SETTINGS_COMMANDS: readonly SettingsCommandType[] = ['changeSettings', 'setFailNextTry'];

/**
 * The settings commands' handlers. Settings belong to this browser (localStorage), not to the scheduler: the tab the
 * person uses carries them out itself (app/pageClient.ts), every other tab follows through the `storage` event, and
 * the scheduling tab reads them as each try starts. The scheduling tab's table has the same handlers, so a forwarded
 * settings command would do the same there.
 */
export function settingsHandlers(settings: SettingsChanger): Pick<CommandHandlers, SettingsCommandType> {
  return {
    changeSettings({ changes }) {
      const names = Object.keys(changes);
      if (names.length === 0) return refused('No setting to change.');
      const result = settings.update(changes as Partial<Record<SettingName, unknown>>);
      if (result.ok) return DONE;
      // An unknown name has no rule: say so rather than ignore it.
      return refused(...names.map((name) => own(result.errors, name)).filter((error): error is string => error !== undefined));
    },
    setFailNextTry({ dagId, taskId, armed }) {
      if (armed) settings.armFailure(dagId, taskId);
      else settings.disarmFailure(dagId, taskId);
      return DONE;
    },
  };
}
