import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import type { DagId, RunId } from './core/ids';
import { HOUSING_DATASETS } from './pipelines/housing/datasets';
import { ALL_DAGS } from './pipelines/allDags';
import { HOUSING_DAGS } from './pipelines/housing/dags';
import { bootPlayground, type BootedPlayground, type BootSettings, type Playground } from './app/boot';
import { withoutAutorun } from './runtime/settings/urlSettings';
import { provideCurrentUserSettings } from './runtime/settings/userSettings';
import type { ImportOutcome } from './runtime/dagImports';
import { probeStorage, type StorageMode } from './runtime/storage/database';
import { precheckTrigger, reportTabError, startTabSession } from './runtime/tabLeadership';
import { TAB_CHANNEL_NAME, type TabAction } from './runtime/tabs/protocol';
import { createPlaygroundStore } from './store/playgroundStore';
import { createSettingsStore } from './store/settingsStore';
import { App } from './ui/App';
import { PlaygroundContext, type PlaygroundActions } from './ui/PlaygroundContext';
import { SettingsContext, type SettingsContextValue } from './ui/settings/SettingsContext';
import { syncRouteWithLocation } from './ui/routing';
import './styles.css';
import './sw/register';

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
  // are known only then): see SettingsBanner and the autorun below.
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
};

/** Set once this tab schedules (it holds the scheduler lock); null while it mirrors the tab that does. */
let playground: Playground | null = null;
/** The same playground, as booted here: it can also reset all data. */
let booted: BootedPlayground | null = null;
/** Whether IndexedDB opens in this page, known before the tab election (a tab keeping its data in memory leads alone). */
let storageMode: StorageMode | undefined;
const tab = startTabSession({
  store,
  soloCheck: async () => {
    storageMode = await probeStorage();
    return storageMode.kind === 'memory' ? 'IndexedDB is unavailable in this page, so its data is kept in memory' : null;
  },
  boot: async () => (booted = await bootPlayground(store, bootSettings, storageMode)),
  locks: typeof navigator.locks?.request === 'function' ? navigator.locks : undefined,
  openChannel: typeof BroadcastChannel === 'function' ? () => new BroadcastChannel(TAB_CHANNEL_NAME) : undefined,
  onLeader: (booted) => (playground = booted),
});
// A page kept in the back/forward cache may come back: only a page that really goes says bye.
window.addEventListener('pagehide', (event) => event.persisted || tab.close());
const notReady = { ok: false, errors: ['The playground is still starting.'] } as const;

/** In a tab that mirrors another: the scheduling tab acts; a refusal or its silence shows as an error notification. */
const forward = (action: TabAction) => void tab.forward(action).catch((error: unknown) => reportTabError(store, error));

/** In the DAG view, follow the new run; elsewhere, stay (the datasets view shows the trigger travel). */
const followRun = (dagId: DagId, runId: RunId) => {
  if (store.getState().view === 'dag') store.setState({ selectedDagId: dagId, selectedRunId: runId, selectedTaskId: null });
};

