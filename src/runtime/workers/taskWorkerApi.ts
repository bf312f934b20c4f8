import { toErrorInfo, type JsonValue } from '../../core/json';
import type { LogLevel } from '../../core/logLine';
import type { DatasetOutput } from '../../core/model';
import { datasetId as toDatasetId, type DatasetVersionId, type TaskId } from '../../core/ids';
import { resolveTaskLoader, warmUpOf, type TaskRegistry, type WarmUpStep } from '../../pipelines/registry';
import type { TaskContext } from '../../taskApi/taskContext';
import { tryKey, type TaskLogSink, type TaskRequest, type TaskResult, type TaskWorkerApi } from './protocol';
import { faultFor, withFault } from './faults';
import { openDatabase, type Database } from '../storage/database';
import { quotaExceededError, withWriteFaults } from '../storage/writeFaults';
import type { Lineage } from '../../core/records';
import type { ColumnTable } from '../../core/columns';
import { databaseTaskStorage, remoteTaskStorage, type TaskStorage } from './taskStorage';
import { own } from '../../core/ownKeys';
import { quoted } from '../../core/displayText';
import { measureStage, timedStage, timedTaskStorage } from '../stageMarks';
import { WarmUp, warmUpShare } from './warmUp';
import { OutputCache } from './outputCache';
import { contentHashOf } from '../storage/contentHash';

export interface TaskWorkerApiOptions {
  /** How the worker opens a database by name; tests pass one that fails writes on demand (a full disk). */
  readonly openDatabase?: (name: string) => Promise<Database>;
  /** What `warmUp` loads, in order (the task worker's: pipelines/registry.ts `housingWarmUp`); every task by default. */
  readonly warmUp?: readonly WarmUpStep[];
  /** The worker's cache of outputs (tests pass a small one); one per worker by default. */
  readonly outputCache?: OutputCache;
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
  const databases = new Map<string, Promise<TaskStorage>>();
  const database = (name: string) => {
    let storage = databases.get(name);
    if (!storage) databases.set(name, (storage = open(name).then(databaseTaskStorage)));
    return storage;
  };
  // For an injected `quota` fault: one extra connection per database whose writes fail as on a full disk, opened
  // the first time a faulted try needs it and reused after (not a new connection per try).
  const fullDisks = new Map<string, Promise<TaskStorage>>();
  const fullDisk = (name: string) => {
    let storage = fullDisks.get(name);
    if (!storage) {
      const failing = open(name).then((db) => databaseTaskStorage(withWriteFaults(db, () => quotaExceededError())));
      fullDisks.set(name, (storage = failing));
    }
    return storage;
  };

  let sink: TaskLogSink | null = null;
  let mainThread: TaskStorage | null = null;
  // In memory mode the worker opens no database: every read and write goes to the main thread's storage.
  const storageFor = async (request: TaskRequest): Promise<TaskStorage> => {
    if (request.storage !== 'main-thread') {
      if (faultFor(request.settings.faults, request.taskId, request.tryNumber)?.kind === 'quota') return fullDisk(request.dbName);
      return database(request.dbName);
    }
    if (!mainThread) throw new Error('This task needs the main thread\'s storage, but none was connected to its worker.');
    return mainThread;
  };

  // What this worker wrote or read lately, for the tries after it (outputCache.ts): IndexedDB stays the record.
  const cache = options.outputCache ?? new OutputCache();
  const warming = new WarmUp();
  const warmUpSteps = options.warmUp ?? warmUpOf(registry);

