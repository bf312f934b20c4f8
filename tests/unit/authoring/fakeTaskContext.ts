import type { ColumnTable } from '../../../src/core/columns';
import { dagId, datasetVersionId, runId, taskId, type DatasetId } from '../../../src/core/ids';
import type { JsonValue } from '../../../src/core/json';
import type { NotificationLevel } from '../../../src/core/dag';
import type { TaskContext } from '../../../src/taskApi/taskContext';

/** What a fake try saw and did: its log, notifications, and the assets and outputs it wrote. */
export interface FakeTry {
  readonly context: TaskContext;
  readonly logs: string[];
  readonly notifications: string[];
  readonly written: Map<string, { table: ColumnTable; extra: Record<string, JsonValue> }>;
  readonly outputs: ColumnTable[];
}

/**
 * A TaskContext held in memory: assets by name, upstream values and outputs by task id. The real one (storage,
 * lineage, IndexedDB) is tested in tests/unit/runtime; here what matters is what the sandbox passes through it.
 */
export function fakeTry(options: {
  dag?: string;
  task: string;
  tryNumber?: number;
  params?: Record<string, JsonValue>;
  upstream?: Record<string, JsonValue>;
  assets?: Record<string, ColumnTable>;
  upstreamOutputs?: Record<string, ColumnTable>;
}): FakeTry {
  const logs: string[] = [];
  const notifications: string[] = [];
  const written = new Map<string, { table: ColumnTable; extra: Record<string, JsonValue> }>();
  const outputs: ColumnTable[] = [];
  const emit = (level: string) => (message: string) => logs.push(`${level}: ${message}`);
  const context: TaskContext = {
    dagId: dagId(options.dag ?? 'authored'),
    runId: runId('run-1'),
    taskId: taskId(options.task),
    tryNumber: options.tryNumber ?? 1,
    params: options.params ?? {},
    settings: { backend: 'cpu', seed: 42, baseUrl: 'http://localhost/' },
    log: { debug: emit('debug'), info: emit('info'), warning: emit('warning'), error: emit('error') },
    now: () => 1_000,
    triggeringEvents: [],
    upstreamResult(id) {
      const value = options.upstream?.[id];
      if (value === undefined) throw new Error(`Upstream task "${id}" returned no value in this run.`);
      return value;
    },
    async readUpstreamOutput(id) {
      const table = options.upstreamOutputs?.[id];
      if (!table) throw new Error(`No output of "${id}".`);
      return table;
    },
    async writeOutput(table) {
      outputs.push(table);
    },
    async inputVersion(id: DatasetId) {
      if (!options.assets?.[id]) throw new Error(`No version of dataset "${id}" is stored yet: run the DAG that produces it first.`);
      return datasetVersionId(`${id}@1`);
    },
    async readDatasetVersion(version) {
      return options.assets![version.split('@')[0]!]!;
    },
    async describeDatasetVersion(version) {
      const table = options.assets![version.split('@')[0]!]!;
      return { rowCount: table.rowCount, names: table.names, byteSize: 0 };
    },
    loadModel: () => Promise.reject(new Error('no models here')),
    saveModel: () => Promise.reject(new Error('no models here')),
    newestModelId: async () => null,
    reportProgress: () => undefined,
    notify: (level: NotificationLevel, message: string) => notifications.push(`${level}: ${message}`),
    async writeDataset(id, table, extra = {}) {
      written.set(id, { table, extra });
      return { datasetId: id, versionId: datasetVersionId(`${id}@2`), extra };
    },
  };
  return { context, logs, notifications, written, outputs };
}
