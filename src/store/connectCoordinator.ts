import { assertNever } from '../core/states';
import type { Coordinator } from '../runtime/coordinator';
import type { Database } from '../runtime/storage/database';
import { listDatasetVersions } from '../runtime/storage/datasets';
import { appendLogLines, MAX_TOASTS, type PlaygroundStore } from './playgroundStore';

/**
 * Feeds the store from the coordinator's notices. Dataset version metadata is re-read from IndexedDB after each
 * dataset event (metadata only: a few hundred bytes per version, never the columns).
 */
export function connectCoordinator(store: PlaygroundStore, coordinator: Coordinator, db: Database): () => void {
  let pulseKey = 0;
  const refreshVersions = () =>
    listDatasetVersions(db).then(
      (datasetVersions) => store.setState({ datasetVersions }),
      (error: unknown) => store.setState({ storageError: String(error) }),
    );
  store.setState({ scheduler: coordinator.snapshot });
  return coordinator.subscribe((notice) => {
    switch (notice.type) {
      case 'state':
        store.setState({ scheduler: notice.state });
        break;
      case 'logs':
        store.setState((state) => appendLogLines(state, notice.lines));
        break;
      case 'dataset_event':
        store.setState((state) => ({
          datasetEvents: [...state.datasetEvents, notice.event],
          lastTrigger:
            notice.triggeredRuns.length > 0
              ? { key: ++pulseKey, event: notice.event, consumers: notice.triggeredRuns.map((r) => r.dagId) }
              : state.lastTrigger,
        }));
        void refreshVersions();
        break;
      case 'run_finished':
        break;
      case 'notification':
        store.setState((state) => ({
          notifications: [...state.notifications, notice.notification],
          toasts: [...state.toasts, notice.notification].slice(-MAX_TOASTS),
        }));
        break;
      case 'storage_error':
        store.setState({ storageError: notice.message });
        break;
      default:
        assertNever(notice, 'coordinator notice');
    }
  });
}
