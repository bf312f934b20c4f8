import type { SchedulerCheckpoint } from '../../core/schedulerState';
import type { DagId, DatasetId, DatasetVersionId, RunId } from '../../core/ids';
import { isRunFinished, isTaskFinished } from '../../core/states';
import type { Database } from './database';
import type { DatasetEventSource } from '../../core/model';
import { isCommitted, newestFirst, withDefaults } from './datasets';
import type { DatasetVersionMeta } from '../../core/records';
import { isModelCommitted } from './models';
import type { StoredRun } from './schema';
import { deleteVersionColumns } from './versionParts';
import { runBlocks } from './taskBlocks';

/** The meta store's key for the scheduler checkpoint (runs.ts writes it). */
const CHECKPOINT_KEY = 'scheduler';

export interface CollectOptions {
  /**
   * True when no try can be running: at start-up, before the coordinator fails the tries that were in flight when
   * the page went away (it fails them right after, so their staged versions are junk). Left false, a staged version
   * of a try that storage still shows queued or running is kept: its worker may be about to finish.
   */
  readonly noTryInFlight?: boolean;
}

export interface CollectResult {
  readonly deleted: readonly DatasetVersionMeta[];
  /** Ids of the staged models deleted: their try will never succeed (or succeeded without committing them). */
  readonly deletedModels: readonly string[];
  /** Staged versions kept because their try may still finish. */
  readonly kept: readonly DatasetVersionId[];
}

/**
 * Deletes staged versions (metadata and columns, every part of them) and staged models that can never be committed: their try ended
 * without success, or ended in success without committing them (marked by hand, not an outlet), or their run or task
 * is gone. The boot calls it once before the scheduler starts; the Storage panel's clean-up calls it too.
 */
export async function collectStagedVersions(db: Database, options: CollectOptions = {}): Promise<CollectResult> {
  const tx = db.transaction(['datasetVersions', 'datasetColumns', 'models', 'runs', 'taskBlocks'], 'readwrite');
  const versions = tx.objectStore('datasetVersions');
  const models = tx.objectStore('models');
  const isJunk = async ({ runId, taskId, tryNumber }: DatasetEventSource): Promise<boolean> => {
    const run = await tx.objectStore('runs').get(runId);
    const blocks = run ? await tx.objectStore('taskBlocks').getAll(runBlocks(runId)) : [];
    const ti = blocks.flatMap((block) => block.tasks).find((t) => t.taskId === taskId);
    if (!run || !ti) return true;
    const attempt = ti.tries.find((t) => t.tryNumber === tryNumber);
    if (attempt) return isTaskFinished(attempt.state) || options.noTryInFlight === true;
    return ti.tryNumber > tryNumber || isRunFinished(run.state) || options.noTryInFlight === true;
  };
  const staged = (await versions.getAll()).filter((meta) => !isCommitted(meta));
  const deleted: DatasetVersionMeta[] = [];
  const kept: DatasetVersionId[] = [];
  for (const meta of staged) {
    if (await isJunk(meta.producedBy)) {
      deleted.push(withDefaults(meta));
      await Promise.all([versions.delete(meta.id), ...deleteVersionColumns(tx.objectStore('datasetColumns'), meta.id)]);
    } else {
      kept.push(meta.id);
    }
  }
  const deletedModels: string[] = [];
  for (const model of (await models.getAll()).filter((m) => !isModelCommitted(m))) {
    if (!(await isJunk(model.producedBy))) continue;
    deletedModels.push(model.id);
    await models.delete(model.id);
  }
  await tx.done;
  return { deleted, deletedModels, kept };
}

export interface RetentionOptions {
  /** Committed versions kept per dataset, newest first (at least 1: the newest is always kept). */
  readonly keepVersions: number;
  /** Finished runs kept per DAG, newest first; older ones go with their task instances, logs and outputs. Unset: all kept. */
  readonly keepRuns?: number;
  /**
   * Finished runs per DAG whose task outputs (the intermediate tables handed between tasks, MBs each) are kept, for
   * clearing a task of a recent run. Defaults to keepRuns, else keepVersions. Outputs of active runs always stay.
   */
  readonly keepTaskOutputsOfRuns?: number;
}

export interface RetentionResult {
  readonly deletedVersions: readonly DatasetVersionId[];
  /** Bytes of column data the deleted versions held. */
  readonly freedBytes: number;
  readonly deletedRuns: readonly RunId[];
  readonly deletedTaskOutputs: number;
  readonly deletedLogLines: number;
  /** Old versions kept anyway because a waiting or running consumer will read them. */
  readonly protectedVersions: readonly DatasetVersionId[];
}

/**
 * Deletes the oldest committed versions of each dataset beyond `keepVersions`, with their columns — never one that a
 * consumer's queued event or an active run's triggering event points to — and, optionally, old finished runs with
 * everything stored per run, and the task outputs of finished runs older than the kept ones. One transaction: a
 * clean-up interrupted half-way leaves nothing half-deleted. Staged versions are collectStagedVersions' business.
 *
 * Runs deleted here stay in a running scheduler's memory (and on screen) until the page reloads.
 */
