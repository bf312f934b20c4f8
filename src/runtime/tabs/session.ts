import { notReadyClient, type PlaygroundClient } from '../commands/playgroundCommand';
import { newTabId, type TabChannel } from './channel';
import { mirrorLeader, type FollowerLink } from './followerLink';
import { serveFollowers } from './leaderLink';
import type { MirrorSource, MirrorTarget } from './mirror';
import { SCHEDULER_LOCK_NAME, tabMessage, type TabId } from './protocol';

/**
 * One tab schedules at a time. Every tab asks for the same exclusive Web Lock and, once granted, holds it for as long as
 * it lives: that tab runs the coordinator and the worker pool. A tab still waiting for the lock mirrors the scheduling
 * tab over a BroadcastChannel and forwards what a person does to it. When the scheduling tab closes or reloads, the
 * browser releases its lock, a waiting tab is granted it and boots as usual: the coordinator restores what IndexedDB
 * kept, and takes up the tries that were in flight in the closed tab (recorded as lost; no retry is used).
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


/**
 * Which part this tab plays when several tabs are open: the one that holds the scheduler lock runs the coordinator and
 * the workers ("leader"); the others mirror it live and forward what a person does ("follower"). `solo` leads without
 * the lock, in a browser lacking Web Locks or BroadcastChannel: every tab schedules, as before.
 */
export type TabRole = 'leader' | 'follower' | 'solo';

/** What the session says about this tab as it goes: the page's store shows it. */
export interface TabStatus {
  readonly tabRole?: TabRole;
  readonly status?: 'booting' | 'ready' | 'failed';
  readonly bootError?: string | null;
}

/** Where the session reports to: the tab's status, and (while it mirrors) the scheduling tab's snapshots and notices. */
export interface TabView extends MirrorTarget {
  update(status: TabStatus): void;
}

/** What a tab that schedules gives the session: its client (which also serves forwarded commands) and its news. */
export interface SchedulingTab {
  readonly client: PlaygroundClient;
  readonly mirror: MirrorSource;
}

export interface TabSessionOptions {
  readonly view: TabView;
  /** Starts scheduling in this tab (the app's boot): called once, when the tab becomes the scheduling tab. */
  readonly boot: () => Promise<SchedulingTab>;
  /** navigator.locks; undefined where the browser lacks it (every tab then schedules, as before). */
  readonly locks: LockManagerLike | undefined;
  /** Opens the tab channel; undefined where the browser lacks BroadcastChannel. */
  readonly openChannel: (() => TabChannel) | undefined;
  /** The Web Lock the scheduling tab holds; tabs of one storage scope share it (runtime/storageScope.ts). */
  readonly lockName?: string;
  readonly tabId?: TabId;
  readonly requestTimeoutMs?: number;
  readonly stateIntervalMs?: number;
  /**
   * Asked before the election: a reason means this tab schedules on its own, even where the browser has Web Locks and
   * BroadcastChannel — e.g. its data lives in memory (IndexedDB unavailable), so it can neither mirror another tab nor
   * be mirrored. null takes part in the election as usual.
   */
  readonly soloCheck?: () => Promise<string | null>;
  /** Another tab reset all data: this page reloads. */
  readonly onReload?: () => void;
  readonly warn?: (message: string) => void;
}

export interface TabSession {
  readonly tabId: TabId;
  /**
   * Where this tab's commands go: its own playground once it schedules, the scheduling tab while it mirrors one, and
   * a refusal ("still starting") in between. The page holds this one client for its whole life.
   */
  readonly client: PlaygroundClient;
  /** True while this tab mirrors another. */
  readonly mirroring: boolean;
  /** Resolves once this tab can act: its playground booted, or it holds the scheduling tab's snapshot. */
  readonly ready: Promise<void>;
  /** Tells every other tab to reload (all data was reset). */
  announceReload(): void;
  /** The tab goes away: a mirroring tab tells the scheduling tab it no longer listens. */
  close(): void;
}

/** Starts this tab: as the scheduling tab, as a mirror of it, or (without Web Locks or BroadcastChannel) on its own. */
export function startTabSession(options: TabSessionOptions): TabSession {
  const { view } = options;
  const tabId = options.tabId ?? newTabId();
  let own: PlaygroundClient | null = null;
  let follower: FollowerLink | null = null;
  let channel: TabChannel | null = null;
  let markReady!: () => void;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  const starting = notReadyClient(() => 'The playground is still starting.');

  const lead = async (leaderChannel: TabChannel | null) => {
    // Requests still waiting went to the tab that just closed: it will not answer them.
    follower?.stop();
    follower = null;
    view.update({ tabRole: leaderChannel ? 'leader' : 'solo', status: 'booting' });
    try {
      const up = await options.boot();
      own = up.client;
      if (leaderChannel) {
        serveFollowers({
          channel: leaderChannel,
          tabId,
          source: up.mirror,
          client: up.client,
          ...(options.stateIntervalMs === undefined ? {} : { stateIntervalMs: options.stateIntervalMs }),
        });
      }
      view.update({ status: 'ready', bootError: null });
      markReady();
    } catch (error) {
      view.update({ status: 'failed', bootError: error instanceof Error ? error.message : String(error) });
    }
  };

  const start = (soloReason: string | null) => {
    channel = soloReason === null && options.locks && options.openChannel ? options.openChannel() : null;
    if (soloReason !== null) {
      (options.warn ?? console.warn)(`${soloReason}: this tab schedules on its own.`);
      void lead(null);
    } else if (!options.locks || !channel) {
      (options.warn ?? console.warn)(
        `This browser lacks ${options.locks ? 'BroadcastChannel' : 'the Web Locks API'}: each open tab of the playground schedules on its own.`,
      );
      void lead(null);
    } else {
      const tabChannel = channel;
      electLeader(options.locks, options.lockName ?? SCHEDULER_LOCK_NAME, {
        onFollower() {
          const link = mirrorLeader({
            channel: tabChannel,
            tabId,
            target: view,
            ...(options.onReload ? { onReload: options.onReload } : {}),
            ...(options.requestTimeoutMs === undefined ? {} : { timeoutMs: options.requestTimeoutMs }),
          });
          follower = link;
          view.update({ tabRole: 'follower' });
          void link.synced.then(() => {
            if (follower !== link) return;
            view.update({ status: 'ready', bootError: null });
            markReady();
          });
        },
        onLeader: () => void lead(tabChannel),
      });
    }
  };
  if (options.soloCheck) void options.soloCheck().then(start, () => start(null));
  else start(null);

  return {
    tabId,
    client: {
      // Chosen at each command: a tab that takes over scheduling sends its next command to its own playground.
      execute: (command) => (own ?? follower ?? starting).execute(command),
    },
    get mirroring() {
      return follower !== null;
    },
    ready,
    announceReload() {
      try {
        channel?.postMessage(tabMessage(tabId, { type: 'reload' }));
      } catch {
        // A closed channel has no one left to tell.
      }
    },
    close() {
      follower?.stop();
      follower = null;
    },
  };
}
