import type { DagDefinition } from '../../core/dag';
import { indexDag } from '../../core/dagIndex';
import type { TaskId } from '../../core/ids';
import type { DagRun, DatasetEvent, TaskInstance } from '../../core/model';
import { unwrap, type IDBPTransaction } from 'idb';
import type { SchedulerCheckpoint } from '../../core/schedulerState';
import type { Database } from './database';
import { isCommitted } from './datasets';
import { isModelCommitted } from './models';
import { guardQuota } from './quota';
import type { PlaygroundDb } from './schema';
import { blockCount, blockOf, taskBlock } from './taskBlocks';
import { own } from '../../core/ownKeys';
import * as v from 'valibot';
import { displayText } from '../../core/displayText';
import { firstIssue, storedCheckpointSchema, storedEventSchema, storedRunSchema, storedTaskBlockSchema, storedTaskInstanceSchema } from './storedSchedulerSchemas';

const CHECKPOINT_KEY = 'scheduler';

export interface SchedulerWrite {
  readonly runs: readonly DagRun[];
  readonly tasks: readonly { run: DagRun; taskId: TaskId }[];
  /** Runs whose every task instance is written: a realigned run's order changed. */
  readonly wholeRuns?: readonly DagRun[];
  readonly events: readonly DatasetEvent[];
  /** Absent when it did not change since the last write: one put less per write (~60 writes a second in a busy run). */
  readonly checkpoint?: SchedulerCheckpoint;
  /** The DAG definitions, to find a task's position without searching the run. */
  readonly dags: Readonly<Record<string, DagDefinition>>;
  /** Models staged by tries whose success this write records: committed with it. */
  readonly models?: readonly string[];
}

/**
 * Writes what scheduler steps changed — runs (without their tasks), the task instances that changed, new dataset
 * events and the checkpoint — in one transaction: storage never holds half a step. The same transaction commits the
 * version each new event points to (staged by the task that wrote it), so a version becomes visible exactly when its
 * event exists, and the models of the tries whose success it records: if this write fails, neither does.
 */
export async function saveSchedulerChanges(db: Database, write: SchedulerWrite): Promise<void> {
  // Relaxed: committed once the browser has the data, without waiting for the disk to flush it (Chromium's and
  // Firefox's default; said here so no browser flushes ~60 times a second during a busy run). A reload or a crashed
  // page finds it stored; only a power cut right after a write could lose the last steps.
  const tx = db.transaction(schedulerWriteStores(write), 'readwrite', { durability: 'relaxed' });
  const writes: Promise<unknown>[] = [];
  try {
    issueSchedulerWrites(tx, write, writes);
  } catch (error) {
    // A request refused on the spot (a value that cannot be cloned…): nothing of this step may be stored.
    for (const pending of [...writes, tx.done]) pending.catch(() => undefined);
    tx.abort();
    throw error;
  }
  const what = write.events.length > 0 ? `${write.events.length} asset event(s) and the scheduler's state` : "the scheduler's state";
  await guardQuota(what, () => Promise.all([...writes, tx.done]), () => tx.error);
}

type SchedulerStore = 'runs' | 'taskBlocks' | 'datasetEvents' | 'datasetVersions' | 'models' | 'meta';
type SchedulerTransaction = IDBPTransaction<PlaygroundDb, SchedulerStore[], 'readwrite'>;

/**
 * The stores one scheduler write touches, and no others. Read-write transactions whose stores overlap run one after
 * the other: a step that records no asset event must not hold `datasetVersions`, or a task writing its version (a
 * 20,640-row table is a ~20 ms put) waits behind the scheduler's frequent small writes, and they behind it.
 */
export function schedulerWriteStores(write: SchedulerWrite): SchedulerStore[] {
  const stores: SchedulerStore[] = ['runs', 'taskBlocks'];
  if (write.events.length > 0) stores.push('datasetEvents', 'datasetVersions');
  if ((write.models ?? []).length > 0) stores.push('models');
  if (write.checkpoint) stores.push('meta');
  return stores;
}

