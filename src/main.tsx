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
const actions: PlaygroundActions = {
  trigger(dagId) {
    // The Trigger buttons are disabled until the store says `ready`, set only once `playground` exists.
    if (!playground) return;
    const runId = playground.coordinator.trigger(dagId);
    // In the DAG view, follow the new run; in the datasets view, stay and watch the trigger travel.
    if (store.getState().view === 'dag') {
      store.setState({ selectedDagId: dagId, selectedRunId: runId, selectedTaskId: null });
    }
  },
  loadRunLogs(runId) {
    // A deep link asks for a run's logs before boot has finished: wait for it rather than drop the request.
    void booting.then((booted) => booted.loadRunLogs(runId));
  },
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
