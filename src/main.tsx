import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { HOUSING_DATASETS } from './pipelines/housing/datasets';
import { HOUSING_DAGS } from './pipelines/housing/dags';
import { bootPlayground, type Playground } from './runtime/boot';
import { readSettings } from './runtime/settings';
import { createPlaygroundStore } from './store/playgroundStore';
import { App } from './ui/App';
import { PlaygroundContext, type PlaygroundActions } from './ui/PlaygroundContext';
import { syncRouteWithLocation } from './ui/routing';
import './styles.css';

const store = createPlaygroundStore(HOUSING_DAGS, HOUSING_DATASETS);
syncRouteWithLocation(store);

let playground: Playground | null = null;
const booting = bootPlayground(store, readSettings(window.location.search, document.baseURI));
const notReady = { ok: false, errors: ['The playground is still starting.'] } as const;

// The controls are disabled until the store says `ready`, set only once `playground` exists.
const actions: PlaygroundActions = {
  trigger(dagId, params) {
    if (!playground) return notReady;
    const result = playground.coordinator.trigger(dagId, params);
    // In the DAG view, follow the new run; elsewhere, stay (the datasets view shows the trigger travel).
    if (result.ok && store.getState().view === 'dag') {
      store.setState({ selectedDagId: dagId, selectedRunId: result.runId, selectedTaskId: null });
    }
    return result;
  },
  loadRunLogs(runId) {
    // A deep link asks for a run's logs before boot has finished: wait for it rather than drop the request.
    void booting.then((booted) => booted.loadRunLogs(runId));
  },
  setPaused: (dagId, paused) => playground?.coordinator.setPaused(dagId, paused),
  clearTask: (runId, taskId, downstream) => playground?.coordinator.clearTask(runId, taskId, downstream),
  markTask: (runId, taskId, state) => playground?.coordinator.markTask(runId, taskId, state),
  createDatasetEvent: (datasetId) => void playground?.coordinator.createDatasetEvent(datasetId),
  dismissToast: (id) => store.setState((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) })),
};

booting.then(
  (booted) => {
    playground = booted;
    store.setState({ status: 'ready' });
  },
  (error: unknown) => store.setState({ status: 'failed', bootError: error instanceof Error ? error.message : String(error) }),
);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <PlaygroundContext.Provider value={{ store, actions }}>
      <App />
    </PlaygroundContext.Provider>
  </StrictMode>,
);
