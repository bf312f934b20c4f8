import { allowedOrigins, isEmbedMessage, readHostMessage, type EmbedMessage, type HostMessage } from '../../embed/protocol';

export interface EmbedHostLink {
  /** Sends to the parent, once per allowed origin (the browser drops it unless the parent is at that origin). */
  send(message: EmbedMessage): void;
  stop(): void;
}

export interface EmbedHostOptions {
  readonly self: Pick<Window, 'addEventListener' | 'removeEventListener'>;
  /** The frame's parent; null when the page is not framed (nothing is sent or heard then). */
  readonly parent: Pick<Window, 'postMessage'> | null;
  readonly ownOrigin: string;
  /** From `?origin=`; empty: the embed's own origin only. */
  readonly origins: readonly string[];
  readonly onMessage: (message: HostMessage) => void;
}

/**
 * The embed's end of the postMessage protocol (src/embed/protocol.ts). A message is heard only from the parent frame
 * and only from an allowed origin; anything else — another frame, another origin, a message that is not the
 * protocol's — is ignored without an answer. A protocol message that does not parse gets a pp:error.
 */
export function listenToHost(options: EmbedHostOptions): EmbedHostLink {
  const origins = allowedOrigins(options.origins, options.ownOrigin);
  const send = (message: EmbedMessage) => {
    if (!options.parent || !isEmbedMessage(message)) return;
    for (const origin of origins) options.parent.postMessage(message, origin);
  };
  const listener = (event: MessageEvent) => {
    if (!options.parent || event.source !== options.parent || !origins.includes(event.origin)) return;
    const read = readHostMessage(event.data);
    if (read === null) return;
    if (read.ok) options.onMessage(read.message);
    else {
      const requestId = (event.data as { requestId?: unknown }).requestId;
      send({ type: 'pp:error', message: read.error, ...(Number.isSafeInteger(requestId) ? { requestId: requestId as number } : {}) });
    }
  };
  options.self.addEventListener('message', listener);
  return { send, stop: () => options.self.removeEventListener('message', listener) };
}
