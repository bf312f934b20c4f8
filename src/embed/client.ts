/**
 * A typed client for an embedded Pipeline Playground (`?embed=1`), for a host page or a Playwright suite. Copy this
 * one file: it imports nothing. It speaks version 1 of the protocol described in the playground's README ("Embed the
 * playground") and checked on the embed's side by src/embed/protocol.ts.
 *
 *   const embed = createEmbedClient(iframe, { origin: 'https://playground.example' });
 *   await embed.ready;
 *   await embed.load({ name: 'my_dag.ts', text });
 *   const finished = await embed.run();          // { runs: [{ runId, dagId, state, tasks, tries }], ok }
 */

export type EmbedTaskState =
  | 'none' | 'scheduled' | 'queued' | 'running' | 'success' | 'failed' | 'up_for_retry' | 'upstream_failed' | 'skipped' | 'removed';

export interface EmbedRunState {
  readonly runId: string;
  readonly dagId: string;
  readonly state: 'queued' | 'running' | 'success' | 'failed';
  readonly tasks: Readonly<Record<string, EmbedTaskState>>;
  readonly tries: Readonly<Record<string, number>>;
}

export interface EmbedRunFinished {
  readonly runs: readonly EmbedRunState[];
  readonly ok: boolean;
}

export interface EmbedStateReply {
  readonly embedId: string;
  readonly status: 'booting' | 'ready' | 'failed';
  readonly fileName: string | null;
  readonly running: boolean;
  readonly runs: readonly EmbedRunState[];
}

export interface EmbedClient {
  /** Resolves with the embed's id once it announced itself (pp:ready). */
  readonly ready: Promise<{ embedId: string; version: number }>;
  /** Shows a DAG file in the embed; it is deployed (read in the embed's sandbox) at the next run. */
  load(file: { name: string; text: string }): Promise<void>;
  /** Deploys the file if needed and triggers `dagId` (default: the lesson's trigger list, else the file's first DAG). */
  run(dagId?: string): Promise<EmbedRunFinished>;
  getState(): Promise<EmbedStateReply>;
  /** Called on each change of a run's state; returns the unsubscribe. */
  onRunState(listener: (run: EmbedRunState) => void): () => void;
  /** Stops listening. */
  dispose(): void;
}

type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void; answers: string };

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

export function createEmbedClient(iframe: HTMLIFrameElement, options: { origin: string; window?: Window }): EmbedClient {
  const host = options.window ?? window;
  const { origin } = options;
  const pending = new Map<number, Pending>();
  const listeners = new Set<(run: EmbedRunState) => void>();
  let nextId = 1;
  let announce!: (value: { embedId: string; version: number }) => void;
  const ready = new Promise<{ embedId: string; version: number }>((resolve) => (announce = resolve));

  let probe: ReturnType<typeof setInterval> | null = null;
  const announced = (value: { embedId: string; version: number }) => {
    if (probe !== null) clearInterval(probe);
    probe = null;
    announce(value);
  };

  const onMessage = (event: MessageEvent) => {
    // Only this iframe's document, from the origin the host expects, is heard.
    if (event.source !== iframe.contentWindow || event.origin !== origin) return;
    const data: unknown = event.data;
    if (!isObject(data) || typeof data.type !== 'string') return;
    if (data.type === 'pp:ready' && typeof data.embedId === 'string' && typeof data.version === 'number') {
      announced({ embedId: data.embedId, version: data.version });
      return;
    }
    // The answer to the probe below: an embed that was ready before this client existed.
    if (data.type === 'pp:state' && data.requestId === undefined && data.status === 'ready' && typeof data.embedId === 'string') {
      announced({ embedId: data.embedId, version: 1 });
      return;
    }
    if (data.type === 'pp:run-state') {
      for (const listener of listeners) listener(data as unknown as EmbedRunState);
      return;
    }
    const waiting = typeof data.requestId === 'number' ? pending.get(data.requestId) : undefined;
    if (!waiting) return;
    pending.delete(data.requestId as number);
    if (data.type === 'pp:error') waiting.reject(new Error(String(data.message)));
    else if (data.type === waiting.answers) waiting.resolve(data);
    else waiting.reject(new Error(`The embed answered ${data.type} where ${waiting.answers} was expected.`));
  };
  host.addEventListener('message', onMessage);
  // The embed announces itself once; a client made after that asks until it hears (a frame still loading drops these).
  const ask = () => iframe.contentWindow?.postMessage({ type: 'pp:get-state' }, origin);
  ask();
  probe = setInterval(ask, 200);

  const send = <T>(message: Record<string, unknown>, answers: string): Promise<T> =>
    ready.then(
      () =>
        new Promise<T>((resolve, reject) => {
          const requestId = nextId++;
          pending.set(requestId, { resolve: resolve as (value: unknown) => void, reject, answers });
          iframe.contentWindow?.postMessage({ ...message, requestId }, origin);
        }),
    );

  return {
    ready,
    load: (file) => send<unknown>({ type: 'pp:load', file: { name: file.name, text: file.text } }, 'pp:loaded').then(() => undefined),
    run: (dagId) =>
      send<EmbedRunFinished & { type: string }>({ type: 'pp:run', ...(dagId === undefined ? {} : { dagId }) }, 'pp:run-finished').then(
        ({ runs, ok }) => ({ runs, ok }),
      ),
    getState: () =>
      send<EmbedStateReply & { type: string }>({ type: 'pp:get-state' }, 'pp:state').then(({ embedId, status, fileName, running, runs }) => ({
        embedId,
        status,
        fileName,
        running,
        runs,
      })),
    onRunState(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    dispose() {
      if (probe !== null) clearInterval(probe);
      host.removeEventListener('message', onMessage);
      for (const waiting of pending.values()) waiting.reject(new Error('The embed client was disposed.'));
      pending.clear();
      listeners.clear();
    },
  };
}