/**
 * A put whose outcome the transaction reports: a request that fails aborts its transaction, and `tx.done` rejects
 * with the error. On a plain idb store the request is placed directly: idb's promise per request (two listeners
 * added and removed, a closure, a wrapper) cost the main thread ~25 µs per task instance, and a 10,000-task run
 * writes 10,000 of them. A wrapped store (writeFaults.ts) goes through its wrapper, which may fail the write.
 */
function putter<Name extends 'runs' | 'taskBlocks' | 'datasetEvents' | 'meta'>(
  tx: SchedulerTransaction,
  name: Name,
  writes: Promise<unknown>[],
): (value: PlaygroundDb[Name]['value'], key?: string) => void {
  const store = tx.objectStore(name);
  const raw = unwrap(store) as IDBObjectStore | undefined;
  if (raw) return (value, key) => void (key === undefined ? raw.put(value) : raw.put(value, key));
  return (value, key) => void writes.push(key === undefined ? store.put(value) : store.put(value, key as never));
}

function issueSchedulerWrites(tx: SchedulerTransaction, write: SchedulerWrite, writes: Promise<unknown>[]): void {
  const putRun = putter(tx, 'runs', writes);
  for (const run of write.runs) {
    const { tasks: _tasks, ...stored } = run;
    putRun(stored);
  }
  const putBlock = putter(tx, 'taskBlocks', writes);
  // Each changed block once, whole, as the run holds it now: fifty instances changed in one flush are one or two puts.
  const blocks = new Map<DagRun, Set<number>>();
  for (const { run, taskId } of write.tasks) {
    const position = indexDag(own(write.dags, run.dagId)!).position(taskId) ?? run.tasks.findIndex((ti) => ti.taskId === taskId);
    if (position < 0) continue;
    let set = blocks.get(run);
    if (!set) blocks.set(run, (set = new Set()));
    set.add(blockOf(position));
  }
  // Every block of a realigned run (its tasks never shrink: a task a DAG lost stays, `removed`, at the end).
  for (const run of write.wholeRuns ?? []) blocks.set(run, new Set(Array.from({ length: blockCount(run) }, (_, b) => b)));
  for (const [run, set] of blocks) for (const block of set) putBlock(taskBlock(run, block));
  if (write.events.length > 0) issueEventWrites(tx, write.events, writes);
  if ((write.models ?? []).length > 0) {
    const models = tx.objectStore('models');
    for (const id of write.models ?? []) {
      writes.push(models.get(id).then((model) => (model && !isModelCommitted(model) ? models.put({ ...model, committed: true }) : undefined)));
    }
  }
  if (write.checkpoint) putter(tx, 'meta', writes)(write.checkpoint, CHECKPOINT_KEY);
}

/** Each new event, and the commit of the version it points to (staged by the task that wrote it). */
function issueEventWrites(tx: SchedulerTransaction, events: SchedulerWrite['events'], writes: Promise<unknown>[]): void {
  const putEvent = putter(tx, 'datasetEvents', writes);
  const versions = tx.objectStore('datasetVersions');
  for (const event of events) {
    putEvent(event);
    const versionId = event.versionId;
    if (versionId !== null) {
      writes.push(
        versions.get(versionId).then((meta) => (meta && !isCommitted(meta) ? versions.put({ ...meta, committed: true }) : undefined)),
      );
    }
  }
}

export interface StoredSchedulerData {
  readonly runs: DagRun[];
  readonly events: DatasetEvent[];
  readonly checkpoint: SchedulerCheckpoint | undefined;
  /** What was stored but could not be read back (left in storage untouched), one message each. */
  readonly unreadable: readonly string[];
}

/** The records that fit their schema, and a message for each one that does not. */
function checked<T>(schema: v.GenericSchema<unknown, T>, records: readonly unknown[], name: (record: unknown) => string, unreadable: string[]): T[] {
  const fit: T[] = [];
  for (const record of records) {
    const parsed = v.safeParse(schema, record);
    if (parsed.success) fit.push(parsed.output);
    else unreadable.push(`${name(record)} could not be read back (${firstIssue(parsed.issues)}); it stays stored, unused.`);
  }
  return fit;
}

