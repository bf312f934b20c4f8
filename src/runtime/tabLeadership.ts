import type { DagDefinition } from '../core/dag';
import type { DagId, RunId } from '../core/ids';
import type { JsonValue } from '../core/json';
import { validateParams } from '../core/params';
import { applyNotice, snapshotOf, type StoreNotice } from '../store/applyNotice';
import { mergeLogLines, type PlaygroundStore } from '../store/playgroundStore';
import type { Playground } from './boot';
import type { Coordinator } from './coordinator';
import { newTabId, TabRequestError, type TabChannel } from './tabs/channel';
import { mirrorLeader, type FollowerLink } from './tabs/followerLink';
import { serveFollowers, type MirrorSource, type TabCommands } from './tabs/leaderLink';
import { SCHEDULER_LOCK_NAME, type TabAction, type TabActionResults, type TabId } from './tabs/protocol';
import { quoted } from '../core/displayText';

/**
 * One tab schedules at a time. Every tab asks for the same exclusive Web Lock and, once granted, holds it for as long as
 * it lives: that tab runs the coordinator and the worker pool. A tab still waiting for the lock mirrors the scheduling
 * tab over a BroadcastChannel and forwards what a person does to it. When the scheduling tab closes or reloads, the
 * browser releases its lock, a waiting tab is granted it and boots as usual: the coordinator restores what IndexedDB
 * kept, and fails the tries that were in flight in the closed tab as TaskLost (retried by their rules).
 */

/** The part of the Web Locks API used here (navigator.locks fits; tests pass a fake). */
export interface LockManagerLike {
  request(name: string, options: { mode?: 'exclusive'; ifAvailable?: boolean }, callback: (lock: unknown) => unknown): Promise<unknown>;
}

/**
 * Asks for the lock and keeps it for the tab's lifetime. `onFollower` runs first if another tab holds it (at most
 * once); `onLeader` runs once, when this tab holds it.
 */
export function electLeader(locks: LockManagerLike, name: string, handlers: { onFollower(): void; onLeader(): void }): void {
  const holdForever = () => {
    handlers.onLeader();
    return new Promise<never>(() => {});
  };
  const failed = (error: unknown) => console.error(`Could not take the "${name}" lock:`, error);
  locks
    .request(name, { mode: 'exclusive', ifAvailable: true }, (lock) => {
      if (lock) return holdForever();
      handlers.onFollower();
      locks.request(name, { mode: 'exclusive' }, holdForever).catch(failed);
      return undefined;
    })
    .catch(failed);
}

export interface TabSessionOptions {
  readonly store: PlaygroundStore;
  /** Starts scheduling in this tab (bootPlayground): called once, when the tab becomes the scheduling tab. */
  readonly boot: () => Promise<Playground>;
  /** navigator.locks; undefined where the browser lacks it (every tab then schedules, as before). */
  readonly locks: LockManagerLike | undefined;
  /** Opens the tab channel; undefined where the browser lacks BroadcastChannel. */
  readonly openChannel: (() => TabChannel) | undefined;
  readonly tabId?: TabId;
  readonly requestTimeoutMs?: number;
  readonly stateIntervalMs?: number;
  /** Told once, when this tab's playground is up. */
  readonly onLeader?: (playground: Playground) => void;
  /**
   * Asked before the election: a reason means this tab schedules on its own, even where the browser has Web Locks and
   * BroadcastChannel — e.g. its data lives in memory (IndexedDB unavailable), so it can neither mirror another tab nor
   * be mirrored. null takes part in the election as usual.
   */
  readonly soloCheck?: () => Promise<string | null>;
  readonly warn?: (message: string) => void;
}

export interface TabSession {
  readonly tabId: TabId;
  /** This tab's playground once it schedules; null while it mirrors another tab or starts. */
  readonly playground: Playground | null;
  /** True while this tab mirrors another: actions go through `forward`. */
  readonly mirroring: boolean;
  /** Resolves once this tab can act: its playground booted, or it holds the scheduling tab's snapshot. */
  readonly ready: Promise<void>;
  /** Asks the scheduling tab to carry out an action (only while mirroring). */
  forward<A extends TabAction>(action: A): Promise<TabActionResults[A['kind']]>;
  /** Loads a past run's stored log into the store: from IndexedDB here, or from the scheduling tab. */
  loadRunLogs(runId: RunId): Promise<void>;
  /** The tab goes away: a mirroring tab tells the scheduling tab it no longer listens. */
  close(): void;
}

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
        const notices: StoreNotice[] = [];
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

