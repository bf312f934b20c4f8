import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import type { DagId, RunId } from './core/ids';
import { HOUSING_DATASETS } from './pipelines/housing/datasets';
import { HOUSING_DAGS } from './pipelines/housing/dags';
import { bootPlayground, type Playground } from './runtime/boot';
import type { ImportOutcome } from './runtime/dagImports';
import { readSettings } from './runtime/settings';
import { probeStorage, type StorageMode } from './runtime/storage/database';
import { precheckTrigger, reportTabError, startTabSession } from './runtime/tabLeadership';
import { TAB_CHANNEL_NAME, type TabAction } from './runtime/tabs/protocol';
import { createPlaygroundStore } from './store/playgroundStore';
import { App } from './ui/App';
import { PlaygroundContext, type PlaygroundActions } from './ui/PlaygroundContext';
import { syncRouteWithLocation } from './ui/routing';
import './styles.css';

const store = createPlaygroundStore(HOUSING_DAGS, HOUSING_DATASETS);
syncRouteWithLocation(store);

/** Set once this tab schedules (it holds the scheduler lock); null while it mirrors the tab that does. */
let playground: Playground | null = null;
/** Whether IndexedDB opens in this page, known before the tab election (a tab keeping its data in memory leads alone). */
let storageMode: StorageMode | undefined;
const tab = startTabSession({
  store,
  soloCheck: async () => {
    storageMode = await probeStorage();
    return storageMode.kind === 'memory' ? 'IndexedDB is unavailable in this page, so its data is kept in memory' : null;
  },
  boot: () => bootPlayground(store, readSettings(window.location.search, document.baseURI), storageMode),
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
      const result = playground.coordinator.trigger(dagId, params);
      if (result.ok) followRun(dagId, result.runId);
      return result;
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
    playground ? void playground.coordinator.createDatasetEvent(datasetId) : forward({ kind: 'createDatasetEvent', datasetId }),
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

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <PlaygroundContext.Provider value={{ store, actions }}>
      <App />
    </PlaygroundContext.Provider>
  </StrictMode>,
);
