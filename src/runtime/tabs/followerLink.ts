import { parseCommandResult } from '../commands/commandSchemas';
import { refused, type CommandResult, type CommandType, type PlaygroundClient, type PlaygroundCommand } from '../commands/playgroundCommand';
import { NO_ANSWER, type TabChannel } from './channel';
import type { MirrorTarget } from './mirror';
import { parseTabMessage, tabMessage, type TabId } from './protocol';

export interface FollowerLinkOptions {
  readonly channel: TabChannel;
  readonly tabId: TabId;
  /** Where snapshots and notices go (the page's store). */
  readonly target: MirrorTarget;
  /** How long a forwarded command waits for the scheduling tab's answer; default 10 s. */
  readonly timeoutMs?: number;
  /** The scheduling tab reset all data: this page reloads too. */
  readonly onReload?: () => void;
}

/** The mirroring tab's client: it forwards each command to the scheduling tab and checks the answer. */
export interface FollowerLink extends PlaygroundClient {
  /** Resolves with the first full snapshot: the page shows the scheduling tab's playground from then on. */
  readonly synced: Promise<void>;
  /** Stops mirroring (and says bye); commands still waiting are refused with `reason`. */
  stop(reason?: string): void;
}

interface Pending {
  readonly type: CommandType;
  resolve(result: unknown): void;
  readonly timer: ReturnType<typeof setTimeout>;
}

/**
 * A tab that does not schedule: it asks for a snapshot, then hands the scheduling tab's notices to its target (the
 * same reducer a scheduling tab uses), and forwards commands as requests with ids. Every outcome is a result: a
 * refusal, silence or an answer that does not parse resolves as `{ ok: false, errors }`, never as a rejection.
 */
export function mirrorLeader(options: FollowerLinkOptions): FollowerLink {
  const { channel, tabId, target } = options;
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
        target.applySnapshot(message.snapshot);
        markSynced();
        // A tab that starts scheduling announces itself to all: say hello, so it knows this tab listens.
        if (message.to === null) post(tabMessage(tabId, { type: 'hello' }));
        break;
      case 'notice':
        target.applyNotice(message.notice);
        break;
      case 'response': {
        if (message.to !== tabId) return;
        const entry = settle(message.id);
        if (!entry) return;
        const result = parseCommandResult(entry.type, message.result);
        entry.resolve(result ?? refused(`The scheduling tab's answer to ${entry.type} was not understood.`));
        break;
      }
      case 'reload':
        options.onReload?.();
        break;
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
    execute<C extends PlaygroundCommand>(command: C): Promise<CommandResult<C>> {
      if (stopped) return Promise.resolve(refused(`${NO_ANSWER}: this tab no longer mirrors it.`) as CommandResult<C>);
      const id = nextId++;
      return new Promise<CommandResult<C>>((resolve) => {
        const timer = setTimeout(() => {
          settle(id);
          resolve(refused(`${NO_ANSWER} within ${Math.round(timeoutMs / 1000)} s (${command.type}).`) as CommandResult<C>);
        }, timeoutMs);
        pending.set(id, { type: command.type, resolve: resolve as (result: unknown) => void, timer });
        const failed = post(tabMessage(tabId, { type: 'request', id, command }));
        if (failed) {
          settle(id);
          resolve(refused(`Could not reach the scheduling tab: ${failed.message}`) as CommandResult<C>);
        }
      });
    },
    stop(reason = `${NO_ANSWER}: it closed.`) {
      if (stopped) return;
      stopped = true;
      channel.removeEventListener('message', onMessage);
      post(tabMessage(tabId, { type: 'bye' }));
      for (const id of [...pending.keys()]) settle(id)?.resolve(refused(reason));
    },
  };
}
