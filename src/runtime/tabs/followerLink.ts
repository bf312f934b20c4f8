import { applyNotice, applySnapshot } from '../../store/applyNotice';
import type { PlaygroundStore } from '../../store/playgroundStore';
import { NO_ANSWER, TabRequestError, type TabChannel } from './channel';
import { parseActionResult, parseTabMessage, tabMessage, type TabAction, type TabActionKind, type TabActionResults, type TabId } from './protocol';

export interface FollowerLinkOptions {
  readonly channel: TabChannel;
  readonly tabId: TabId;
  readonly store: PlaygroundStore;
  /** How long a forwarded action waits for the scheduling tab's answer; default 10 s. */
  readonly timeoutMs?: number;
}

export interface FollowerLink {
  /** Asks the scheduling tab to act; rejects with a TabRequestError when it does not answer in time or refuses. */
  request<A extends TabAction>(action: A): Promise<TabActionResults[A['kind']]>;
  /** Resolves with the first full snapshot: the store shows the scheduling tab's playground from then on. */
  readonly synced: Promise<void>;
  /** Stops mirroring (and says bye); requests still waiting fail with `reason`. */
  stop(reason?: string): void;
}

interface Pending {
  readonly kind: TabActionKind;
  resolve(value: unknown): void;
  reject(error: Error): void;
  readonly timer: ReturnType<typeof setTimeout>;
}

/**
 * A tab that does not schedule: it asks for a snapshot, then applies the scheduling tab's notices to its store through
 * the same reducer a scheduling tab uses, and forwards what a person does as requests with ids.
 */
export function mirrorLeader(options: FollowerLinkOptions): FollowerLink {
  const { channel, tabId, store } = options;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let stopped = false;
  let markSynced!: () => void;
  const synced = new Promise<void>((resolve) => (markSynced = resolve));

  const settle = (id: number) => {
    const entry = pending.get(id);
    if (entry) {
      clearTimeout(entry.timer);
      pending.delete(id);
    }
    return entry;
  };

  const onMessage = (event: MessageEvent) => {
    const message = parseTabMessage(event.data);
    if (!message || message.from === tabId) return;
    switch (message.type) {
      case 'snapshot':
        if (message.to !== null && message.to !== tabId) return;
        applySnapshot(store, message.snapshot);
        markSynced();
        // A tab that starts scheduling announces itself to all: say hello, so it knows this tab listens.
        if (message.to === null) post(tabMessage(tabId, { type: 'hello' }));
        break;
      case 'notice':
        applyNotice(store, message.notice);
        break;
      case 'response': {
        if (message.to !== tabId) return;
        const entry = settle(message.id);
        if (!entry) return;
        if (!message.outcome.ok) {
          entry.reject(new TabRequestError(message.outcome.error));
          return;
        }
        const value = parseActionResult(entry.kind, message.outcome.value);
        if (value === undefined) entry.reject(new TabRequestError(`The scheduling tab's answer to ${entry.kind} was not understood.`));
        else entry.resolve(value);
        break;
      }
      case 'hello':
      case 'bye':
      case 'request':
        break; // for the scheduling tab
    }
  };

  const post = (message: unknown) => {
    try {
      channel.postMessage(message);
      return null;
    } catch (error) {
      return error instanceof Error ? error : new Error(String(error));
    }
  };

  channel.addEventListener('message', onMessage);
  post(tabMessage(tabId, { type: 'hello' }));

  return {
    synced,
    request<A extends TabAction>(action: A): Promise<TabActionResults[A['kind']]> {
      if (stopped) return Promise.reject(new TabRequestError(`${NO_ANSWER}: this tab no longer mirrors it.`));
      const id = nextId++;
      return new Promise<TabActionResults[A['kind']]>((resolve, reject) => {
        const timer = setTimeout(() => {
          settle(id);
          reject(new TabRequestError(`${NO_ANSWER} within ${Math.round(timeoutMs / 1000)} s (${action.kind}).`));
        }, timeoutMs);
        pending.set(id, { kind: action.kind, resolve: resolve as (value: unknown) => void, reject, timer });
        const failed = post(tabMessage(tabId, { type: 'request', id, action }));
        if (failed) {
          settle(id);
          reject(new TabRequestError(`Could not reach the scheduling tab: ${failed.message}`));
        }
      });
    },
    stop(reason = `${NO_ANSWER}: it closed.`) {
      if (stopped) return;
      stopped = true;
      channel.removeEventListener('message', onMessage);
      post(tabMessage(tabId, { type: 'bye' }));
      for (const id of [...pending.keys()]) settle(id)?.reject(new TabRequestError(reason));
    },
  };
}
