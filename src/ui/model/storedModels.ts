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

/** Ties by id in code-unit order, as datasets' newestFirst (no ICU on the page). */
export const newestModelFirst = (a: ModelRecord, b: ModelRecord) => b.createdAt - a.createdAt || (b.id < a.id ? -1 : b.id > a.id ? 1 : 0);

const READ_AGAIN_MS = [50, 100, 200, 400, 800, 1_600, 3_200];

/**
 * Every committed model, newest first, once the ones `expected` names are committed — or as they are after a few
 * seconds. The page hears of a train try's success from the scheduler's state before the write that records it (and
 * commits its model in the same transaction) has landed: read at once, the newest model would still be staged, hidden,
 * and nothing would ask again.
 */
export async function readCommittedModels(
  db: Pick<Database, 'getAll'>,
  expected: readonly string[],
  wait: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  alive: () => boolean = () => true,
): Promise<ModelRecord[]> {
  for (let attempt = 0; ; attempt++) {
    // A staged model belongs to a try whose success is not recorded (yet, or ever): not a version to show.
    const models = (await db.getAll('models')).filter(isModelCommitted);
    const shown = new Set(models.map((m) => m.id));
    const delay = READ_AGAIN_MS[attempt];
    if (delay === undefined || !alive() || expected.every((id) => shown.has(id))) return models.sort(newestModelFirst);
    await wait(delay);
  }
}

/** Every committed model, newest first, read again when `key` changes (a new model was stored). */
export function useStoredModels(db: Database | null, key: string): ModelsState {
  const [state, setState] = useState<ModelsState>({ status: 'loading' });
  useEffect(() => {
    if (!db) return;
    let live = true;
    readCommittedModels(db, key === '' ? [] : key.split('|'), undefined, () => live).then(
      (models) => live && setState({ status: 'ready', models }),
      (error: unknown) => live && setState({ status: 'error', message: error instanceof Error ? error.message : String(error) }),
    );
    return () => {
      live = false;
    };
  }, [db, key]);
  return state;
}
