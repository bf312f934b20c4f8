import type { DatasetVersionId } from '../../core/ids';
import type { Database } from './database';
import { withDefaults } from './datasets';
import type { DatasetVersionMeta } from '../../core/records';

/** A model a version was made with, and the version that model was trained on. */
export interface LineageModel {
  readonly id: string;
  readonly trainedOn: DatasetVersionId | null;
  /** False when the model record is no longer stored. */
  readonly stored: boolean;
}

/** One version in a lineage chain; `depth` 0 is the version asked about, 1 what it was made from, and so on. */
export interface LineageNode {
  readonly id: DatasetVersionId;
  readonly depth: number;
  /** null when the version is no longer stored (deleted by retention): the chain stops there. */
  readonly meta: DatasetVersionMeta | null;
  readonly models: readonly LineageModel[];
  /** The versions this one was made from: its inputs and the training data of its models. */
  readonly parents: readonly DatasetVersionId[];
}

/**
 * The chain upward from a version: what it was made from, what that was made from, … breadth first, each version
 * once (a diamond — predictions made from features and from a model trained on the same features — lists the
 * features once, at the nearest depth).
 */
export async function lineageOf(db: Database, versionId: DatasetVersionId): Promise<LineageNode[]> {
  const nodes: LineageNode[] = [];
  const seen = new Set<DatasetVersionId>([versionId]);
  let frontier: DatasetVersionId[] = [versionId];
  for (let depth = 0; frontier.length > 0; depth++) {
    const next: DatasetVersionId[] = [];
    for (const id of frontier) {
      const raw = await db.get('datasetVersions', id);
      const meta = raw ? withDefaults(raw) : null;
      const models: LineageModel[] = [];
      for (const modelId of meta?.models ?? []) {
        const model = await db.get('models', modelId);
        models.push({ id: modelId, trainedOn: model?.trainedOn ?? null, stored: model !== undefined });
      }
      const parents = [...new Set([...(meta?.inputs ?? []), ...models.flatMap((m) => (m.trainedOn ? [m.trainedOn] : []))])];
      nodes.push({ id, depth, meta, models, parents });
      for (const parent of parents) {
        if (seen.has(parent)) continue;
        seen.add(parent);
        next.push(parent);
      }
    }
    frontier = next;
  }
  return nodes;
}
