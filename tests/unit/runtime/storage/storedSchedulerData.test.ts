import { describe, expect, it } from 'vitest';
import { loadSchedulerData } from '../../../../src/runtime/storage/runs';
import { openTestDatabase } from '../testDb';
import { storeRun } from './storedRuns';

/**
 * What the scheduler reads back at boot is checked like any untrusted input: a record another version of the
 * playground (or a person with the devtools) wrote must not crash the boot or reach the scheduler half-formed; it is
 * left stored, unused, and the page says so.
 */
describe('loading the scheduler data back', () => {
  it('reads well-formed runs, task instances, events and the checkpoint as they were stored', async () => {
    const opened = await openTestDatabase();
    await storeRun(opened.db, { id: 'r1', state: 'success', seq: 1, tasks: { a: ['success'], b: ['failed', 'success'] } });
    await opened.db.put('meta', { datasetQueues: {}, paused: { producer: true }, nextEventId: 3, nextRunSeq: 2 } as never, 'scheduler');
    // Structured clone keeps NaN: a constant column's statistics are no reason to leave a run out.
    const block = (await opened.db.get('taskBlocks', ['r1', 0]))!;
    await opened.db.put('taskBlocks', { ...block, tasks: [{ ...block.tasks[0]!, returnValue: { testR2: Number.NaN } }, ...block.tasks.slice(1)] });
    const data = await loadSchedulerData(opened.db);
    expect(data.unreadable).toEqual([]);
    expect(data.runs.map((r) => [r.id, r.tasks.map((t) => `${t.taskId}:${t.state}:${t.tries.length}`)])).toEqual([['r1', ['a:success:1', 'b:success:2']]]);
    expect(data.runs[0]!.tasks[0]!.returnValue).toEqual({ testR2: Number.NaN });
    expect(data.checkpoint).toEqual({ datasetQueues: {}, paused: { producer: true }, nextEventId: 3, nextRunSeq: 2 });
    await opened.close();
  });

  it('leaves out, with a message each, a malformed run, a run with a malformed task instance, a bad event and a bad checkpoint; the records stay stored', async () => {
    const opened = await openTestDatabase();
    const { db } = opened;
    await storeRun(db, { id: 'good', state: 'success', seq: 1, tasks: { a: ['success'] } });
    await storeRun(db, { id: 'bad_task', state: 'running', seq: 2, tasks: { a: ['success'], b: ['running'] } });
    await storeRun(db, { id: 'bad_run', state: 'success', seq: 3, tasks: { a: ['success'] } });
    // A task instance whose state no version of the playground has; a run whose state is not a string.
    const block = (await db.get('taskBlocks', ['bad_task', 0]))!;
    await db.put('taskBlocks', { ...block, tasks: [block.tasks[0]!, { ...block.tasks[1]!, state: 'exploded' as never }] });
    const run = await db.get('runs', 'bad_run');
    await db.put('runs', { ...run!, state: 42 as never });
    await db.put('datasetEvents', { id: 7, datasetId: 'x', versionId: null, timestamp: 'yesterday', source: null, extra: {} } as never);
    await db.put('meta', { paused: 'yes' } as never, 'scheduler');

    const data = await loadSchedulerData(db);
    expect(data.runs.map((r) => r.id)).toEqual(['good']);
    expect(data.events).toEqual([]);
    expect(data.checkpoint).toBeUndefined();
    expect(data.unreadable).toEqual([
      expect.stringMatching(/^Task "b" of run "bad_task" could not be read back \(state: /),
      expect.stringMatching(/^Run "bad_run" of DAG "producer" could not be read back \(state: /),
      'Run "bad_task" of DAG "producer" is left out, stored but unused: one of its task instances could not be read back.',
      expect.stringMatching(/^Asset event 7 of "x" could not be read back \(timestamp: /),
      expect.stringMatching(/^The scheduler's checkpoint .* could not be read back \(/),
    ]);
    // Nothing was deleted or rewritten.
    expect(await db.count('runs')).toBe(3);
    expect(await db.count('taskBlocks')).toBe(3);
    expect((await db.get('taskBlocks', ['bad_task', 0]))!.tasks.map((t) => t.state)).toEqual(['success', 'exploded']);
    expect(await db.count('datasetEvents')).toBe(1);
    await opened.close();
  });
});
