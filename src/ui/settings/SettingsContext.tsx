import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { SettingsController, SettingsState } from '../../store/settingsStore';

export interface SettingsContextValue {
  readonly settings: SettingsController;
}

export const SettingsContext = createContext<SettingsContextValue | null>(null);

export function useSettingsContext(): SettingsContextValue {
  const value = useContext(SettingsContext);
  if (!value) throw new Error('SettingsContext is missing: wrap the UI in <SettingsContext.Provider>.');
  return value;
}

export function useSettings<T>(selector: (state: SettingsState) => T): T {
  return useStore(useSettingsContext().settings.store, selector);
}
