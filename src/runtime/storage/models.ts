import type { Database } from './database';
import { guardQuota } from './quota';
import type { ModelRecord } from '../../core/records';
import { quoted } from '../../core/displayText';

export interface SaveModelOptions {
  /**
   * A model a try stores is staged (false, the default) until the write recording the try's success commits it, as a
   * dataset version waits for its event: a try that never succeeds leaves no visible model. True stores a visible
   * model at once (tests, imports of a model that has no try to wait for).
   */
  readonly committed?: boolean;
}

export async function saveModel(db: Database, model: ModelRecord, options: SaveModelOptions = {}): Promise<void> {
  const size = (model.weightData.byteLength / 1024).toFixed(1);
  const record: ModelRecord = { ...model, committed: options.committed ?? false };
  await guardQuota(`model ${model.id} (${size} kB of weights)`, () => db.put('models', record));
}

/** Models stored before staging existed have no `committed` field: they were visible, so they count as committed. */
export function isModelCommitted(model: Pick<ModelRecord, 'committed'>): boolean {
  return model.committed !== false;
}

/** A model by id, staged or committed (the id comes from the try that stored it, or from a listing). */
export async function loadModel(db: Database, id: string): Promise<ModelRecord> {
  const model = await db.get('models', id);
  if (!model) throw new Error(`Model ${quoted(id)} is not stored.`);
  return model;
}

/** What a list of model versions shows without the weights. */
export type ModelSummary = Omit<ModelRecord, 'weightData' | 'artifacts'>;

/** Every committed model without its weights, newest first (by creation time, then id); staged ones are left out. */
export async function listModels(db: Database): Promise<ModelSummary[]> {
  const summaries: ModelSummary[] = [];
  let cursor = await db.transaction('models').store.openCursor();
  while (cursor) {
    const { weightData: _weights, artifacts: _artifacts, ...summary } = cursor.value;
    if (isModelCommitted(summary)) summaries.push(summary);
    cursor = await cursor.continue();
  }
  return summaries.sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
}

/** The most recently created committed model's id, or null when none is stored. */
export async function newestModelId(db: Database): Promise<string | null> {
  return (await listModels(db))[0]?.id ?? null;
}
