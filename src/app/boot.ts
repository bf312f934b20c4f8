import { ALL_DAGS } from '../pipelines/allDags';
import { HOUSING_DATASETS } from '../pipelines/housing/datasets';
import { connectCoordinator } from '../store/connectCoordinator';
import { mergeLogLines, type PlaygroundStore } from '../store/playgroundStore';
import type { RunId } from '../core/ids';
import type { LogLine } from '../core/logLine';
import { logsOfRun } from '../runtime/storage/logs';
import { systemClock } from '../runtime/clock';
import { Coordinator } from '../runtime/coordinator';
import { DagImports, loadDagCatalog, type ImportOutcome } from '../runtime/dagImports';
import { resetAllData, type ResetStatus } from '../runtime/resetAllData';
import { runtimeSettingsOf } from '../runtime/settings/urlSettings';
import { latencyOf } from '../runtime/speed';
import { deleteDB } from 'idb';
import { openStorage, type StorageMode } from '../runtime/storage/database';
import { listDatasetVersions } from '../runtime/storage/datasets';
import { loadSchedulerData } from '../runtime/storage/runs';
import { DEFAULT_DB_NAME } from '../runtime/storage/schema';
import { mainThreadTaskStorage } from '../runtime/workers/taskStorage';
import { createTrySettings, type TrySettingsSources } from '../runtime/settings/trySettings';
import type { UserSettings } from '../runtime/settings/userSettings';
import { WorkerPool } from '../runtime/workers/workerPool';

/** Where the playground reads its settings: the Settings page's store, with this page load's URL overrides. */
export interface BootSettings extends TrySettingsSources {
  /** Calls `listener` after each change; returns the unsubscribe. */
  subscribe(listener: (settings: UserSettings) => void): () => void;
  /** Forgets the stored settings (reset all data). */
  clearStored(): void;
}

export interface Playground {
  readonly coordinator: Coordinator;
  /** Loads a past run's logs from IndexedDB into the store (live runs stream theirs). */
  loadRunLogs(runId: RunId): Promise<void>;
  /** A run's stored log lines (what a mirroring tab asks for: it does not open IndexedDB itself). */
  runLogs(runId: RunId): Promise<LogLine[]>;
  /** Adds or replaces DAGs from a DAG document's text (checked whole first: a refused file changes nothing). */
  importDags(text: string): Promise<ImportOutcome>;
  /** Back to the built-in DAGs only; the runs of the removed DAGs stay stored. */
  resetDags(): Promise<ImportOutcome>;
}

/** What bootPlayground gives the page's entry besides what the tab session needs. */
export interface BootedPlayground extends Playground {
  /** Deletes everything this playground stored, then reloads the page (see resetAllData). */
  resetAllData(report: (status: ResetStatus) => void): Promise<boolean>;
}

/** Wires the real edges — IndexedDB, the worker pool, the system clock — and fills the store with what was stored. */
export async function bootPlayground(store: PlaygroundStore, settings: BootSettings, storageMode?: StorageMode): Promise<BootedPlayground> {
  // Where IndexedDB cannot be opened, everything lives in an in-memory database on this thread; the workers, which
  // cannot share it, read and write through the main thread.
  const { db, mode } = await openStorage(DEFAULT_DB_NAME, storageMode ? { mode: storageMode } : {});
  const inMemory = mode.kind === 'memory';
  store.setState({ memoryStorage: inMemory ? mode.reason : null });
  const pool = new WorkerPool(
    settings.current().poolSize,
    () => new Worker(new URL('../runtime/workers/task.worker.ts', import.meta.url), { type: 'module', name: 'task-worker' }),
    inMemory ? mainThreadTaskStorage(db) : undefined,
  );
  // DAGs imported earlier are kept in IndexedDB and scheduled again, after being checked again.
  const catalog = await loadDagCatalog(db, ALL_DAGS, HOUSING_DATASETS);
  store.setState({ datasets: catalog.datasets, ...(catalog.storedImportError ? { storageError: catalog.storedImportError } : {}) });
  const coordinator = await Coordinator.start({
    dags: catalog.dags,
    db,
    dbName: DEFAULT_DB_NAME,
    ...(inMemory ? { taskStorage: 'main-thread' as const } : {}),
    executor: pool,
    clock: systemClock,
    settings: runtimeSettingsOf(settings.current(), settings.baseUrl, settings.urlFaults()),
    trySettings: createTrySettings(settings),
    latency: () => latencyOf(settings.current().speed),
  });
  // A new pool size applies at once: the pool grows or shrinks (running tries finish first) and so do the slots.
  settings.subscribe(({ poolSize }) => {
    if (poolSize === pool.size) return;
    pool.resize(poolSize);
    coordinator.setParallelism(poolSize);
  });
  const [datasetVersions, stored] = await Promise.all([listDatasetVersions(db), loadSchedulerData(db)]);
  store.setState({ datasetVersions, datasetEvents: stored.events });
  connectCoordinator(store, coordinator, db);
  window.addEventListener('pagehide', () => pool.terminate());
  // The workers start once the page is idle after boot, so that the first Trigger does not pay for creating them.
  (typeof requestIdleCallback === 'function' ? requestIdleCallback : (fn: () => void) => setTimeout(fn, 200))(() => pool.prewarm());
  const imports = new DagImports(db, coordinator, ALL_DAGS, HOUSING_DATASETS, catalog.imports, systemClock.now);
  const applyCatalog = (outcome: ImportOutcome) => {
    if (outcome.ok) store.setState({ dags: outcome.dags, datasets: outcome.datasets });
    return outcome;
  };
  const loaded = new Set<RunId>();
  return {
    coordinator,
    async loadRunLogs(runId) {
      if (loaded.has(runId)) return;
      loaded.add(runId);
      const lines = await logsOfRun(db, runId);
      // Lines that streamed in meanwhile are already in the store; keep each (run, task, try, seq) once.
      store.setState((state) => mergeLogLines(state, lines));
    },
    runLogs: (runId) => logsOfRun(db, runId),
    importDags: (text) => imports.importText(text).then(applyCatalog),
    resetDags: () => imports.reset().then(applyCatalog),
    resetAllData: (report) =>
      resetAllData(
        {
          async stopWork() {
            coordinator.close();
            pool.terminate();
            await coordinator.flush();
          },
          closeDatabase: () => db.close(),
          deleteDatabase: (onBlocked) => deleteDB(DEFAULT_DB_NAME, { blocked: onBlocked }),
          clearSettings: () => settings.clearStored(),
          reload: () => window.location.reload(),
        },
        report,
      ),
  };
}