// The controls are disabled until the store says `ready`: this tab's playground is up, or it mirrors the one that is.
const actions: PlaygroundActions = {
  trigger(dagId, params = {}) {
    if (playground) {
      // Refused params show in the form at once; the run is created in a task of its own, after the click's own work
      // (closing the form) is painted: the two together made one main-thread task over 50 ms on a cold page.
      const checked = precheckTrigger(store.getState().dags, dagId, params);
      if (!checked.ok) return checked;
      const { coordinator } = playground;
      setTimeout(() => {
        const result = coordinator.trigger(dagId, params);
        if (result.ok) followRun(dagId, result.runId);
        else reportTabError(store, result.errors.join(' '));
      }, 0);
      return { ok: true, runId: null };
    }
    if (!tab.mirroring) return notReady;
    // Refused params show at once; the scheduling tab creates the run (and checks again), its id comes with the answer.
    const checked = precheckTrigger(store.getState().dags, dagId, params);
    if (!checked.ok) return checked;
    tab.forward({ kind: 'trigger', dagId, params }).then(
      (result) => (result.ok ? followRun(dagId, result.runId) : reportTabError(store, result.errors.join(' '))),
      (error: unknown) => reportTabError(store, error),
    );
    return { ok: true, runId: null };
  },
  loadRunLogs(runId) {
    // A deep link asks for a run's logs before boot has finished: wait for it rather than drop the request.
    void tab.loadRunLogs(runId);
  },
  setPaused: (dagId, paused) => (playground ? playground.coordinator.setPaused(dagId, paused) : forward({ kind: 'setPaused', dagId, paused })),
  clearTask: (runId, taskId, downstream) =>
    playground ? playground.coordinator.clearTask(runId, taskId, downstream) : forward({ kind: 'clearTask', runId, taskId, downstream }),
  markTask: (runId, taskId, state) =>
    playground ? playground.coordinator.markTask(runId, taskId, state) : forward({ kind: 'markTask', runId, taskId, state }),
  markRun: (runId, state) => (playground ? playground.coordinator.markRun(runId, state) : forward({ kind: 'markRun', runId, state })),
  createDatasetEvent: (datasetId) =>
    playground
      ? void playground.coordinator.createDatasetEvent(datasetId).catch((error: unknown) => reportTabError(store, error))
      : forward({ kind: 'createDatasetEvent', datasetId }),
  dismissToast: (id) => store.setState((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) })),
  database: () => playground?.coordinator.database ?? null,
  importDags: (text) => changeDags(() => playground!.importDags(text)),
  resetDags: () => changeDags(() => playground!.resetDags()),
};

/** Imports and resets run in the scheduling tab; a mirroring tab sees the new DAG list arrive with the state. */
async function changeDags(change: () => Promise<ImportOutcome>): Promise<ImportOutcome> {
  if (!playground) {
    return { ok: false, errors: [tab.mirroring ? 'Another tab schedules the playground: import DAGs in that tab.' : notReady.errors[0]] };
  }
  const outcome = await change();
  // A DAG that is no longer scheduled cannot stay selected.
  if (outcome.ok && !outcome.dags.some((dag) => dag.id === store.getState().selectedDagId)) {
    store.setState({ selectedDagId: outcome.dags[0]!.id, selectedRunId: null, selectedTaskId: null });
  }
  return outcome;
}

/**
 * `?autorun=<dagId>` (or `=1` for the producer): triggers that DAG once, when this page is first ready — as the
 * scheduling tab or as a mirror of it (the trigger is then forwarded). The parameter then leaves the URL, so reloading
 * the page, or this tab taking over scheduling later, does not trigger it again.
 */
const autorun = settings.store.getState().autorun;
if (autorun) {
  const stop = store.subscribe((state) => {
    if (state.status !== 'ready') return;
    stop();
    window.history.replaceState(window.history.state, '', withoutAutorun(window.location.href));
    const known = state.dags.map((d) => d.id as string);
    const result = known.includes(autorun)
      ? actions.trigger(autorun as DagId)
      : { ok: false as const, errors: [`no DAG has that id (known: ${known.join(', ')}); nothing is triggered.`] };
    settings.store.setState({ autorunOutcome: result.ok ? { kind: 'triggered' } : { kind: 'refused', reason: result.errors.join(' ') } });
  });
}

const settingsContext: SettingsContextValue = {
  settings,
  resetAllData(report) {
    if (!playground || !booted) {
      const why = tab.mirroring ? 'this tab mirrors the one that schedules: reset from that tab' : 'the playground is still starting';
      report({ phase: 'failed', message: `Nothing was reset: ${why}.` });
      return Promise.resolve(false);
    }
    return booted.resetAllData(report);
  },
};

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <PlaygroundContext.Provider value={{ store, actions }}>
      <SettingsContext.Provider value={settingsContext}>
        <App />
      </SettingsContext.Provider>
    </PlaygroundContext.Provider>
  </StrictMode>,
);
