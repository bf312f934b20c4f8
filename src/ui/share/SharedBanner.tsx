import { forwardRef } from 'react';
import { SHARED_SETTING_NAMES } from '../../share/sharePayload';
import { UserText } from '../UserText';
import type { SharedOrigin } from './useSharedLinks';

export interface SharedBannerProps {
  readonly id: string;
  readonly fileCount: number;
  readonly origin: SharedOrigin | undefined;
  /** Nothing of it was run yet: Save & run asks first (the button below). */
  readonly gated: boolean;
  /** The person pressed Save & run and the gate is asking. */
  readonly asking: boolean;
  readonly ready: boolean;
  onRun(): void;
  onKeepCopy(): void;
  onRemove(): void;
}

export const SANDBOX_TEXT =
  'Its task code runs only in the sandbox (QuickJS in a worker): no network, no access to this page, its files or its data, with time and memory limits.';

/**
 * Above a file of a share link: where it came from (the link's own words, as untrusted text), that it is code from a
 * link kept apart from the person's files, the settings it brought, and the gate before its first run.
 */
export const SharedBanner = forwardRef<HTMLButtonElement, SharedBannerProps>(function SharedBanner({ id, fileCount, origin, gated, asking, ready, onRun, onKeepCopy, onRemove }, runButton) {
  const settings = origin?.settings ? SHARED_SETTING_NAMES.filter((name) => origin.settings?.[name] !== undefined) : [];
  return (
    <section className="shared-banner" aria-label="Shared link" data-testid="shared-banner" data-share-id={id} data-gated={gated}>
      <p>
        <strong>Code from a link</strong>
        {origin?.origin ? (
          <>
            {' '}
            — its author says: <UserText text={origin.origin} max={80} testId="shared-origin" />
          </>
        ) : origin ? null : (
          ' (opened on an earlier visit)'
        )}
        . {fileCount === 1 ? 'Its file is' : `Its ${fileCount} files are`} under “Shared link”, apart from your own files, which
        are unchanged. {origin?.reopened ? 'You opened this link before: your edits to its files are kept. ' : ''}Nothing runs until you
        ask.
      </p>
      {settings.length > 0 && (
        <p className="small" data-testid="shared-settings">
          For this page load the link sets{' '}
          {settings.map((name, i) => (
            <span key={name}>
              {i > 0 && ', '}
              <code>
                {name}={String(origin?.settings?.[name])}
              </code>
            </span>
          ))}{' '}
          (over the Settings page).
        </p>
      )}
      {gated && (
        <p className={asking ? 'shared-gate asking' : 'shared-gate'} role={asking ? 'alert' : undefined}>
          <span id="shared-gate-text">
            {asking ? 'Save & run waits for you. ' : ''}
            {SANDBOX_TEXT}
          </span>{' '}
          <button type="button" className="primary" ref={runButton} data-testid="shared-run" aria-describedby="shared-gate-text" disabled={!ready} onClick={onRun}>
            Run this shared pipeline
          </button>
        </p>
      )}
      <p className="shared-actions">
        <button type="button" data-testid="shared-keep" onClick={onKeepCopy}>
          Keep a copy in my files
        </button>
        <button type="button" data-testid="shared-remove" onClick={onRemove}>
          Remove the link’s files
        </button>
      </p>
    </section>
  );
});
