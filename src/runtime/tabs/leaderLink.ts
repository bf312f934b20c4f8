import type { DagId, DatasetId, RunId, TaskId } from '../../core/ids';
import type { JsonValue } from '../../core/json';
import type { LogLine } from '../../core/logLine';
import type { SchedulerState } from '../../core/schedulerState';
import { assertNever } from '../../core/states';
import type { StoreNotice, StoreSnapshot } from '../../store/applyNotice';
import type { TriggerResult } from '../coordinator';
import type { TabChannel } from './channel';
import { parseTabMessage, tabMessage, type TabAction, type TabId, type TabMessageBody } from './protocol';

/** What the scheduling tab does on a mirroring tab's behalf: its coordinator's actions, and reading stored logs. */
export interface TabCommands {
  trigger(dagId: DagId, params: Readonly<Record<string, JsonValue>>): TriggerResult;
  setPaused(dagId: DagId, paused: boolean): void;
  clearTask(runId: RunId, taskId: TaskId, downstream: boolean): void;
  markTask(runId: RunId, taskId: TaskId, state: 'success' | 'failed'): void;
  markRun(runId: RunId, state: 'success' | 'failed'): void;
  createDatasetEvent(datasetId: DatasetId): Promise<void> | void;
  runLogs(runId: RunId): Promise<readonly LogLine[]>;
}

/** Where the scheduling tab's news come from: the full picture now, and each change after. */
export interface MirrorSource {
  snapshot(): StoreSnapshot;
  subscribe(listener: (notice: StoreNotice) => void): () => void;
}

export interface LeaderLinkOptions {
  readonly channel: TabChannel;
  readonly tabId: TabId;
  readonly source: MirrorSource;
  readonly commands: TabCommands;
  /** Scheduler snapshots go out at most this often (the newest wins); default 50 ms. */
  readonly stateIntervalMs?: number;
}

/** Carries out one forwarded action; what it answers goes back to the tab that asked. */
export async function executeTabAction(commands: TabCommands, action: TabAction): Promise<unknown> {
  switch (action.kind) {
    case 'trigger':
      return commands.trigger(action.dagId, action.params);
    case 'setPaused':
      commands.setPaused(action.dagId, action.paused);
      return null;
    case 'clearTask':
      commands.clearTask(action.runId, action.taskId, action.downstream);
      return null;
    case 'markTask':
      commands.markTask(action.runId, action.taskId, action.state);
      return null;
    case 'markRun':
      commands.markRun(action.runId, action.state);
      return null;
    case 'createDatasetEvent':
      await commands.createDatasetEvent(action.datasetId);
      return null;
    case 'runLogs':
      return commands.runLogs(action.runId);
    default:
      return assertNever(action, 'tab action');
  }
}

/**
 * The scheduling tab's side of the channel: announces a full snapshot when it starts, answers each `hello` with one,
 * passes every notice on while some tab listens (scheduler states throttled, the newest always sent), and carries out
 * forwarded actions. Returns a function that stops it.
 */
export function serveFollowers(options: LeaderLinkOptions): () => void {
  const { channel, tabId, source, commands } = options;
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

  const answer = (to: TabId, id: number, action: TabAction) => {
    Promise.resolve()
      .then(() => executeTabAction(commands, action))
      .then(
        (value) => {
          flushState();
          post({ type: 'response', to, id, outcome: { ok: true, value } });
        },
        (error: unknown) => post({ type: 'response', to, id, outcome: { ok: false, error: error instanceof Error ? error.message : String(error) } }),
      );
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
        answer(message.from, message.id, message.action);
        break;
      case 'snapshot':
      case 'notice':
      case 'response':
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
