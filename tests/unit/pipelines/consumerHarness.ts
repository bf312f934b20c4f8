import { type ColumnTable } from '../../../src/core/columns';
import { dagId, type RunId } from '../../../src/core/ids';
import type { JsonValue } from '../../../src/core/json';
import type { DagRun } from '../../../src/core/model';
import type { Notification } from '../../../src/core/notification';
import type { TrainingProgress } from '../../../src/core/training';
import { ML_BATCH_PREDICT, ML_CONSUMER } from '../../../src/pipelines/housing/dags';
import { BUILT_FEATURES } from '../../../src/pipelines/housing/datasets';
import { buildFeatureTable } from '../../../src/pipelines/ml/featureTable';
import { housingTaskRegistry } from '../../../src/pipelines/registry';
import { FakeClock } from '../../../src/runtime/clock';
import { Coordinator } from '../../../src/runtime/coordinator';
import { commitDatasetVersion, writeDatasetVersion } from '../../../src/runtime/storage/datasets';
import { createPlaygroundStore } from '../../../src/store/playgroundStore';
import { applyNotice } from '../../../src/store/applyNotice';
import { idle } from '../runtime/idle';
import { InThreadExecutor } from '../runtime/inThreadExecutor';
import { openTestDatabase } from '../runtime/testDb';

/**
 * The real consumer DAGs (ml_consumer, ml_batch_predict) with their real tasks, through the real coordinator and worker
 * API in this thread, tfjs' cpu backend and fake-indexeddb: what a consumer run does with a given built_features table.
 * `cleanups` collects what the caller's afterEach must run.
 */
export async function startConsumer(cleanups: (() => Promise<void>)[]) {
  const opened = await openTestDatabase();
  cleanups.push(opened.close);
  const clock = new FakeClock(1_000_000);
  const coordinator = await Coordinator.start({
    dags: [ML_CONSUMER, ML_BATCH_PREDICT],
    db: opened.db,
    dbName: opened.name,
    executor: new InThreadExecutor(housingTaskRegistry, {}, () => clock.now()),
    clock,
    settings: { backend: 'cpu', seed: 42, baseUrl: 'http://localhost/' },
  });
  const store = createPlaygroundStore([ML_CONSUMER, ML_BATCH_PREDICT], []);
  const notifications: Notification[] = [];
  const progress: { key: string; progress: TrainingProgress }[] = [];
  coordinator.subscribe((notice) => {
    applyNotice(store, notice);
    if (notice.type === 'notification') notifications.push(notice.notification);
    if (notice.type === 'training_progress') progress.push({ key: notice.tryKey, progress: notice.progress });
  });
  let seq = 0;
  /** Stores a built_features version as featurize would, and records its event (which triggers the consumer). */
  const publish = async (table: ColumnTable, { event = true } = {}) => {
    const { table: features, stats } = buildFeatureTable(table);
    clock.advance(1_000);
    const source = { dagId: dagId('ml_producer'), runId: `manual-${++seq}` as RunId, taskId: 'featurize' as never, tryNumber: 1 };
    const meta = await writeDatasetVersion(opened.db, BUILT_FEATURES, features, source, clock.now());
    await commitDatasetVersion(opened.db, meta.id);
    if (event) await coordinator.createDatasetEvent(BUILT_FEATURES, { featureStats: stats as unknown as JsonValue });
    await idle(coordinator);
    return meta.id;
  };
  const lastRun = (dag: string): DagRun =>
    Object.values(coordinator.snapshot.runs)
      .filter((r) => r.dagId === dag)
      .sort((a, b) => b.seq - a.seq)[0]!;
  const result = (run: DagRun, task: string) => run.tasks.find((t) => t.taskId === task)?.returnValue as Record<string, JsonValue>;
  const logOf = (run: DagRun, task: string, tryNumber = 1) => store.getState().logs[`${run.id}/${task}/${tryNumber}`] ?? [];
  return { db: opened.db, coordinator, store, notifications, progress, publish, lastRun, result, logOf, clock };
}
