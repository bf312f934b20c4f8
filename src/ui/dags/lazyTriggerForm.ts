import { useCallback, useState } from 'react';
import type { DagId } from '../../core/ids';
import { lazyPage } from '../lazyPage';

/**
 * The trigger form (Airflow's "Trigger DAG w/ config") with its param fields, out of the entry chunk (issue 16: the
 * first page carries what it shows, and the form shows on a click): its code loads in idle time after ready, like the
 * pages' (lazyPage.tsx), or on the first click that needs it.
 */
export const TriggerForm = lazyPage('trigger form', () => import('./TriggerForm').then((m) => m.TriggerForm));

/**
 * Which DAG's trigger form is open. `open` shows it once its code is there (loaded in idle time, so usually at once;
 * one request otherwise), so the dialog never stands in as a page skeleton; a chunk that failed to load shows why
 * (lazyPage's boundary).
 */
export function useTriggerForm(): { readonly formDagId: DagId | null; readonly open: (dagId: DagId) => void; readonly close: () => void } {
  const [formDagId, setFormDagId] = useState<DagId | null>(null);
  const open = useCallback((dagId: DagId) => {
    void TriggerForm.preload()
      .catch(() => undefined)
      .then(() => setFormDagId(dagId));
  }, []);
  const close = useCallback(() => setFormDagId(null), []);
  return { formDagId, open, close };
}