export async function applyRetention(db: Database, options: RetentionOptions): Promise<RetentionResult> {
  const keepVersions = Math.max(1, Math.floor(options.keepVersions));
  const keepRuns = options.keepRuns === undefined ? undefined : Math.max(0, Math.floor(options.keepRuns));
  const keepOutputs = Math.max(0, Math.floor(options.keepTaskOutputsOfRuns ?? keepRuns ?? keepVersions));

  const tx = db.transaction(
    ['datasetVersions', 'datasetColumns', 'runs', 'taskBlocks', 'logs', 'taskOutputs', 'meta'],
    'readwrite',
  );
  const [checkpoint, runs, metas] = await Promise.all([
    tx.objectStore('meta').get(CHECKPOINT_KEY) as Promise<SchedulerCheckpoint | undefined>,
    tx.objectStore('runs').getAll(),
    tx.objectStore('datasetVersions').getAll(),
  ]);

  // What consumers still need: the events queued for dataset-scheduled DAGs, and the events active runs read.
  const needed = new Set<DatasetVersionId>();
  for (const queue of Object.values(checkpoint?.datasetQueues ?? {})) {
    for (const event of Object.values(queue ?? {})) if (event?.versionId) needed.add(event.versionId);
  }
  for (const run of runs) {
    if (isRunFinished(run.state)) continue;
    for (const event of run.triggeringEvents) if (event.versionId) needed.add(event.versionId);
  }

  const byDataset = new Map<DatasetId, DatasetVersionMeta[]>();
  for (const meta of metas) {
    if (!isCommitted(meta)) continue;
    const list = byDataset.get(meta.datasetId);
    if (list) list.push(meta);
    else byDataset.set(meta.datasetId, [meta]);
  }
  const deletedVersions: DatasetVersionId[] = [];
  const protectedVersions: DatasetVersionId[] = [];
  let freedBytes = 0;
  const deletes: Promise<unknown>[] = [];
  // Deletes are awaited together at the end; one failing meanwhile aborts the transaction, and tx.done reports it.
  const track = (...requests: Promise<unknown>[]) => {
    for (const request of requests) {
      request.catch(() => undefined); // handled here; Promise.all below still sees the rejection
      deletes.push(request);
    }
  };
  for (const list of byDataset.values()) {
    list.sort(newestFirst);
    for (const meta of list.slice(keepVersions)) {
      if (needed.has(meta.id)) {
        protectedVersions.push(meta.id);
        continue;
      }
      deletedVersions.push(meta.id);
      freedBytes += meta.byteSize;
      track(tx.objectStore('datasetVersions').delete(meta.id), ...deleteVersionColumns(tx.objectStore('datasetColumns'), meta.id));
    }
  }

  // Finished runs per DAG, newest first: which go entirely, and which lose their task outputs.
  const finishedByDag = new Map<DagId, StoredRun[]>();
  for (const run of runs) {
    if (!isRunFinished(run.state)) continue;
    const list = finishedByDag.get(run.dagId);
    if (list) list.push(run);
    else finishedByDag.set(run.dagId, [run]);
  }
  const dropRuns = new Set<RunId>();
  const dropOutputs = new Set<RunId>();
  for (const list of finishedByDag.values()) {
    list.sort((a, b) => b.seq - a.seq);
    if (keepRuns !== undefined) for (const run of list.slice(keepRuns)) dropRuns.add(run.id);
    for (const run of list.slice(keepOutputs)) dropOutputs.add(run.id);
  }
  const known = new Set(runs.map((run) => run.id));

  let deletedLogLines = 0;
  for (const runId of dropRuns) {
    const logKeys = await tx.objectStore('logs').index('byRun').getAllKeys(runId);
    deletedLogLines += logKeys.length;
    track(tx.objectStore('runs').delete(runId));
    track(tx.objectStore('taskBlocks').delete(runBlocks(runId)));
    for (const key of logKeys) track(tx.objectStore('logs').delete(key));
  }

  // Task outputs of dropped runs, of runs past the outputs limit, and of runs no longer stored at all.
  let deletedTaskOutputs = 0;
  let cursor = await tx.objectStore('taskOutputs').index('byRun').openKeyCursor();
  while (cursor) {
    const runId = cursor.key as RunId;
    if (dropRuns.has(runId) || dropOutputs.has(runId) || !known.has(runId)) {
      deletedTaskOutputs++;
      track(tx.objectStore('taskOutputs').delete(cursor.primaryKey));
    }
    cursor = await cursor.continue();
  }

  await Promise.all([...deletes, tx.done]);
  return {
    deletedVersions,
    freedBytes,
    deletedRuns: [...dropRuns],
    deletedTaskOutputs,
    deletedLogLines,
    protectedVersions,
  };
}

export interface StorageSummary {
  readonly versions: number;
  readonly versionBytes: number;
  readonly stagedVersions: number;
  readonly taskOutputs: number;
  readonly runs: number;
  readonly models: number;
}

/** Counts for the Storage panel: metadata and counts only, no columns read. */
export async function storageSummary(db: Database): Promise<StorageSummary> {
  const tx = db.transaction(['datasetVersions', 'taskOutputs', 'runs', 'models'], 'readonly');
  const [metas, taskOutputs, runs, models] = await Promise.all([
    tx.objectStore('datasetVersions').getAll(),
    tx.objectStore('taskOutputs').count(),
    tx.objectStore('runs').count(),
    tx.objectStore('models').getAll(),
  ]);
  await tx.done;
  const committed = metas.filter(isCommitted);
  return {
    versions: committed.length,
    versionBytes: committed.reduce((sum, meta) => sum + meta.byteSize, 0),
    stagedVersions: metas.length - committed.length,
    taskOutputs,
    runs,
    models: models.filter(isModelCommitted).length,
  };
}
