import { useEffect, useState } from 'react';
import type { Database } from '../../runtime/storage/database';
import type { ModelRecord } from '../../core/records';
import { isModelCommitted } from '../../runtime/storage/models';
import type { PlaygroundState } from '../../store/playgroundStore';

/**
 * A key that changes whenever a task stores a model: the model ids that succeeded tasks returned (train, and any task
 * returning `{ modelId }`), in run order. Cheap to compute on every store update, and a string, so equal keys do not
 * re-render.
 */
export function modelsKey(state: PlaygroundState): string {
  const runs = state.scheduler?.runs;
  if (!runs) return '';
  const ids: string[] = [];
  for (const run of Object.values(runs)) {
    for (const ti of run.tasks) {
      if (ti.state !== 'success') continue;
      const value = ti.returnValue;
      if (value && typeof value === 'object' && !Array.isArray(value) && typeof value.modelId === 'string') ids.push(value.modelId);
    }
  }
  return ids.sort().join('|');
}

export type ModelsState =
  | { readonly status: 'loading' }
  | { readonly status: 'ready'; readonly models: readonly ModelRecord[] }
  | { readonly status: 'error'; readonly message: string };

export const newestModelFirst = (a: ModelRecord, b: ModelRecord) => b.createdAt - a.createdAt || b.id.localeCompare(a.id);

/** Every committed model, newest first, read again when `key` changes (a new model was stored). */
export function useStoredModels(db: Database | null, key: string): ModelsState {
  const [state, setState] = useState<ModelsState>({ status: 'loading' });
  useEffect(() => {
    if (!db) return;
    let live = true;
    db.getAll('models').then(
      // A staged model belongs to a try whose success is not recorded (yet, or ever): not a version to show.
      (models) => live && setState({ status: 'ready', models: models.filter(isModelCommitted).sort(newestModelFirst) }),
      (error: unknown) => live && setState({ status: 'error', message: error instanceof Error ? error.message : String(error) }),
    );
    return () => {
      live = false;
    };
  }, [db, key]);
  return state;
}
