import { describe, expect, it } from 'vitest';
import type { TrainingProgress } from '../../../../src/core/training';
import { parseTabMessage, tabMessage } from '../../../../src/runtime/tabs/protocol';
import { applyNotice } from '../../../../src/store/applyNotice';
import { createPlaygroundStore } from '../../../../src/store/playgroundStore';
import { ML_CONSUMER } from '../../../../src/pipelines/housing/dags';

const progress = (epochs: number, finished = false): TrainingProgress => ({
  runId: 'r1',
  taskId: 'train',
  tryNumber: 1,
  modelKind: 'mlp',
  maxEpochs: 10,
  epochs: Array.from({ length: epochs }, (_, i) => ({ epoch: i + 1, trainLoss: 1 / (i + 1), validationLoss: 2 / (i + 1), elapsedMs: 10 * (i + 1) })),
  finished,
});

describe('training progress in the store and across tabs', () => {
  it('keeps the newest report per try', () => {
    const store = createPlaygroundStore([ML_CONSUMER], []);
    applyNotice(store, { type: 'training_progress', tryKey: 'r1/train/1', progress: progress(1) });
    applyNotice(store, { type: 'training_progress', tryKey: 'r1/train/2', progress: { ...progress(1), tryNumber: 2 } });
    applyNotice(store, { type: 'training_progress', tryKey: 'r1/train/1', progress: progress(3, true) });
    const { trainingProgress } = store.getState();
    expect(Object.keys(trainingProgress)).toEqual(['r1/train/1', 'r1/train/2']);
    expect(trainingProgress['r1/train/1']).toEqual(progress(3, true));
  });

  it('crosses the tab channel intact, and a malformed report is ignored', () => {
    const message = tabMessage('leader', { type: 'notice', notice: { type: 'training_progress', tryKey: 'r1/train/1', progress: progress(2) } });
    expect(parseTabMessage(structuredClone(message))).toEqual(message);
    const broken = structuredClone(message) as unknown as { notice: { progress: { epochs: unknown[] } } };
    broken.notice.progress.epochs = [{ epoch: 1, trainLoss: 'x' }];
    expect(parseTabMessage(broken)).toBeNull();
    const unknownKind = structuredClone(message) as unknown as { notice: { progress: { modelKind: string } } };
    unknownKind.notice.progress.modelKind = 'forest';
    expect(parseTabMessage(unknownKind)).toBeNull();
  });
});
