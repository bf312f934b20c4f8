import { createStore, type StoreApi } from 'zustand/vanilla';
import { ownRecord } from '../core/ownKeys';
import type { FaultSpec } from '../runtime/workers/faults';
import { readUrlSettings, withOverrides, type UrlOverrides, type UrlSettingsContext } from '../runtime/settings/urlSettings';
import {
  checkNamedSetting,
  defaultUserSettings,
  loadUserSettings,
  saveUserSettings,
  SETTINGS_STORAGE_KEY,
  validateUserSettings,
  type SettingName,
  type SettingsStorage,
  type UserSettings,
} from '../runtime/settings/userSettings';

export interface SettingsState {
  /** What this browser keeps (validated when read back). */
  readonly stored: UserSettings;
  /** What the URL sets for this page load; a setting changed in the page leaves this list. */
  readonly overrides: UrlOverrides;
  /** What is in force: `stored` with `overrides` on top. */
  readonly effective: UserSettings;
  readonly urlFaults: readonly FaultSpec[];
  /** The DAG `?autorun=` triggers once this page is ready. */
  readonly autorun: string | null;
  /** What became of it: waiting for the page, triggered, or refused (with the reason). */
  readonly autorunOutcome: { readonly kind: 'waiting' } | { readonly kind: 'triggered' } | { readonly kind: 'refused'; readonly reason: string };
  /** What the URL asked for that could not be used. */
  readonly urlErrors: readonly string[];
  /** What was wrong in the stored record (those settings have their defaults). */
  readonly storedErrors: readonly string[];
  /** Why the last change could not be stored (it is still in force for this page). */
  readonly saveError: string | null;
  /** Counts saved changes, so the page can say "saved" after each one. */
  readonly saves: number;
  readonly hardwareConcurrency: number | undefined;
}

export type UpdateResult = { readonly ok: true } | { readonly ok: false; readonly errors: Partial<Record<SettingName, string>> };

export interface SettingsController {
  readonly store: StoreApi<SettingsState>;
  /** Checks and stores a change; all of it or, with an error per bad value, none of it. Applies to new tries and runs. */
  update(patch: Partial<Record<SettingName, unknown>>): UpdateResult;
  /** "Fail the next try of task X". */
  armFailure(dagId: string, taskId: string): void;
  disarmFailure(dagId: string, taskId: string): void;
  /** Uses up the entry for this task, if there is one (the coordinator asks as a try starts). */
  claimArmedFailure(dagId: string, taskId: string): boolean;
  /** Forgets the stored settings (reset all data); the page reloads after. */
  clearStored(): void;
  /** Follows changes made in another tab of the playground (the `storage` event); returns the unsubscribe. */
  followOtherTabs(target: Pick<Window, 'addEventListener' | 'removeEventListener'>): () => void;
}

export interface SettingsStoreOptions extends Omit<UrlSettingsContext, 'fallback'> {
  /** localStorage, or null where the browser refuses it. */
  readonly storage: SettingsStorage | null;
  /** `location.search` of this page load. */
  readonly search: string;
}

/**
 * The settings of this page: loaded from this browser's storage (a corrupt value falls back to its default, with a
 * message), overridden for this page load by the URL, changed and saved by the Settings page.
 */
export function createSettingsStore(options: SettingsStoreOptions): SettingsController {
  const { storage, hardwareConcurrency } = options;
  const loaded = loadUserSettings(storage, hardwareConcurrency);
  const url = readUrlSettings(options.search, { ...options, fallback: loaded.settings });
  const store = createStore<SettingsState>()(() => ({
    stored: loaded.settings,
    overrides: url.overrides,
    effective: withOverrides(loaded.settings, url.overrides),
    urlFaults: url.faults,
    autorun: url.autorun,
    autorunOutcome: { kind: 'waiting' },
    urlErrors: url.errors,
    storedErrors: loaded.errors,
    saveError: null,
    saves: 0,
    hardwareConcurrency,
  }));

  const commit = (stored: UserSettings, overrides: UrlOverrides) => {
    const saveError = saveUserSettings(storage, stored);
    store.setState((s) => ({
      stored,
      overrides,
      effective: withOverrides(stored, overrides),
      saveError,
      // A saved record replaces the corrupt one: its messages no longer apply.
      storedErrors: saveError ? s.storedErrors : [],
      saves: s.saves + 1,
    }));
  };

  const controller: SettingsController = {
    store,
    update(patch) {
      // Names come from outside (a command): `__proto__` must be a key like any other, not set a prototype.
      const errors = ownRecord<SettingName, string>();
      const values = ownRecord<string, unknown>();
      for (const [name, value] of Object.entries(patch) as [SettingName, unknown][]) {
        const check = checkNamedSetting(name, value, hardwareConcurrency);
        if (check.ok) values[name] = check.value;
        else errors[name] = check.error;
      }
      if (Object.keys(errors).length > 0) return { ok: false, errors };
      const { stored, overrides } = store.getState();
      // The person's latest choice wins over the URL's for the rest of this page load.
      const remaining = Object.fromEntries(Object.entries(overrides).filter(([name]) => !(name in values))) as UrlOverrides;
      commit({ ...stored, ...values } as UserSettings, remaining);
      return { ok: true };
    },
    armFailure(dagId, taskId) {
      const { stored, overrides } = store.getState();
      if (stored.failNextTry.some((e) => e.dagId === dagId && e.taskId === taskId)) return;
      commit({ ...stored, failNextTry: [...stored.failNextTry, { dagId, taskId }] }, overrides);
    },
    disarmFailure(dagId, taskId) {
      const { stored, overrides } = store.getState();
      commit({ ...stored, failNextTry: stored.failNextTry.filter((e) => e.dagId !== dagId || e.taskId !== taskId) }, overrides);
    },
    claimArmedFailure(dagId, taskId) {
      const { stored } = store.getState();
      if (!stored.failNextTry.some((e) => e.dagId === dagId && e.taskId === taskId)) return false;
      controller.disarmFailure(dagId, taskId);
      return true;
    },
    clearStored() {
      try {
        storage?.removeItem(SETTINGS_STORAGE_KEY);
      } catch {
        // Nothing to clear where storage is refused.
      }
    },
    followOtherTabs(target) {
      const onStorage = (event: StorageEvent) => {
        if (event.key !== SETTINGS_STORAGE_KEY && event.key !== null) return;
        const read =
          event.newValue === null
            ? { settings: defaultUserSettings(hardwareConcurrency), errors: [] }
            : readRecord(event.newValue, hardwareConcurrency);
        store.setState((s) => ({ stored: read.settings, effective: withOverrides(read.settings, s.overrides), storedErrors: read.errors }));
      };
      target.addEventListener('storage', onStorage);
      return () => target.removeEventListener('storage', onStorage);
    },
  };
  return controller;
}

function readRecord(text: string, hardwareConcurrency: number | undefined) {
  try {
    return validateUserSettings(JSON.parse(text), hardwareConcurrency);
  } catch {
    return { settings: defaultUserSettings(hardwareConcurrency), errors: ['Another tab stored settings that are not valid JSON; using the defaults.'] };
  }
}
