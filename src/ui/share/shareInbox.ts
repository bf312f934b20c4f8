import { createStore } from 'zustand/vanilla';

/**
 * A share link's hash, handed over by the router before it rewrites the address (see syncRouteWithLocation), until the
 * editor has opened its workspace and can read it. Each link is taken once.
 */
export const shareInbox = createStore<{ readonly hash: string | null }>()(() => ({ hash: null }));

export const receiveShareLink = (hash: string) => shareInbox.setState({ hash });

export function takeShareLink(): string | null {
  const { hash } = shareInbox.getState();
  if (hash !== null) shareInbox.setState({ hash: null });
  return hash;
}
