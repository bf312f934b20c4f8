import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { datasetVersionId, dagId, runId, taskId } from '../../../src/core/ids';
import type { JsonValue } from '../../../src/core/json';
import { fileStem, tfjsModelFiles } from '../../../src/pipelines/ml/modelFiles';
import type { ModelRecord } from '../../../src/core/records';

/** A small dense model saved the way train saves it: artifacts without weights, and the weights buffer. */
async function storedModel(): Promise<{ record: ModelRecord; expected: number[] }> {
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ units: 3, activation: 'relu', inputShape: [2], kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }),
      tf.layers.dense({ units: 1, kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }),
    ],
  });
  const input = tf.tensor2d([0.5, -1, 2, 3], [2, 2]);
  const expected = Array.from((model.predict(input) as tf.Tensor).dataSync());
  let record: ModelRecord | null = null;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const { weightData, ...rest } = artifacts;
      record = {
        id: 'model@run-7/1',
        createdAt: 1,
        producedBy: { dagId: dagId('ml_consumer'), runId: runId('run-7'), taskId: taskId('train'), tryNumber: 1 },
        trainedOn: datasetVersionId('built_features@x'),
        artifacts: JSON.parse(JSON.stringify(rest)) as JsonValue,
        weightData: weightData as ArrayBuffer,
        metrics: { testR2: 0.5 },
        kind: 'mlp',
        scaler: { features: ['a', 'b'], mean: [1, 2], std: [3, 4], clip: 5 },
      };
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  model.dispose();
  return { record: record!, expected };
}

describe('tfjsModelFiles', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it("writes tfjs' model.json + weights.bin format, which tfjs loads back to the same predictions", async () => {
    const { record, expected } = await storedModel();
    const files = tfjsModelFiles(record);
    expect(files.weightsFileName).toBe('model-run-7-1.weights.bin');
    const json = JSON.parse(files.modelJson) as Record<string, unknown> & { weightsManifest: { paths: string[]; weights: unknown[] }[] };
    expect(json.format).toBe('layers-model');
    expect(json.weightsManifest).toHaveLength(1);
    expect(json.weightsManifest[0]!.paths).toEqual(['./model-run-7-1.weights.bin']);
    expect(json.userDefinedMetadata).toMatchObject({ modelId: record.id, kind: 'mlp', scaler: record.scaler });
    expect(files.weights.byteLength).toBe(record.weightData.byteLength);
    // A copy: handing it to a download must not detach the stored record's buffer.
    expect(files.weights).not.toBe(record.weightData);

    const loaded = await tf.loadLayersModel(
      tf.io.fromMemory({ modelTopology: json.modelTopology as object, weightSpecs: json.weightsManifest[0]!.weights as tf.io.WeightsManifestEntry[], weightData: files.weights }),
    );
    const predicted = Array.from((loaded.predict(tf.tensor2d([0.5, -1, 2, 3], [2, 2])) as tf.Tensor).dataSync());
    expect(predicted).toEqual(expected);
    loaded.dispose();
  });

  it('refuses a record without topology, naming the model', () => {
    const broken = { id: 'm', artifacts: { format: 'layers-model' }, weightData: new ArrayBuffer(0) } as unknown as ModelRecord;
    expect(() => tfjsModelFiles(broken)).toThrow('Model m is missing its topology');
  });

  it('imports nothing at run time (type imports only), so the main thread can use it without loading tfjs', () => {
    const source = readFileSync('src/pipelines/ml/modelFiles.ts', 'utf8');
    const imports = source.split('\n').filter((line) => /^import\b/.test(line));
    expect(imports.length).toBeGreaterThan(0);
    expect(imports.filter((line) => !/^import type /.test(line))).toEqual([]);
  });

  it('makes file names from model ids', () => {
    expect(fileStem('model@run 1/2')).toBe('model-run-1-2');
    expect(fileStem('@@')).toBe('model');
  });
});
