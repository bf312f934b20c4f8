import type { ModelRecord } from '../../runtime/storage/schema';

/**
 * The files of a stored model in TensorFlow.js' format — `model.json` (topology and a weights manifest) and one binary
 * weights file — as `tf.loadLayersModel('…/model.json')` reads them.
 *
 * Written here against the signature of `tfjsModelFiles(record)` in src/pipelines/ml/modelFiles.ts (the ml helper's);
 * when that lands, this module re-exports it instead.
 */
export interface TfjsModelFiles {
  readonly modelJson: string;
  readonly weightsFileName: string;
  readonly weights: ArrayBuffer;
}

export function tfjsModelFiles(record: ModelRecord): TfjsModelFiles {
  const artifacts = (record.artifacts ?? {}) as Record<string, unknown>;
  const weightsFileName = `${record.id.replace(/[^\w.-]+/g, '_')}.weights.bin`;
  const modelJson = {
    format: artifacts.format ?? 'layers-model',
    generatedBy: artifacts.generatedBy,
    convertedBy: artifacts.convertedBy ?? null,
    modelTopology: artifacts.modelTopology,
    ...(artifacts.trainingConfig ? { trainingConfig: artifacts.trainingConfig } : {}),
    weightsManifest: [{ paths: [`./${weightsFileName}`], weights: artifacts.weightSpecs ?? [] }],
  };
  return { modelJson: JSON.stringify(modelJson), weightsFileName, weights: record.weightData };
}