const field = (record: unknown, key: string): string => {
  const value = typeof record === 'object' && record !== null ? (record as Record<string, unknown>)[key] : undefined;
  return displayText(typeof value === 'string' || typeof value === 'number' ? String(value) : '?');
};

export async function loadSchedulerData(db: Database): Promise<StoredSchedulerData> {
  const tx = db.transaction(['runs', 'taskBlocks', 'datasetEvents', 'meta'], 'readonly');
  const [storedRuns, storedBlocks, storedEvents, storedCheckpoint] = await Promise.all([
    tx.objectStore('runs').getAll() as Promise<unknown[]>,
    tx.objectStore('taskBlocks').getAll() as Promise<unknown[]>,
    tx.objectStore('datasetEvents').getAll() as Promise<unknown[]>,
    tx.objectStore('meta').get(CHECKPOINT_KEY) as Promise<unknown>,
  ]);
  await tx.done;
  // Checked like any untrusted input: another version of the playground, or a person with the devtools, may have
  // written them. A run with an unreadable task instance is left out whole: realigned without it, the task would run
  // again.
  const unreadable: string[] = [];
  const { byRun, brokenRuns } = readTaskBlocks(storedBlocks, unreadable);
  const runs = checked(storedRunSchema, storedRuns, (r) => `Run "${field(r, 'id')}" of DAG "${field(r, 'dagId')}"`, unreadable).filter((run) => {
    if (!brokenRuns.has(run.id)) return true;
    unreadable.push(`Run "${displayText(run.id)}" of DAG "${displayText(run.dagId)}" is left out, stored but unused: one of its task instances could not be read back.`);
    return false;
  });
  const events = checked(storedEventSchema, storedEvents, (r) => `Asset event ${field(r, 'id')} of "${field(r, 'datasetId')}"`, unreadable);
  let checkpoint: SchedulerCheckpoint | undefined;
  if (storedCheckpoint !== undefined) {
    const parsed = v.safeParse(storedCheckpointSchema, storedCheckpoint);
    if (parsed.success) checkpoint = parsed.output;
    else unreadable.push(`The scheduler's checkpoint (paused DAGs, queued asset events) could not be read back (${firstIssue(parsed.issues)}); starting without it.`);
  }
  const joined: DagRun[] = runs.map((run) => ({ ...run, tasks: byRun.get(run.id) ?? [] }));
  return { runs: joined.sort((a, b) => a.seq - b.seq), events: events.sort((a, b) => a.id - b.id), checkpoint, unreadable };
}

/** Each run's task instances in position order, from its blocks; the runs with a block or an instance that does not fit. */
function readTaskBlocks(records: readonly unknown[], unreadable: string[]): { byRun: Map<unknown, TaskInstance[]>; brokenRuns: Set<unknown> } {
  const brokenRuns = new Set<unknown>();
  const byRun = new Map<unknown, TaskInstance[]>();
  // getAll returns records in key order, [runId, block]: a run's blocks come in position order.
  for (const record of records) {
    const runId = (record as { runId?: unknown } | null)?.runId;
    const parsed = v.safeParse(storedTaskBlockSchema, record);
    let tasks = byRun.get(runId);
    if (!tasks) byRun.set(runId, (tasks = []));
    for (const ti of parsed.success ? parsed.output.tasks : [record]) {
      const instance = parsed.success ? v.safeParse(storedTaskInstanceSchema, ti) : parsed;
      if (instance.success) tasks.push(instance.output);
      else {
        brokenRuns.add(runId);
        unreadable.push(`Task "${field(ti, 'taskId')}" of run "${field(record, 'runId')}" could not be read back (${firstIssue(instance.issues)}).`);
      }
    }
  }
  return { byRun, brokenRuns };
}
