import { assertNever } from '../core/states';
import type { TabRole, View } from '../store/playgroundStore';
import { DagList } from './dags/DagList';
import { DagsPage, DagView, DatasetsView, EditorPage, LessonsPage, ModelPage, NotificationLog, SettingsPage } from './pages';
import { NotificationsTab } from './notifications/NotificationsTab';
import { Toasts } from './notifications/Toasts';
import { usePlayground, usePlaygroundStore } from './PlaygroundContext';
import { SettingsBanner } from './SettingsBanner';
import { UpdatePrompt } from './UpdatePrompt';

function MainView({ view }: { view: View }) {
  switch (view) {
    case 'dags':
      return <DagsPage />;
    case 'dag':
      return <DagView />;
    case 'model':
      return <ModelPage />;
    case 'settings':
      return <SettingsPage />;
    case 'datasets':
      return <DatasetsView />;
    case 'notifications':
      return <NotificationLog />;
    case 'editor':
      return <EditorPage />;
    case 'lessons':
      return <LessonsPage />;
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

interface NavTabProps {
  view: View;
  current: boolean;
  testId: string;
  label: string;
  /** A lazy page starts loading as the pointer or the focus reaches its tab, before the click. */
  page?: { preload: () => Promise<void> };
}

function NavTab({ view, current, testId, label, page }: NavTabProps) {
  const store = usePlaygroundStore();
  const preload = page ? () => void page.preload().catch(() => undefined) : undefined;
  return (
    <button
      type="button"
      aria-current={current ? 'page' : undefined}
      data-testid={testId}
      onClick={() => store.setState({ view })}
      onPointerEnter={preload}
      onFocus={preload}
    >
      {label}
    </button>
  );
}

/** Wires the feature views; owns no state of its own. */
export function App() {
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
          <NavTab view="dags" current={view === 'dags' || view === 'dag'} testId="tab-dags" label="DAGs" />
          <NavTab view="editor" current={view === 'editor'} testId="nav-editor" label="Editor" page={EditorPage} />
          <NavTab view="lessons" current={view === 'lessons'} testId="nav-lessons" label="Lessons" page={LessonsPage} />
          <NavTab view="datasets" current={view === 'datasets'} testId="tab-datasets" label="Assets" page={DatasetsView} />
          <NavTab view="model" current={view === 'model'} testId="tab-model" label="Model" page={ModelPage} />
          <NotificationsTab />
          <NavTab view="settings" current={view === 'settings'} testId="tab-settings" label="Settings" page={SettingsPage} />
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
      <UpdatePrompt />
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
