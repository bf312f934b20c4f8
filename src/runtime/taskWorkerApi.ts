import { toErrorInfo, type JsonValue } from '../core/json';
import type { LogLevel } from '../core/logLine';
import type { DatasetOutput } from '../core/model';
import { datasetId as toDatasetId, type DatasetVersionId, type TaskId } from '../core/ids';
import type { TaskRegistry } from '../pipelines/registry';
import type { TaskContext } from '../pipelines/taskContext';
import { tryKey, type TaskLogSink, type TaskRequest, type TaskResult, type TaskWorkerApi } from './protocol';
import { openDatabase, type Database } from './storage/database';
import { latestVersionOf, readDatasetVersion, writeDatasetVersion } from './storage/datasets';
import { loadModel } from './storage/models';
import type { Lineage } from './storage/schema';
import { readTaskOutputWithLineage, writeTaskOutput } from './storage/taskOutputs';

export interface TaskWorkerApiOptions {
  /** How the worker opens a database by name; tests pass one that fails writes on demand (a full disk). */
  readonly openDatabase?: (name: string) => Promise<Database>;
}

/**
 * The worker side of the protocol, independent of `self` so tests can expose it over a MessageChannel in-thread.
 * A task's exceptions become a `failed` result with {name, message, stack}; they never escape as a rejected call.
 */
export function createTaskWorkerApi(
  registry: TaskRegistry,
  now: () => number = () => Date.now(),
  options: TaskWorkerApiOptions = {},
): TaskWorkerApi {
  const open = options.openDatabase ?? ((name: string) => openDatabase(name));
  const databases = new Map<string, Promise<Database>>();
  const database = (name: string) => {
    let db = databases.get(name);
    if (!db) databases.set(name, (db = open(name)));
    return db;
  };

  let sink: TaskLogSink | null = null;

  return {
    connect(logSink) {
      sink = logSink;
    },
    async runTask(request: TaskRequest): Promise<TaskResult> {
      // Log calls are fire-and-forget for speed, but the last one is awaited before the result is returned, so the
      // main thread has every line of a try before it hears that the try ended (same channel, so same order).
      const key = tryKey(request);
      let lastLog: unknown = undefined;
      const emit = (level: LogLevel) => (message: string) => {
        lastLog = sink?.log(key, level, message);
      };
      const log = { debug: emit('debug'), info: emit('info'), warning: emit('warning'), error: emit('error') };
      const outputs: DatasetOutput[] = [];
      let db: Database | null = null;
      try {
        const load = registry[request.dagId]?.[request.taskId];
        if (!load) throw new Error(`No code registered for task "${request.taskId}" of DAG "${request.dagId}".`);
        const [task, opened] = await Promise.all([load(), database(request.dbName)]);
        db = opened;
        const source = {
          dagId: request.dagId,
          runId: request.runId,
          taskId: request.taskId,
          tryNumber: request.tryNumber,
        };
        // Lineage: everything this try reads, directly or through an upstream task's output.
        const inputs = new Set<DatasetVersionId>();
        const upstreamOutputs = new Set<TaskId>();
        const models = new Set<string>();
        const lineage = (): Lineage => ({ inputs: [...inputs], upstreamOutputs: [...upstreamOutputs], models: [...models] });
        const context: TaskContext = {
          ...source,
          params: request.params,
          settings: request.settings,
          triggeringEvents: request.triggeringEvents,
          log,
          db: opened,
          now,
          upstreamResult(taskId) {
            const value = request.upstreamResults[taskId];
            if (value === undefined) throw new Error(`Upstream task "${taskId}" returned no value in this run.`);
            return value;
          },
          async readUpstreamOutput(taskId) {
            const { table, lineage: inherited } = await readTaskOutputWithLineage(opened, request.runId, taskId as TaskId);
            upstreamOutputs.add(taskId as TaskId);
            for (const id of inherited.inputs) inputs.add(id);
            for (const id of inherited.models) models.add(id);
            return table;
          },
          writeOutput: (table) => writeTaskOutput(opened, request.runId, request.taskId, table, lineage()),
          async inputVersion(datasetId) {
            const event = request.triggeringEvents.find((e) => e.datasetId === datasetId);
            if (event?.versionId) {
              inputs.add(event.versionId);
              return event.versionId;
            }
            const latest = await latestVersionOf(opened, datasetId);
            if (!latest) {
              throw new Error(`No version of dataset "${datasetId}" is stored yet: run the DAG that produces it first.`);
            }
            log.info(`Not triggered by a ${datasetId} event: using the newest stored version, ${latest.id}.`);
            inputs.add(latest.id);
            return latest.id;
          },
          async readDatasetVersion(versionId) {
            const table = await readDatasetVersion(opened, versionId);
            inputs.add(versionId);
            return table;
          },
          async loadModel(modelId) {
            const model = await loadModel(opened, modelId);
            models.add(modelId);
            return model;
          },
          async writeDataset(datasetId, table, extra = {}) {
            const meta = await writeDatasetVersion(opened, toDatasetId(datasetId), table, source, now(), { lineage: lineage() });
            const output: DatasetOutput = {
              datasetId: meta.datasetId,
              versionId: meta.id,
              extra: {
                rowCount: meta.rowCount,
                columns: table.names.length,
                schemaHash: meta.schemaHash,
                contentHash: meta.contentHash,
                ...extra,
              },
            };
            outputs.push(output);
            return output;
          },
        };
        const returned = await task(context);
        await lastLog;
        return returned === undefined
          ? { type: 'success', outputs }
          : { type: 'success', outputs, returnValue: returned as JsonValue };
      } catch (error) {
        const info = toErrorInfo(error);
        log.error(`${info.name}: ${info.message}`);
        // The versions this try staged will never get an event: drop them now (the boot's collection would later).
        if (db && outputs.length > 0) await discardStaged(db, outputs.map((o) => o.versionId));
        await lastLog;
        return { type: 'failed', error: info };
      }
    },
  };
}

/** Best effort: a failure here only leaves junk for collectStagedVersions. Committed versions are never touched. */
async function discardStaged(db: Database, ids: readonly DatasetVersionId[]): Promise<void> {
  try {
    const tx = db.transaction(['datasetVersions', 'datasetColumns'], 'readwrite');
    const done = tx.done;
    done.catch(() => undefined);
    for (const id of ids) {
      const meta = await tx.objectStore('datasetVersions').get(id);
      if (meta && meta.committed === false) {
        await Promise.all([tx.objectStore('datasetVersions').delete(id), tx.objectStore('datasetColumns').delete(id)]);
      }
    }
    await done;
  } catch {
    // Left for collectStagedVersions.
  }
}
