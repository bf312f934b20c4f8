import type { Coordinator } from '../runtime/coordinator';
import type { MirrorNotice, MirrorSource } from '../runtime/tabs/mirror';
import { snapshotOf } from '../store/applyNotice';
import type { PlaygroundStore } from '../store/playgroundStore';

/** A coordinator's notices and the store's storage-backed slices, as one stream for the tabs that mirror this one. */
export function mirrorSourceOf(store: PlaygroundStore, coordinator: Coordinator): MirrorSource {
  return {
    snapshot: () => snapshotOf(store.getState()),
    subscribe(listener) {
      const stopNotices = coordinator.subscribe((notice) => {
        if (notice.type !== 'storage_error') listener(notice);
      });
      // Versions and storage errors reach the store from more places than the coordinator (IndexedDB reads, the storage
      // view): pass on what the store ends up with.
      const stopStore = store.subscribe((state, previous) => {
        const notices: MirrorNotice[] = [];
        if (state.datasetVersions !== previous.datasetVersions) notices.push({ type: 'dataset_versions', versions: state.datasetVersions });
        if (state.storageError !== previous.storageError && state.storageError !== null) {
          notices.push({ type: 'storage_error', message: state.storageError });
        }
        for (const notice of notices) listener(notice);
      });
      return () => {
        stopNotices();
        stopStore();
      };
    },
  };
}
