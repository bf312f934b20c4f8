import { useSyncExternalStore } from 'react';
import { applyUpdate, isUpdateAvailable, subscribeToUpdate } from '../sw/updateStatus';

/**
 * "A new version is available — Reload": shown when the service worker has installed a newer build of the site than
 * the one this page runs. Nothing changes until the person chooses to reload (a run in progress is not cut off by
 * surprise); Reload lets the new version take over and reloads the page into it.
 */
export function UpdatePrompt() {
  const available = useSyncExternalStore(subscribeToUpdate, isUpdateAvailable, () => false);
  if (!available) return null;
  return (
    <p className="banner warning" role="status" data-testid="update-prompt" style={{ display: 'flex', alignItems: 'center', gap: '0.75rem' }}>
      <span>A new version is available —</span>{' '}
      <button type="button" className="primary" data-testid="update-reload" onClick={() => applyUpdate()}>
        Reload
      </button>
    </p>
  );
}
