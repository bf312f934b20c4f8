import { assertNever } from '../core/states';
import type { View } from '../store/playgroundStore';
import { DagList } from './dags/DagList';
import { DagView } from './dags/DagView';
import { DatasetsView } from './datasets/DatasetsView';
import { NotificationLog } from './notifications/NotificationLog';
import { NotificationsTab } from './notifications/NotificationsTab';
import { Toasts } from './notifications/Toasts';
import { usePlayground, usePlaygroundStore } from './PlaygroundContext';

function MainView({ view }: { view: View }) {
  switch (view) {
    case 'dag':
      return <DagView />;
    case 'datasets':
      return <DatasetsView />;
    case 'notifications':
      return <NotificationLog />;
    default:
      return assertNever(view, 'view');
  }
}

/** Wires the feature views; owns no state of its own. */
export function App() {
  const store = usePlaygroundStore();
  const view = usePlayground((s) => s.view);
  const status = usePlayground((s) => s.status);
  const bootError = usePlayground((s) => s.bootError);
  const storageError = usePlayground((s) => s.storageError);

  return (
    <div className="app">
      <header className="app-header">
        <h1>
          <span aria-hidden="true">⟴</span> Pipeline Playground
        </h1>
        <p className="tagline">Airflow's ML producer → consumer pipeline, running in your browser</p>
        <nav className="tabs" aria-label="Views">
          <button type="button" aria-current={view === 'dag' ? 'page' : undefined} data-testid="tab-dags" onClick={() => store.setState({ view: 'dag' })}>
            DAGs
          </button>
          <button
            type="button"
            aria-current={view === 'datasets' ? 'page' : undefined}
            data-testid="tab-datasets"
            onClick={() => store.setState({ view: 'datasets' })}
          >
            Datasets
          </button>
          <NotificationsTab />
        </nav>
        <span className="status" data-testid="app-status" data-status={status}>
          {status === 'booting' ? 'starting…' : status === 'ready' ? 'ready' : 'failed'}
        </span>
      </header>
      {bootError && (
        <p className="banner error" role="alert">
          The playground could not start: {bootError}
        </p>
      )}
      {storageError && (
        <p className="banner error" role="alert" data-testid="storage-error">
          Storage error: {storageError}
        </p>
      )}
      <div className="app-body">
        <DagList />
        <main className="main">
          <MainView view={view} />
        </main>
      </div>
      <Toasts />
    </div>
  );
}
