import { assertNever } from '../core/states';
import type { TabRole, View } from '../store/playgroundStore';
import { DagList } from './dags/DagList';
import { DagView } from './dags/DagView';
import { DatasetsView } from './datasets/DatasetsView';
import { NotificationLog } from './notifications/NotificationLog';
import { NotificationsTab } from './notifications/NotificationsTab';
import { Toasts } from './notifications/Toasts';
import { usePlayground, usePlaygroundStore } from './PlaygroundContext';
import { SettingsBanner } from './SettingsBanner';

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

/** Which tab runs the scheduler, when several are open: one schedules, the others mirror it live. */
function TabRoleStatus({ role, inMemory }: { role: TabRole; inMemory: boolean }) {
  // Short enough for the header at 1280 px; the full explanation is the tooltip (and, in memory mode, the banner).
  const [text, detail] =
    role === 'follower'
      ? ['Mirroring another tab', 'Another tab is scheduling; this one mirrors it live and forwards what you click.']
      : role === 'leader'
        ? ['This tab schedules', 'Other tabs of the playground mirror this one.']
        : inMemory
          ? ['This tab schedules alone', 'Its data is in memory, not shared with other tabs.']
          : ['This tab schedules alone', 'This browser cannot share one scheduler between tabs: each tab schedules on its own.'];
  return (
    <span className="status" role="status" data-testid="tab-role" data-role={role === 'follower' ? 'follower' : 'leader'} title={detail}>
      {text}
    </span>
  );
}

/** Wires the feature views; owns no state of its own. */
export function App() {
  const store = usePlaygroundStore();
  const view = usePlayground((s) => s.view);
  const status = usePlayground((s) => s.status);
  const bootError = usePlayground((s) => s.bootError);
  const storageError = usePlayground((s) => s.storageError);
  const tabRole = usePlayground((s) => s.tabRole);
  const memoryStorage = usePlayground((s) => s.memoryStorage);

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
        {tabRole && <TabRoleStatus role={tabRole} inMemory={memoryStorage !== null} />}
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
      {memoryStorage !== null && (
        <p className="banner warning" role="status" data-testid="memory-banner">
          This browser would not let the playground use IndexedDB ({memoryStorage}), so its data is kept in memory only,
          for this page: it will be gone when you reload or close it.
        </p>
      )}
      <SettingsBanner />
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
