import { deleteDB } from 'idb';
import type { RunId } from '../core/ids';
import { ALL_DAGS } from '../pipelines/allDags';
import { HOUSING_DATASETS } from '../pipelines/housing/datasets';
import { clientOf, DONE, refused, type PlaygroundClient } from '../runtime/commands/playgroundCommand';
import { schedulingTabHandlers } from '../runtime/commands/schedulingTabHandlers';
import type { SettingsChanger } from '../runtime/commands/settingsHandlers';
import { systemClock } from '../runtime/clock';
import { Coordinator } from '../runtime/coordinator';
import { DagImports, loadDagCatalog } from '../runtime/dagImports';
import { resetAllData, type ResetStatus } from '../runtime/resetAllData';
import { runtimeSettingsOf } from '../runtime/settings/urlSettings';
import { createTrySettings, type TrySettingsSources } from '../runtime/settings/trySettings';
import type { UserSettings } from '../runtime/settings/userSettings';
import { latencyOf } from '../runtime/speed';
import { openStorage, type Database, type StorageMode } from '../runtime/storage/database';
import { listDatasetVersions } from '../runtime/storage/datasets';
import { logsOfRun } from '../runtime/storage/logs';
import { readDagVersion } from '../runtime/storage/dagVersions';
import { schedulingTabReader } from '../runtime/schedulingTabReader';
import { loadSchedulerData } from '../runtime/storage/runs';
import type { StorageScope } from '../runtime/storageScope';
import type { SchedulingTab } from '../runtime/tabs/session';
import { mainThreadTaskStorage } from '../runtime/workers/taskStorage';
import { WorkerPool } from '../runtime/workers/workerPool';
import { connectCoordinator } from '../store/connectCoordinator';
import type { PlaygroundStore } from '../store/playgroundStore';
import { timedStage } from '../runtime/stageMarks';
import { openFirstInstallGate } from '../sw/firstInstallGate';
import { isUpdateResuming } from '../sw/updateStatus';
import { whenNoRunActive } from './whenSettled';
import { mirrorSourceOf } from './mirrorSource';

/** Where the playground reads its settings: the Settings page's store, with this page load's URL overrides. */
export interface BootSettings extends TrySettingsSources {
  /** Calls `listener` after each change; returns the unsubscribe. */
  subscribe(listener: (settings: UserSettings) => void): () => void;
  /** Forgets the stored settings (reset all data). */
  clearStored(): void;
  /** Changes them (the settings commands). */
  readonly changer: SettingsChanger;
}

/** What the page gets once this tab schedules: the session's part, and the database the Storage panel reads. */
export interface BootedPlayground extends SchedulingTab {
  readonly database: Database;
}

export interface BootEdges {
  readonly settings: BootSettings;
  /** Which database this page uses: the full app's, or an embed's own. */
  readonly scope: StorageScope;
  readonly storageMode?: StorageMode;
  /** The storage probe's open connection (startPlayground.tsx): used rather than opening another. */
  readonly connection?: Database;
  /** The probe's open created the database: nothing is stored yet, so the reads of what was stored are skipped. */
  readonly firstVisit?: boolean;
  /** Reset all data, as it goes (the Settings page shows it). */
  readonly onResetStatus: (status: ResetStatus) => void;
  /** Reset all data succeeded: every tab reloads, this one last. */
  readonly reloadAllTabs: () => void;
}

/**
 * Wires the real edges — IndexedDB, the worker pool, the system clock — fills the store with what was stored and
 * feeds it from the coordinator's notices; the commands of this tab, and of the tabs that mirror it, are carried out by
 * the scheduling tab's handlers (runtime/commands).
 */
