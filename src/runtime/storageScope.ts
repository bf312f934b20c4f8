import { DEFAULT_DB_NAME } from './storage/schema';
import { SCHEDULER_LOCK_NAME, TAB_CHANNEL_NAME } from './tabs/protocol';

/**
 * Where one page of the playground keeps its data and whom it talks to: its IndexedDB database, the BroadcastChannels
 * and the Web Lock its tabs share, and whether its settings are stored in this browser. Decided once at start from the
 * URL (main.tsx) and passed down, so that an embedded playground (`?embed=1&id=…`) never reads, writes, mirrors or
 * schedules for the full app, nor for an embed with another id; two frames with the same id share, as two tabs do.
 */
export interface StorageScope {
  readonly kind: 'app' | 'embed';
  /** The embed's id; null for the full app. */
  readonly embedId: string | null;
  readonly dbName: string;
  /** The tabs' channel and the scheduler lock (runtime/tabs). */
  readonly tabChannel: string;
  readonly schedulerLock: string;
  /** The editor workspace's change notices. */
  readonly workspaceChannel: string;
  /** Whether settings are read from and written to localStorage (the full app's); an embed takes them from its URL. */
  readonly storesSettings: boolean;
}

export const APP_WORKSPACE_CHANNEL = 'pipeline-playground-workspace';

export const APP_SCOPE: StorageScope = {
  kind: 'app',
  embedId: null,
  dbName: DEFAULT_DB_NAME,
  tabChannel: TAB_CHANNEL_NAME,
  schedulerLock: SCHEDULER_LOCK_NAME,
  workspaceChannel: APP_WORKSPACE_CHANNEL,
  storesSettings: true,
};

/** An embed id: short, and safe in a database, channel and lock name. The id comes from a URL, so it is checked. */
export const EMBED_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export function embedStorageScope(embedId: string): StorageScope {
  if (!EMBED_ID_PATTERN.test(embedId)) throw new Error(`Not an embed id: ${JSON.stringify(embedId.slice(0, 80))}`);
  return {
    kind: 'embed',
    embedId,
    dbName: `${DEFAULT_DB_NAME}-embed-${embedId}`,
    tabChannel: `${TAB_CHANNEL_NAME}/embed/${embedId}`,
    schedulerLock: `${SCHEDULER_LOCK_NAME}/embed/${embedId}`,
    workspaceChannel: `${APP_WORKSPACE_CHANNEL}/embed/${embedId}`,
    storesSettings: false,
  };
}
