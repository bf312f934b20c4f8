import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { runAutorunOnce } from './app/autorun';
import { bootPlayground, type BootSettings, type BootedPlayground } from './app/boot';
import { pageClient } from './app/pageClient';
import { runLogLoader } from './app/runLogLoader';
import { storeTabView } from './app/storeTabView';
import { ALL_DAGS } from './pipelines/allDags';
import { HOUSING_DAGS } from './pipelines/housing/dags';
import { HOUSING_DATASETS } from './pipelines/housing/datasets';
import { provideCurrentUserSettings } from './runtime/settings/userSettings';
import { probeStorage, type StorageMode } from './runtime/storage/database';
import { TAB_CHANNEL_NAME } from './runtime/tabs/protocol';
import { startTabSession } from './runtime/tabs/session';
import { measureStage, timedStage } from './runtime/stageMarks';
import { createPlaygroundStore } from './store/playgroundStore';
import { createSettingsStore } from './store/settingsStore';
import { App } from './ui/App';
import { PlaygroundContext } from './ui/PlaygroundContext';
import { preloadPagesWhenIdle } from './ui/lazyPage';
import { SettingsContext } from './ui/settings/SettingsContext';
import { syncRouteWithLocation } from './ui/routing';
import './styles.css';
import './sw/register';

// Navigation → the entry and every module it imports fetched and evaluated (the first stage of the bench's breakdown).
measureStage('boot:entry-evaluated', 0);
const store = createPlaygroundStore(ALL_DAGS, HOUSING_DATASETS);
syncRouteWithLocation(store);

/** localStorage, or null where the browser refuses it (some privacy modes throw on access). */
function localStorageOrNull(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

// Settings: stored in this browser, overridden for this page load by the URL (?seed, backend, speed, pool, fault,
// autorun), changed in the Settings page. Tabs of the playground follow each other's changes.
const settings = createSettingsStore({
  storage: localStorageOrNull(),
  search: window.location.search,
  hardwareConcurrency: navigator.hardwareConcurrency,
  // Fault task ids and the autorun DAG are checked against the DAGs scheduled once the page is up (imported DAGs
  // are known only then): see SettingsBanner and runAutorunOnce.
  defaultAutorun: HOUSING_DAGS.find((d) => d.schedule.type === 'manual')?.id,
});
provideCurrentUserSettings(() => settings.store.getState().effective);
settings.followOtherTabs(window);
const bootSettings: BootSettings = {
  current: () => settings.store.getState().effective,
  urlFaults: () => settings.store.getState().urlFaults,
  baseUrl: document.baseURI,
  claimArmedFailure: (dagId, taskId) => settings.claimArmedFailure(dagId, taskId),
  subscribe: (listener) =>
    settings.store.subscribe((state, previous) => {
      if (state.effective !== previous.effective) listener(state.effective);
    }),
  clearStored: () => settings.clearStored(),
  changer: settings,
};

/** Set once this tab schedules (it holds the scheduler lock); null while it mirrors the tab that does. */
let booted: BootedPlayground | null = null;
/** Whether IndexedDB opens in this page, known before the tab election (a tab keeping its data in memory leads alone). */
let storageMode: StorageMode | undefined;
const reload = () => window.location.reload();
const tab = startTabSession({
  view: storeTabView(store),
  soloCheck: async () => {
    storageMode = await timedStage('boot:probe-storage', probeStorage);
    return storageMode.kind === 'memory' ? 'IndexedDB is unavailable in this page, so its data is kept in memory' : null;
  },
  boot: async () =>
    (booted = await timedStage('boot:total', () => bootPlayground(store, {
      settings: bootSettings,
      ...(storageMode ? { storageMode } : {}),
      onResetStatus: (resetStatus) => store.setState({ resetStatus }),
      reloadAllTabs: () => {
        tab.announceReload();
        reload();
      },
    }))),
  locks: typeof navigator.locks?.request === 'function' ? navigator.locks : undefined,
  openChannel: typeof BroadcastChannel === 'function' ? () => new BroadcastChannel(TAB_CHANNEL_NAME) : undefined,
  onReload: reload,
});
// A page kept in the back/forward cache may come back: only a page that really goes says bye.
window.addEventListener('pagehide', (event) => event.persisted || tab.close());

// Every command of the page goes through one client, whichever tab schedules; the controls are disabled until the
// store says `ready`.
const client = pageClient(tab.client, store, settings);
runAutorunOnce(store, settings, client);

// The other pages' code, fetched once the first one is up and the browser idle (a click then shows no skeleton).
const stopWaitingForReady = store.subscribe((state) => {
  if (state.status !== 'ready') return;
  stopWaitingForReady();
  measureStage('boot:navigation-to-ready', 0);
  preloadPagesWhenIdle();
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <PlaygroundContext.Provider value={{ store, client, loadRunLogs: runLogLoader(client, store, tab.ready), database: () => booted?.database ?? null }}>
      <SettingsContext.Provider value={{ settings }}>
        <App />
      </SettingsContext.Provider>
    </PlaygroundContext.Provider>
  </StrictMode>,
);
