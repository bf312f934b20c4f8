import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import type { TaskInstance } from '../../../../src/core/model';
import { deleteDatabase, openDatabase } from '../../../../src/runtime/storage/database';
import { loadSchedulerData } from '../../../../src/runtime/storage/runs';
import { TASK_BLOCK_SIZE } from '../../../../src/runtime/storage/taskBlocks';

const RUN_TASKS = 2 * TASK_BLOCK_SIZE + 5;

function instance(i: number, state: TaskInstance['state']): TaskInstance {
  return {
    taskId: `t${i}` as TaskInstance['taskId'],
    state,
    tryNumber: state === 'none' ? 0 : 1,
    maxTries: 1,
    tries: state === 'none' ? [] : [{ tryNumber: 1, state, queuedAt: i, startDate: i, endDate: state === 'running' ? null : i + 1 }],
    startDate: null,
    endDate: null,
    nextRetryAt: null,
    outputs: [],
    ...(i === 3 ? { returnValue: { r2: Number.NaN, note: 'kept' } } : {}),
  };
}

function run(id: string, seq: number, state: 'running' | 'success') {
  return { id, dagId: 'wide', runType: 'manual', state, seq, queuedAt: seq, startDate: seq, endDate: null, params: {}, triggeringEvents: [], unfinished: 0 };
}

/**
 * A version-2 database as the version-2 build wrote it: the stores of versions 1 and 2, runs with their task instances
 * one record each (`taskInstances`, keyed [runId, taskId], with the position), written in no particular order.
 */
async function createVersionTwoDatabase(name: string): Promise<void> {
  const db = await openDB(name, 2, {
    upgrade(db) {
      db.createObjectStore('datasetVersions', { keyPath: 'id' }).createIndex('byDataset', 'datasetId');
      db.createObjectStore('datasetColumns', { keyPath: 'id' });
      db.createObjectStore('datasetEvents', { keyPath: 'id' }).createIndex('byDataset', 'datasetId');
      db.createObjectStore('taskOutputs', { keyPath: 'id' }).createIndex('byRun', 'runId');
      db.createObjectStore('runs', { keyPath: 'id' }).createIndex('byDag', 'dagId');
      db.createObjectStore('taskInstances', { keyPath: ['runId', 'taskId'] }).createIndex('byRun', 'runId');
      db.createObjectStore('logs', { keyPath: ['key', 'seq'] }).createIndex('byRun', 'runId');
      db.createObjectStore('models', { keyPath: 'id' });
      db.createObjectStore('meta');
      db.createObjectStore('dagVersions', { keyPath: 'id' }).createIndex('byDag', 'dagId');
      db.createObjectStore('workspaceFiles', { keyPath: ['workspace', 'name'] }).createIndex('byWorkspace', 'workspace');
    },
  });
  await db.put('runs', run('big', 1, 'running'));
  await db.put('runs', run('small', 2, 'success'));
  await db.put('runs', run('broken', 3, 'success'));
  // Key order ([runId, taskId]: t10 before t2) is not position order: the upgrade must order by position.
  const big = Array.from({ length: RUN_TASKS }, (_, i) => ({ ...instance(i, i < 40 ? 'success' : i < 42 ? 'running' : 'none'), runId: 'big', position: i }));
  for (const ti of [...big].reverse()) await db.put('taskInstances', ti);
  await db.put('taskInstances', { ...instance(1, 'success'), runId: 'small', position: 1 });
  await db.put('taskInstances', { ...instance(0, 'success'), runId: 'small', position: 0 });
  await db.put('taskInstances', { ...instance(0, 'success'), runId: 'broken', position: 0 });
  await db.put('taskInstances', { ...instance(1, 'success'), state: 'exploded', runId: 'broken', position: 1 });
  await db.put('meta', { datasetQueues: {}, paused: {}, nextEventId: 1, nextRunSeq: 4 }, 'scheduler');
  await db.put('logs', { key: 'big/t0/1', seq: 0, runId: 'big', message: 'hello' });
  await db.put('workspaceFiles', { workspace: 'own', name: 'a.ts', text: 'x' });
  db.close();
}

describe('IndexedDB upgrade from version 2 to 3 (task instances in blocks)', () => {
  it('moves every stored task instance into its run\'s blocks, in position order, and loads the same runs as before', async () => {
    const name = `upgrade-blocks-${process.pid}`;
    await createVersionTwoDatabase(name);
    const db = await openDatabase(name);
    try {
      expect(db.version).toBe(3);
      expect([...db.objectStoreNames]).not.toContain('taskInstances');
      const blocks = await db.getAll('taskBlocks');
      // [runId, block] order: big's three blocks, broken's one, small's one.
      expect(blocks.map((b) => [b.runId, b.block, b.tasks.length])).toEqual([
        ['big', 0, TASK_BLOCK_SIZE],
        ['big', 1, TASK_BLOCK_SIZE],
        ['big', 2, 5],
        ['broken', 0, 2],
        ['small', 0, 2],
      ]);
      // Nothing but the block says which run and position an instance has.
      expect(blocks[0]!.tasks[0]).not.toHaveProperty('runId');
      expect(blocks[0]!.tasks[0]).not.toHaveProperty('position');

      const data = await loadSchedulerData(db);
      expect(data.runs.map((r) => r.id)).toEqual(['big', 'small']);
      const bigRun = data.runs[0]!;
      expect(bigRun.tasks.map((t) => t.taskId)).toEqual(Array.from({ length: RUN_TASKS }, (_, i) => `t${i}`));
      expect(bigRun.tasks).toEqual(Array.from({ length: RUN_TASKS }, (_, i) => instance(i, i < 40 ? 'success' : i < 42 ? 'running' : 'none')));
      expect(bigRun.tasks[3]!.returnValue).toEqual({ r2: Number.NaN, note: 'kept' });
      expect(data.runs[1]!.tasks.map((t) => t.taskId)).toEqual(['t0', 't1']);
      // The unreadable instance still leaves its run out, and stays stored.
      expect(data.unreadable).toEqual([
        expect.stringMatching(/^Task "t1" of run "broken" could not be read back \(state: /),
        'Run "broken" of DAG "wide" is left out, stored but unused: one of its task instances could not be read back.',
      ]);
      expect((await db.get('taskBlocks', ['broken', 0]))!.tasks.map((t) => t.state)).toEqual(['success', 'exploded']);
      expect(data.checkpoint).toEqual({ datasetQueues: {}, paused: {}, nextEventId: 1, nextRunSeq: 4 });
      expect(await db.count('logs')).toBe(1);
      expect(await db.count('workspaceFiles')).toBe(1);
    } finally {
      db.close();
      await deleteDatabase(name);
    }
  });
});
