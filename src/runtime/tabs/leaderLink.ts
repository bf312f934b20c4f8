import type { SchedulerState } from '../../core/schedulerState';
import { assertNever } from '../../core/states';
import type { PlaygroundClient, PlaygroundCommand } from '../commands/playgroundCommand';
import type { TabChannel } from './channel';
import type { MirrorSource } from './mirror';
import { parseTabMessage, tabMessage, type TabId, type TabMessageBody } from './protocol';

export interface LeaderLinkOptions {
  readonly channel: TabChannel;
  readonly tabId: TabId;
  readonly source: MirrorSource;
  /** Carries out forwarded commands: the scheduling tab's own client. */
  readonly client: PlaygroundClient;
  /** Scheduler snapshots go out at most this often (the newest wins); default 50 ms. */
  readonly stateIntervalMs?: number;
}

/**
 * The scheduling tab's side of the channel: announces a full snapshot when it starts, answers each `hello` with one,
 * passes every notice on while some tab listens (scheduler states throttled, the newest always sent), and carries out
 * forwarded commands. Returns a function that stops it.
 */
export function serveFollowers(options: LeaderLinkOptions): () => void {
  const { channel, tabId, source, client } = options;
  const interval = options.stateIntervalMs ?? 50;
  let pendingState: SchedulerState | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let lastStateAt = -Infinity;
  let stopped = false;
  /** Tabs that said hello and not bye: while there are none, nothing is cloned and posted for nobody. */
  const followers = new Set<TabId>();

  const post = (body: TabMessageBody) => {
    if (stopped) return;
    try {
      channel.postMessage(tabMessage(tabId, body));
    } catch (error) {
      // A notice that cannot be cloned must not break the coordinator that emitted it.
      console.error('Could not tell the other tabs:', error);
    }
  };

  /** Sends the newest scheduler state now if one is waiting: what follows may refer to runs only it contains. */
  const flushState = () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    if (pendingState === null) return;
    const state = pendingState;
    pendingState = null;
    lastStateAt = performance.now();
    post({ type: 'notice', notice: { type: 'state', state } });
  };

  const unsubscribe = source.subscribe((notice) => {
    if (followers.size === 0) return; // a tab that says hello gets a full snapshot
    switch (notice.type) {
      case 'state':
        pendingState = notice.state;
        if (timer === null) timer = setTimeout(flushState, Math.max(0, lastStateAt + interval - performance.now()));
        return;
      case 'run_finished':
        return; // the state that finished the run says it
      case 'logs':
      case 'training_progress':
        post({ type: 'notice', notice });
        return;
      default:
        flushState();
        post({ type: 'notice', notice });
    }
  });

  const answer = (to: TabId, id: number, command: PlaygroundCommand) => {
    void client.execute(command).then((result) => {
      // What the command changed goes out first: the asking tab's store shows it when the answer arrives.
      flushState();
      post({ type: 'response', to, id, result });
    });
  };

  const onMessage = (event: MessageEvent) => {
    const message = parseTabMessage(event.data);
    if (!message || message.from === tabId) return;
    switch (message.type) {
      case 'hello':
        followers.add(message.from);
        flushState();
        post({ type: 'snapshot', to: message.from, snapshot: source.snapshot() });
        break;
      case 'bye':
        followers.delete(message.from);
        if (followers.size === 0) {
          if (timer !== null) clearTimeout(timer);
          timer = null;
          pendingState = null;
        }
        break;
      case 'request':
        answer(message.from, message.id, message.command);
        break;
      case 'snapshot':
      case 'notice':
      case 'response':
      case 'reload':
        break; // another tab's news: with one lock holder, only a tab that schedules without it (it should not)
      default:
        assertNever(message, 'tab message');
    }
  };

  channel.addEventListener('message', onMessage);
  post({ type: 'snapshot', to: null, snapshot: source.snapshot() });

  return () => {
    if (timer !== null) clearTimeout(timer);
    stopped = true;
    unsubscribe();
    channel.removeEventListener('message', onMessage);
  };
}
