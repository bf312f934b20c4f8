/** The part of a BroadcastChannel the tab links use (a fake or a real channel in tests). */
export interface TabChannel {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  removeEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
}

/** A short random id per tab: responses and snapshots name the tab they are for. */
export function newTabId(): string {
  // Not crypto.randomUUID: it exists only in secure contexts, and the playground may be served over plain http.
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}


/** What a refused forwarded command says when the scheduling tab is gone or silent: shown to the person, in plain words. */
export const NO_ANSWER = 'The scheduling tab did not answer';
