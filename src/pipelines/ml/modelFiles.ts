import type { JsonValue } from '../../core/json';
import type { ModelRecord } from '../../core/records';

/** A stored model as the two files tfjs' `tf.loadLayersModel('…/model.json')` reads. */
export interface TfjsModelFiles {
  readonly modelJson: string;
  readonly weightsFileName: string;
  readonly weights: ArrayBuffer;
}

type Json = Record<string, JsonValue>;

/**
 * Turns a stored model into tfjs' `model.json` + `*.weights.bin` format (what `tf.io.browserDownloads` writes), for a
 * download button on the main thread: it only rearranges JSON and copies the weights, and does not import tfjs. The
 * scaler travels in `userDefinedMetadata`: the model expects standardized (and clipped) features, and anyone loading it
 * elsewhere needs the training rows' means and stds to feed it.
 */
export function tfjsModelFiles(record: ModelRecord): TfjsModelFiles {
  const artifacts = record.artifacts;
  if (artifacts === null || typeof artifacts !== 'object' || Array.isArray(artifacts)) {
    throw new Error(`Model ${record.id} has no tfjs artifacts to export.`);
  }
  const { modelTopology, weightSpecs, format, generatedBy, convertedBy, trainingConfig } = artifacts as Json;
  if (modelTopology === undefined || !Array.isArray(weightSpecs)) {
    throw new Error(`Model ${record.id} is missing its topology or weight specs: it cannot be exported.`);
  }
  const weightsFileName = `${fileStem(record.id)}.weights.bin`;
  const metadata: Json = { modelId: record.id, trainedOn: record.trainedOn };
  if (record.kind) metadata.kind = record.kind;
  if (record.scaler) metadata.scaler = record.scaler as unknown as JsonValue;
  const modelJson: Json = {
    modelTopology,
    format: format ?? 'layers-model',
    generatedBy: generatedBy ?? null,
    convertedBy: convertedBy ?? null,
    ...(trainingConfig === undefined ? {} : { trainingConfig }),
    weightsManifest: [{ paths: [`./${weightsFileName}`], weights: weightSpecs }],
    userDefinedMetadata: metadata,
  };
  return { modelJson: JSON.stringify(modelJson), weightsFileName, weights: record.weightData.slice(0) };
}

/** A file name from a model id (`model@run/1` → `model-run-1`): letters, digits, dot, dash and underscore only. */
export function fileStem(modelId: string): string {
  return modelId.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'model';
}
