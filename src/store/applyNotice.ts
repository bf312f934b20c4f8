import type { DagDefinition } from '../core/dag';
import type { Notification } from '../core/notification';
import type { SchedulerState } from '../core/schedulerState';
import { assertNever } from '../core/states';
import type { MirrorNotice, MirrorSnapshot } from '../runtime/tabs/mirror';
import { type Alert, taskAlerts } from './taskAlerts';
import { appendLogLines, MAX_TOASTS, mergeLogLines, type PlaygroundState, type PlaygroundStore } from './playgroundStore';

/**
 * What changes the store while the playground runs: the coordinator's notices, plus the dataset versions' metadata that
 * the scheduling tab re-reads from IndexedDB after each dataset event. A tab that schedules applies them as its
 * coordinator emits them; a tab that mirrors another applies the same notices received over the tab channel.
 */
export type StoreNotice = MirrorNotice;

/** The one reducer from notices to the store, shared by the scheduling tab and the mirroring ones. */
export function applyNotice(store: PlaygroundStore, notice: StoreNotice): void {
  switch (notice.type) {
    case 'state':
      store.setState((state) => ({
        scheduler: notice.state,
        dags: dagsOfScheduler(state.dags, notice.state),
        ...withNotifications(state, taskAlerts(state.scheduler, notice.state, Date.now())),
      }));
      break;
    case 'logs':
      store.setState((state) => appendLogLines(state, notice.lines));
      break;
    case 'dataset_event':
      store.setState((state) => ({
        datasetEvents: [...state.datasetEvents, notice.event],
        lastTrigger:
          notice.triggeredRuns.length > 0
            ? { key: (state.lastTrigger?.key ?? 0) + 1, event: notice.event, consumers: notice.triggeredRuns.map((r) => r.dagId) }
            : state.lastTrigger,
      }));
      break;
    case 'dataset_versions':
      store.setState({ datasetVersions: notice.versions });
      break;
    case 'run_finished':
      break;
    case 'notification':
      store.setState((state) => withNotifications(state, [notice.notification]));
      break;
    case 'storage_error':
      store.setState({ storageError: notice.message });
      break;
    case 'training_progress':
      store.setState((state) => ({ trainingProgress: { ...state.trainingProgress, [notice.tryKey]: notice.progress } }));
      break;
    default:
      assertNever(notice, 'store notice');
  }
}

/**
 * Adds notifications to the log and the toasts. Numbered by the store, not the coordinator: a tab that took over
 * scheduling starts a new coordinator, whose numbers would repeat those of the notifications it mirrored before.
 */
function withNotifications(state: PlaygroundState, added: readonly Alert[]): Partial<PlaygroundState> {
  if (added.length === 0) return {};
  let id = state.notifications.at(-1)?.id ?? 0;
  const numbered: Notification[] = added.map((n) => ({ ...n, id: ++id }));
  return {
    notifications: [...state.notifications, ...numbered],
    toasts: [...state.toasts, ...numbered].slice(-MAX_TOASTS),
  };
}

/** What a mirroring tab needs to show the same playground as the scheduling tab: the part of the store notices feed. */
export type StoreSnapshot = MirrorSnapshot;

export function snapshotOf(state: PlaygroundState): StoreSnapshot {
  const { scheduler, datasetVersions, datasetEvents, notifications, logs, storageError } = state;
  return { scheduler, datasetVersions, datasetEvents, notifications, logs, storageError };
}

/**
 * Replaces what notices feed with a full snapshot. Log lines already here stay (a stored log may have been loaded);
 * toasts are not replayed: they are for what happens from now on.
 */
export function applySnapshot(store: PlaygroundStore, snapshot: StoreSnapshot): void {
  store.setState((state) => {
    const merged = mergeLogLines({ ...state, logs: snapshot.logs }, Object.values(state.logs).flat());
    return {
      scheduler: snapshot.scheduler,
      dags: snapshot.scheduler ? dagsOfScheduler(state.dags, snapshot.scheduler) : state.dags,
      datasetVersions: snapshot.datasetVersions,
      datasetEvents: snapshot.datasetEvents,
      notifications: snapshot.notifications,
      storageError: snapshot.storageError,
      ...merged,
    };
  });
}

/**
 * The DAG list follows the scheduler's (DAGs can be imported or reset while the page runs). The same array is kept
 * while nothing changed, so the views that list DAGs do not re-render on every step; a mirroring tab receives cloned
 * states, so its DAGs are compared by content when the objects differ.
 */
export function dagsOfScheduler(current: readonly DagDefinition[], scheduler: SchedulerState): readonly DagDefinition[] {
  const next = Object.values(scheduler.dags);
  const same =
    next.length === current.length &&
    next.every((dag, i) => dag === current[i] || (dag.id === current[i]!.id && JSON.stringify(dag) === JSON.stringify(current[i])));
  return same ? current : next;
}

/** A command that was refused, or a tab that did not answer, shown as an error notification. */
export function notifyRefusal(store: PlaygroundStore, errors: readonly string[]): void {
  applyNotice(store, {
    type: 'notification',
    notification: { id: 0, timestamp: Date.now(), level: 'error', title: 'Not done', message: errors.join(' '), source: 'system' },
  });
}