  const api: TaskWorkerApi = {
    connect(logSink) {
      sink = logSink;
    },
    connectStorage(storage) {
      mainThread = remoteTaskStorage(storage);
    },
    warmUp(share = 'all') {
      // Through comlink the call may reject (a sink without `holding`): the warm-up goes on either way.
      return warming.run(warmUpShare(warmUpSteps, share), (busy) => void Promise.resolve(sink?.holding?.(busy)).catch(() => undefined));
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
      // Models this try stored (staged): committed by the write that records its success, discarded if it fails.
      const savedModels: string[] = [];
      let storage: TaskStorage | null = null;
      try {
        const authored = request.authored;
        const found = authored
          ? { load: () => import('../../authoring/authoredTask').then((m) => withFault(m.authoredTask(authored))), source: 'authored' as const }
          : resolveTaskLoader(registry, request);
        if (!found) throw new Error(noCodeMessage(request));
        // The worker wraps its registry for fault injection; an operator's code is wrapped here, so `?fault=` reaches
        // the tasks of demo and imported DAGs too.
        const load = found.source === 'operator' ? () => found.load().then((task) => withFault(task)) : found.load;
        const [task, untimed] = await Promise.all([timedStage(`${request.taskId}:code`, load), storageFor(request)]);
        storage = untimed;
        const opened = timedTaskStorage(untimed, request.taskId);
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
        // An upstream output from this worker's cache when the try that wrote it is the one this try follows, else
        // from storage (then kept for the next reader here).
        const readOutput = async (taskId: TaskId): Promise<{ table: ColumnTable; lineage: Lineage }> => {
          const writer = own(request.upstreamTries ?? {}, taskId);
          const started = performance.now();
          const kept = writer === undefined ? undefined : cache.taskOutput(request.dbName, request.runId, taskId, writer);
          if (kept) {
            measureStage(`${request.taskId}:readTaskOutputWithLineage(kept)`, started);
            return kept;
          }
          const read = await opened.readTaskOutputWithLineage(request.runId, taskId);
          if (writer !== undefined) cache.keepTaskOutput(request.dbName, request.runId, taskId, writer, read.table, read.lineage);
          return read;
        };
        // A dataset version from the cache when its stored content hash is the one kept with it; the small metadata
        // record is read every time, the columns only on a miss (and kept only if they hash to what it names).
        const readVersion = async (versionId: DatasetVersionId): Promise<ColumnTable> => {
          const started = performance.now();
          const meta = await opened.versionMeta(versionId);
          const kept = meta && cache.datasetVersion(request.dbName, versionId, meta.contentHash);
          if (kept) {
            measureStage(`${request.taskId}:readDatasetVersion(kept)`, started);
            return kept;
          }
          const table = await opened.readDatasetVersion(versionId);
          if (meta && cache.fits(table) && contentHashOf(table) === meta.contentHash) {
            cache.keepDatasetVersion(request.dbName, versionId, meta.contentHash, table);
          }
          return table;
        };
        const context: TaskContext = {
          ...source,
          params: request.params,
          settings: request.settings,
          triggeringEvents: request.triggeringEvents,
          log,
          now,
          upstreamResult(taskId) {
            const value = own(request.upstreamResults, taskId);
            if (value === undefined) throw new Error(`Upstream task ${quoted(taskId)} returned no value in this run.`);
            return value;
          },
          async readUpstreamOutput(taskId) {
            const { table, lineage: inherited } = await readOutput(taskId as TaskId);
            upstreamOutputs.add(taskId as TaskId);
            for (const id of inherited.inputs) inputs.add(id);
            for (const id of inherited.models) models.add(id);
            return table;
          },
          async writeOutput(table) {
            const written = lineage();
            await opened.writeTaskOutput(request.runId, request.taskId, table, written);
            cache.keepTaskOutput(request.dbName, request.runId, request.taskId, request.tryNumber, table, written);
          },
          async inputVersion(datasetId) {
            const event = request.triggeringEvents.find((e) => e.datasetId === datasetId);
            if (event?.versionId) {
              inputs.add(event.versionId);
              return event.versionId;
            }
            const latest = await opened.latestVersionOf(datasetId);
            if (!latest) {
              throw new Error(`No version of asset ${quoted(datasetId)} is stored yet: run the DAG that produces it first.`);
            }
            log.info(`Not triggered by a ${datasetId} event: using the newest stored version, ${latest.id}.`);
            inputs.add(latest.id);
            return latest.id;
          },
          async readDatasetVersion(versionId) {
            const table = await readVersion(versionId);
            inputs.add(versionId);
            return table;
          },
          async describeDatasetVersion(versionId) {
            const meta = await opened.versionMeta(versionId);
            if (!meta) throw new Error(`Asset version "${versionId}" is not stored (deleted, or never written).`);
            return { rowCount: meta.rowCount, names: meta.schema.map((c) => c.name), byteSize: meta.byteSize };
          },
          async loadModel(modelId) {
            const model = await opened.loadModel(modelId);
            models.add(modelId);
            return model;
          },
          async saveModel(model) {
            await opened.saveModel(model);
            if (!savedModels.includes(model.id)) savedModels.push(model.id);
          },
          newestModelId: () => opened.newestModelId(),
          // On the log's channel, so a try's last progress report arrives before the main thread hears it ended.
          reportProgress(progress) {
            lastLog = sink?.progress(key, progress);
          },
          notify(level, message) {
            lastLog = sink?.notify(key, level, message);
          },
          async writeDataset(datasetId, table, extra = {}) {
            const meta = await opened.writeDatasetVersion(toDatasetId(datasetId), table, source, now(), { lineage: lineage() });
            cache.keepDatasetVersion(request.dbName, meta.id, meta.contentHash, table);
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
        const ran = performance.now();
        const returned = await task(context);
        measureStage(`${request.taskId}:run`, ran);
        await lastLog;
        return {
          type: 'success',
          outputs,
          ...(returned === undefined ? {} : { returnValue: returned as JsonValue }),
          ...(savedModels.length > 0 ? { models: savedModels } : {}),
        };
      } catch (error) {
        const info = toErrorInfo(error);
        log.error(`${info.name}: ${info.message}`);
        // What this try staged will never be committed: drop it now (the boot's collection would later).
        if (storage && (outputs.length > 0 || savedModels.length > 0)) {
          await storage.discardStaged(outputs.map((o) => o.versionId), savedModels);
        }
        await lastLog;
        return { type: 'failed', error: info };
      }
    },
  };
  const runTry = api.runTask;
  api.runTask = (request) => warming.during(() => runTry(request));
  return api;
}

function noCodeMessage(request: TaskRequest): string {
  const missing = `No code registered for task ${quoted(request.taskId)} of DAG ${quoted(request.dagId)}.`;
  return request.operator === undefined ? missing : `${missing} Its operator ${quoted(request.operator)} is not a built-in one.`;
}