export async function bootPlayground(store: PlaygroundStore, edges: BootEdges): Promise<BootedPlayground> {
  const { settings } = edges;
  // Where IndexedDB cannot be opened, everything lives in an in-memory database on this thread; the workers, which
  // cannot share it, read and write through the main thread.
  const { db, mode } = await timedStage('boot:open-storage', () =>
    openStorage(edges.scope.dbName, { ...(edges.storageMode ? { mode: edges.storageMode } : {}), ...(edges.connection ? { connection: edges.connection } : {}) }),
  );
  const inMemory = mode.kind === 'memory';
  store.setState({ memoryStorage: inMemory ? mode.reason : null });
  const pool = new WorkerPool(
    settings.current().poolSize,
    () => new Worker(new URL('../runtime/workers/task.worker.ts', import.meta.url), { type: 'module', name: 'task-worker' }),
    inMemory ? mainThreadTaskStorage(db) : undefined,
  );
  // DAGs imported earlier and files saved from the editor are kept in IndexedDB and scheduled again, after being
  // checked (files: read) again.
  const readDagFile = schedulingTabReader();
  // A database this page load created holds nothing: its reads are skipped. Otherwise the committed dataset versions
  // and the asset events are read beside the catalog and the coordinator's start: the versions listed are the
  // committed ones, which the coordinator's collection of staged junk leaves alone.
  const nothingStored = edges.firstVisit === true;
  const storedLists = nothingStored
    ? null
    : timedStage('boot:datasets-and-events', () => Promise.all([listDatasetVersions(db), loadSchedulerData(db)]));
  // Awaited below; a failure there fails the boot, not as an unhandled rejection meanwhile.
  storedLists?.catch(() => undefined);
  const catalog = await timedStage('boot:dag-catalog', () =>
    loadDagCatalog(db, ALL_DAGS, HOUSING_DATASETS, { read: readDagFile, now: systemClock.now, nothingStored }),
  );
  store.setState({ datasets: catalog.datasets, ...(catalog.storedImportError ? { storageError: catalog.storedImportError } : {}) });
  const coordinator = await timedStage('boot:coordinator', () => Coordinator.start({
    dags: catalog.dags,
    db,
    dbName: edges.scope.dbName,
    nothingStored,
    ...(inMemory ? { taskStorage: 'main-thread' as const } : {}),
    executor: pool,
    clock: systemClock,
    settings: runtimeSettingsOf(settings.current(), settings.baseUrl, settings.urlFaults()),
    trySettings: createTrySettings(settings),
    latency: () => latencyOf(settings.current().speed),
  }));
  // A new pool size applies at once: the pool grows or shrinks (running tries finish first) and so do the slots.
  settings.subscribe(({ poolSize }) => {
    if (poolSize === pool.size) return;
    pool.resize(poolSize);
    coordinator.setParallelism(poolSize);
  });
  if (storedLists) {
    const [datasetVersions, stored] = await storedLists;
    store.setState({ datasetVersions, datasetEvents: stored.events });
    if (stored.unreadable.length > 0) {
      const shown = stored.unreadable.slice(0, 3).join(' ');
      const more = stored.unreadable.length > 3 ? ` …and ${stored.unreadable.length - 3} more.` : '';
      const earlier = store.getState().storageError;
      store.setState({ storageError: `${earlier ? `${earlier} ` : ''}${shown}${more}` });
    }
  }
  connectCoordinator(store, coordinator, db);
  window.addEventListener('pagehide', () => {
    pool.terminate();
    readDagFile.dispose();
  });
  // The workers start once the page is idle after boot, so that the first Trigger does not pay for creating them; once
  // they have warmed up and no run is active, a first visit's service worker may install (sw/firstInstallGate.ts).
  // Not on a load that only waits for a new version to take over (it reloads within seconds; see isUpdateResuming).
  (typeof requestIdleCallback === 'function' ? requestIdleCallback : (fn: () => void) => setTimeout(fn, 200))(() => {
    if (isUpdateResuming()) return;
    void pool
      .prewarm()
      .then(() => whenNoRunActive(coordinator))
      .then(openFirstInstallGate);
  });
  const dagImports = new DagImports(db, coordinator, ALL_DAGS, HOUSING_DATASETS, catalog.imports, systemClock.now, {
    authored: catalog.authored,
    read: readDagFile,
  });
  const client: PlaygroundClient = clientOf(
    schedulingTabHandlers({
      coordinator,
      dagImports,
      settings: settings.changer,
      runLogs: (runId: RunId) => logsOfRun(db, runId),
      dagVersion: (dagId, version) => readDagVersion(db, dagId, version),
      catalogChanged: ({ datasets }) => store.setState({ datasets }),
      async resetAllData() {
        let failure = 'Nothing was reset.';
        const done = await resetAllData(
          {
            async stopWork() {
              coordinator.close();
              pool.terminate();
              await coordinator.flush();
            },
            closeDatabase: () => db.close(),
            deleteDatabase: (onBlocked) => deleteDB(edges.scope.dbName, { blocked: onBlocked }),
            clearSettings: () => settings.clearStored(),
            reload: edges.reloadAllTabs,
          },
          (status) => {
            if (status.phase === 'failed') failure = status.message;
            edges.onResetStatus(status);
          },
        );
        return done ? DONE : refused(failure);
      },
    }),
  );
  // The views show a state once it is stored: a command answers after that, so the tab that asked (this one or a
  // mirroring one) already shows what it changed — the run it created — when the answer arrives.
  const answered: PlaygroundClient = {
    async execute(command) {
      const result = await client.execute(command);
      if (command.type !== 'resetAllData') await coordinator.flush();
      return result;
    },
  };
  return { client: answered, mirror: mirrorSourceOf(store, coordinator), database: db };
}
