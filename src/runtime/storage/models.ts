import type { Database } from './database';
import { guardQuota } from './quota';
import type { ModelRecord } from './schema';

export async function saveModel(db: Database, model: ModelRecord): Promise<void> {
  const size = (model.weightData.byteLength / 1024).toFixed(1);
  await guardQuota(`model ${model.id} (${size} kB of weights)`, () => db.put('models', model));
}

export async function loadModel(db: Database, id: string): Promise<ModelRecord> {
  const model = await db.get('models', id);
  if (!model) throw new Error(`Model "${id}" is not stored.`);
  return model;
}
