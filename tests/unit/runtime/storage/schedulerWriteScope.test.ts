import { afterEach, describe, expect, it } from 'vitest';
import { datasetEventId, dagId, datasetVersionId, runId, taskId } from '../../../../src/core/ids';
import type { DatasetEvent } from '../../../../src/core/model';
import { saveSchedulerChanges, schedulerWriteStores, type SchedulerWrite } from '../../../../src/runtime/storage/runs';
import type { Database } from '../../../../src/runtime/storage/database';
import { NUMBERS } from './storageFixtures';
import { openTestDatabase } from '../testDb';

const checkpoint = { datasetQueues: {}, paused: {}, nextEventId: 2, nextRunSeq: 1 };
const stateOnly: SchedulerWrite = { runs: [], tasks: [], events: [], checkpoint, dags: {} };
const event: DatasetEvent = {
  id: datasetEventId(1),
  datasetId: NUMBERS,
  versionId: datasetVersionId('numbers@r1/make/1'),
  timestamp: 5,
  source: { dagId: dagId('producer'), runId: runId('r1'), taskId: taskId('make'), tryNumber: 1 },
  extra: {},
};

/**
 * A task's version write that stays open for `requests` chained requests (as a large put keeps its transaction busy);
 * resolves when it commits.
 */
function busyVersionWrite(db: Database, requests: number): Promise<void> {
  const tx = db.transaction(['datasetVersions', 'datasetColumns'], 'readwrite');
  let left = requests;
  const next = (): void => {
    if (left-- <= 0) return;
    void tx.objectStore('datasetColumns').get('nothing').then(next);
  };
  next();
  return tx.done;
}

describe('the stores a scheduler write holds', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  it('names only what the write touches', () => {
    expect(schedulerWriteStores({ ...stateOnly, checkpoint: undefined })).toEqual(['runs', 'taskBlocks']);
    expect(schedulerWriteStores(stateOnly)).toEqual(['runs', 'taskBlocks', 'meta']);
    expect(schedulerWriteStores({ ...stateOnly, events: [event], models: ['m1'] })).toEqual([
      'runs',
      'taskBlocks',
      'datasetEvents',
      'datasetVersions',
      'models',
      'meta',
    ]);
  });

  it("a step without asset events does not wait for a task's version write; one with an event does", async () => {
    const { db, close } = await openTestDatabase();
    cleanups.push(close);
    const order: string[] = [];
    const version = busyVersionWrite(db, 200).then(() => order.push('version'));
    const step = saveSchedulerChanges(db, stateOnly).then(() => order.push('step'));
    await Promise.all([version, step]);
    expect(order).toEqual(['step', 'version']);

    order.length = 0;
    const second = busyVersionWrite(db, 200).then(() => order.push('version'));
    const withEvent = saveSchedulerChanges(db, { ...stateOnly, events: [event] }).then(() => order.push('event'));
    await Promise.all([second, withEvent]);
    expect(order).toEqual(['version', 'event']);
  });
});
