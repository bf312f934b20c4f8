import type { Database } from './database';
import { guardQuota } from './quota';
import type { ModelRecord } from './schema';
import { quoted } from '../../core/displayText';

export async function saveModel(db: Database, model: ModelRecord): Promise<void> {
  const size = (model.weightData.byteLength / 1024).toFixed(1);
  await guardQuota(`model ${model.id} (${size} kB of weights)`, () => db.put('models', model));
}

export async function loadModel(db: Database, id: string): Promise<ModelRecord> {
  const model = await db.get('models', id);
  if (!model) throw new Error(`Model ${quoted(id)} is not stored.`);
  return model;
}

/** What a list of model versions shows without the weights. */
export type ModelSummary = Omit<ModelRecord, 'weightData' | 'artifacts'>;

/** Every stored model without its weights, newest first (by creation time, then id). */
export async function listModels(db: Database): Promise<ModelSummary[]> {
  const summaries: ModelSummary[] = [];
  let cursor = await db.transaction('models').store.openCursor();
  while (cursor) {
    const { weightData: _weights, artifacts: _artifacts, ...summary } = cursor.value;
    summaries.push(summary);
    cursor = await cursor.continue();
  }
  return summaries.sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
}

/** The most recently created model's id, or null when none is stored. */
export async function newestModelId(db: Database): Promise<string | null> {
  return (await listModels(db))[0]?.id ?? null;
}
