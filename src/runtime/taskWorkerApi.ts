import { toErrorInfo, type JsonValue } from '../core/json';
import type { LogLevel } from '../core/logLine';
import type { DatasetOutput } from '../core/model';
import { datasetId as toDatasetId } from '../core/ids';
import type { TaskRegistry } from '../pipelines/registry';
import type { TaskContext } from '../pipelines/taskContext';
import { tryKey, type TaskLogSink, type TaskRequest, type TaskResult, type TaskWorkerApi } from './protocol';
import { openDatabase, type Database } from './storage/database';
import { latestVersionOf, readDatasetVersion, writeDatasetVersion } from './storage/datasets';
import { readTaskOutput, writeTaskOutput } from './storage/taskOutputs';

/**
 * The worker side of the protocol, independent of `self` so tests can expose it over a MessageChannel in-thread.
 * A task's exceptions become a `failed` result with {name, message, stack}; they never escape as a rejected call.
 */
export function createTaskWorkerApi(registry: TaskRegistry, now: () => number = () => Date.now()): TaskWorkerApi {
  const databases = new Map<string, Promise<Database>>();
  const database = (name: string) => {
    let db = databases.get(name);
    if (!db) databases.set(name, (db = openDatabase(name)));
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
      try {
        const load = registry[request.dagId]?.[request.taskId];
        if (!load) throw new Error(`No code registered for task "${request.taskId}" of DAG "${request.dagId}".`);
        const [task, db] = await Promise.all([load(), database(request.dbName)]);
        const outputs: DatasetOutput[] = [];
        const source = {
          dagId: request.dagId,
          runId: request.runId,
          taskId: request.taskId,
          tryNumber: request.tryNumber,
        };
        const context: TaskContext = {
          ...source,
          params: request.params,
          settings: request.settings,
          triggeringEvents: request.triggeringEvents,
          log,
          db,
          now,
          upstreamResult(taskId) {
            const value = request.upstreamResults[taskId];
            if (value === undefined) throw new Error(`Upstream task "${taskId}" returned no value in this run.`);
            return value;
          },
          readUpstreamOutput: (taskId) => readTaskOutput(db, request.runId, taskId as typeof request.taskId),
          writeOutput: (table) => writeTaskOutput(db, request.runId, request.taskId, table),
          async inputVersion(datasetId) {
            const event = request.triggeringEvents.find((e) => e.datasetId === datasetId);
            if (event?.versionId) return event.versionId;
            const latest = await latestVersionOf(db, datasetId);
            if (!latest) {
              throw new Error(`No version of dataset "${datasetId}" is stored yet: run the DAG that produces it first.`);
            }
            log.info(`Not triggered by a ${datasetId} event: using the newest stored version, ${latest.id}.`);
            return latest.id;
          },
          readDatasetVersion: (versionId) => readDatasetVersion(db, versionId),
          async writeDataset(datasetId, table, extra = {}) {
            const meta = await writeDatasetVersion(db, toDatasetId(datasetId), table, source, now());
            const output: DatasetOutput = {
              datasetId: meta.datasetId,
              versionId: meta.id,
              extra: { rowCount: meta.rowCount, columns: table.names.length, schemaHash: meta.schemaHash, ...extra },
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
        await lastLog;
        return { type: 'failed', error: info };
      }
    },
  };
}