export function commandsOf(playground: Playground): TabCommands {
  const { coordinator } = playground;
  return {
    trigger: (dagId, params) => coordinator.trigger(dagId, params),
    setPaused: (dagId, paused) => coordinator.setPaused(dagId, paused),
    clearTask: (runId, taskId, downstream) => coordinator.clearTask(runId, taskId, downstream),
    markTask: (runId, taskId, state) => coordinator.markTask(runId, taskId, state),
    markRun: (runId, state) => coordinator.markRun(runId, state),
    createDatasetEvent: (datasetId) => coordinator.createDatasetEvent(datasetId),
    runLogs: (runId) => playground.runLogs(runId),
  };
}

/**
 * The checks the coordinator makes before it creates a run, made in a mirroring tab so a person sees refused params at
 * once (the scheduling tab checks again).
 */
export function precheckTrigger(
  dags: readonly DagDefinition[],
  dagId: DagId,
  params: Readonly<Record<string, JsonValue>>,
): { readonly ok: true } | { readonly ok: false; readonly errors: readonly string[] } {
  const dag = dags.find((d) => d.id === dagId);
  if (!dag) return { ok: false, errors: [`Unknown DAG ${quoted(dagId)}.`] };
  const checked = validateParams(dag.params, params);
  return checked.ok ? { ok: true } : { ok: false, errors: checked.errors };
}

/** Shows a forwarded action's failure (a refusal, or a scheduling tab that did not answer) as an error notification. */
export function reportTabError(store: PlaygroundStore, error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  applyNotice(store, {
    type: 'notification',
    notification: { id: 0, timestamp: Date.now(), level: 'error', title: 'Not done', message, source: 'system' },
  });
}

/** Starts this tab: as the scheduling tab, as a mirror of it, or (without Web Locks or BroadcastChannel) on its own. */
export function startTabSession(options: TabSessionOptions): TabSession {
  const { store } = options;
  const tabId = options.tabId ?? newTabId();
  let playground: Playground | null = null;
  let follower: FollowerLink | null = null;
  let markReady!: () => void;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  let markBooted!: (playground: Playground) => void;
  const booted = new Promise<Playground>((resolve) => (markBooted = resolve));
  const logsAsked = new Set<RunId>();

  const lead = async (channel: TabChannel | null) => {
    // Requests still waiting went to the tab that just closed: it will not answer them.
    follower?.stop();
    follower = null;
    store.setState({ tabRole: channel ? 'leader' : 'solo', status: 'booting' });
    try {
      const up = await options.boot();
      playground = up;
      if (channel) {
        serveFollowers({
          channel,
          tabId,
          source: mirrorSourceOf(store, up.coordinator),
          commands: commandsOf(up),
          ...(options.stateIntervalMs === undefined ? {} : { stateIntervalMs: options.stateIntervalMs }),
        });
      }
      options.onLeader?.(up);
      store.setState({ status: 'ready', bootError: null });
      markBooted(up);
      markReady();
    } catch (error) {
      store.setState({ status: 'failed', bootError: error instanceof Error ? error.message : String(error) });
    }
  };

  const start = (soloReason: string | null) => {
    const channel = soloReason === null && options.locks && options.openChannel ? options.openChannel() : null;
    if (soloReason !== null) {
      (options.warn ?? console.warn)(`${soloReason}: this tab schedules on its own.`);
      void lead(null);
    } else if (!options.locks || !channel) {
      (options.warn ?? console.warn)(
        `This browser lacks ${options.locks ? 'BroadcastChannel' : 'the Web Locks API'}: each open tab of the playground schedules on its own.`,
      );
      void lead(null);
    } else {
      electLeader(options.locks, SCHEDULER_LOCK_NAME, {
        onFollower() {
          const link = mirrorLeader({
            channel,
            tabId,
            store,
            ...(options.requestTimeoutMs === undefined ? {} : { timeoutMs: options.requestTimeoutMs }),
          });
          follower = link;
          store.setState({ tabRole: 'follower' });
          void link.synced.then(() => {
            if (follower !== link) return;
            store.setState({ status: 'ready', bootError: null });
            markReady();
          });
        },
        onLeader: () => void lead(channel),
      });
    }
  };
  if (options.soloCheck) void options.soloCheck().then(start, () => start(null));
  else start(null);

  return {
    tabId,
    get playground() {
      return playground;
    },
    get mirroring() {
      return follower !== null;
    },
    ready,
    forward(action) {
      if (!follower) return Promise.reject(new TabRequestError('This tab does not mirror another one.'));
      return follower.request(action);
    },
    async loadRunLogs(runId) {
      await ready;
      // A tab that is taking over scheduling reads its own storage once it is up.
      if (!follower) return (playground ?? (await booted)).loadRunLogs(runId);
      if (logsAsked.has(runId)) return;
      logsAsked.add(runId);
      try {
        const lines = await follower.request({ kind: 'runLogs', runId });
        store.setState((state) => mergeLogLines(state, lines));
      } catch {
        logsAsked.delete(runId); // ask again next time the run is shown
      }
    },
    close() {
      follower?.stop();
      follower = null;
    },
  };
}
