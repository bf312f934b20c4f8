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
import { loadSchedulerData } from '../runtime/storage/runs';
import { DEFAULT_DB_NAME } from '../runtime/storage/schema';
import type { SchedulingTab } from '../runtime/tabs/session';
import { mainThreadTaskStorage } from '../runtime/workers/taskStorage';
import { WorkerPool } from '../runtime/workers/workerPool';
import { connectCoordinator } from '../store/connectCoordinator';
import type { PlaygroundStore } from '../store/playgroundStore';
import { timedStage } from '../runtime/stageMarks';
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
  readonly storageMode?: StorageMode;
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
    openStorage(DEFAULT_DB_NAME, edges.storageMode ? { mode: edges.storageMode } : {}),
  );
  const inMemory = mode.kind === 'memory';
  store.setState({ memoryStorage: inMemory ? mode.reason : null });
  const pool = new WorkerPool(
    settings.current().poolSize,
    () => new Worker(new URL('../runtime/workers/task.worker.ts', import.meta.url), { type: 'module', name: 'task-worker' }),
    inMemory ? mainThreadTaskStorage(db) : undefined,
  );
  // DAGs imported earlier are kept in IndexedDB and scheduled again, after being checked again.
  const catalog = await timedStage('boot:dag-catalog', () => loadDagCatalog(db, ALL_DAGS, HOUSING_DATASETS));
  store.setState({ datasets: catalog.datasets, ...(catalog.storedImportError ? { storageError: catalog.storedImportError } : {}) });
  const coordinator = await timedStage('boot:coordinator', () => Coordinator.start({
    dags: catalog.dags,
    db,
    dbName: DEFAULT_DB_NAME,
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
  const [datasetVersions, stored] = await timedStage('boot:datasets-and-events', () =>
    Promise.all([listDatasetVersions(db), loadSchedulerData(db)]),
  );
  store.setState({ datasetVersions, datasetEvents: stored.events });
  connectCoordinator(store, coordinator, db);
  window.addEventListener('pagehide', () => pool.terminate());
  // The workers start once the page is idle after boot, so that the first Trigger does not pay for creating them.
  (typeof requestIdleCallback === 'function' ? requestIdleCallback : (fn: () => void) => setTimeout(fn, 200))(() => pool.prewarm());
  const dagImports = new DagImports(db, coordinator, ALL_DAGS, HOUSING_DATASETS, catalog.imports, systemClock.now);
  const client: PlaygroundClient = clientOf(
    schedulingTabHandlers({
      coordinator,
      dagImports,
      settings: settings.changer,
      runLogs: (runId: RunId) => logsOfRun(db, runId),
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
            deleteDatabase: (onBlocked) => deleteDB(DEFAULT_DB_NAME, { blocked: onBlocked }),
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
  return { client, mirror: mirrorSourceOf(store, coordinator), database: db };
}
