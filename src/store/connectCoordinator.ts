import type { Coordinator } from '../runtime/coordinator';
import type { Database } from '../runtime/storage/database';
import { listDatasetVersions } from '../runtime/storage/datasets';
import { applyNotice } from './applyNotice';
import type { PlaygroundStore } from './playgroundStore';

/**
 * Feeds the store from the coordinator's notices. Dataset version metadata is re-read from IndexedDB after each
 * dataset event (metadata only: a few hundred bytes per version, never the columns).
 */
export function connectCoordinator(store: PlaygroundStore, coordinator: Coordinator, db: Database): () => void {
  const refreshVersions = () =>
    listDatasetVersions(db).then(
      (versions) => applyNotice(store, { type: 'dataset_versions', versions }),
      (error: unknown) => applyNotice(store, { type: 'storage_error', message: String(error) }),
    );
  applyNotice(store, { type: 'state', state: coordinator.snapshot });
  return coordinator.subscribe((notice) => {
    applyNotice(store, notice);
    // After the write that records the event: that transaction is the one that commits (makes visible) its version.
    if (notice.type === 'dataset_event') queueMicrotask(() => void coordinator.flush().then(refreshVersions));
  });
}
