import { useEffect, useRef, useState } from 'react';
import type { ResetStatus } from '../../runtime/resetAllData';
import { usePlayground, usePlaygroundClient } from '../PlaygroundContext';

function describe(status: ResetStatus): string {
  switch (status.phase) {
    case 'stopping':
      return 'Stopping the workers and the scheduler…';
    case 'deleting':
      return 'Deleting the database…';
    case 'blocked':
      return 'Another tab of the playground keeps the database open: close it and the reset finishes (nothing is deleted until then).';
    case 'reloading':
      return 'Everything is deleted; reloading…';
    case 'failed':
      return status.message;
  }
}

/**
 * Reset all data, behind a confirmation: a modal dialog (the browser's own <dialog>, so focus stays inside it and
 * Escape cancels) whose safe default, focused first, is Cancel.
 */
export function ResetAllData() {
  const client = usePlaygroundClient();
  const tabRole = usePlayground((s) => s.tabRole);
  const status = usePlayground((s) => s.status);
  // The scheduling tab's own progress; a mirroring tab knows only that it asked, and the answer (it reloads on success).
  const carriedOut = usePlayground((s) => s.resetStatus);
  const dialog = useRef<HTMLDialogElement>(null);
  const [asking, setAsking] = useState(false);
  const [asked, setAsked] = useState<ResetStatus | null>(null);
  const progress = carriedOut ?? asked;
  const busy = progress !== null && progress.phase !== 'failed';
  const mirroring = tabRole === 'follower';

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (asking && !element.open) element.showModal();
    if (!asking && element.open) element.close();
  }, [asking]);

  const confirm = () => {
    setAsking(false);
    setAsked({ phase: 'stopping' });
    void client.execute({ type: 'resetAllData' }).then((result) => {
      if (!result.ok) setAsked({ phase: 'failed', message: result.errors.join(' ') });
    });
  };

  return (
    <section className="settings-section danger-zone" aria-labelledby="reset-title">
      <h3 id="reset-title">Reset all data</h3>
      <p className="setting-help">
        Deletes every run, log, dataset version, model and setting this browser keeps for the playground, then reloads it
        empty. The database is deleted whole or not at all.
      </p>
      {mirroring && (
        <p className="setting-help" data-testid="reset-mirroring">
          This tab mirrors another one that schedules: that tab carries the reset out (it holds the database and the
          workers), then every tab of the playground reloads.
        </p>
      )}
      <button
        type="button"
        className="danger"
        data-testid="settings-reset"
        disabled={busy || status !== 'ready'}
        onClick={() => setAsking(true)}
      >
        Reset all data…
      </button>
      {progress && (
        <p className={progress.phase === 'failed' ? 'error-text' : 'setting-help'} role="status" data-testid="reset-status" data-phase={progress.phase}>
          {describe(progress)}
        </p>
      )}
      <dialog
        ref={dialog}
        className="confirm-dialog"
        aria-labelledby="reset-dialog-title"
        aria-describedby="reset-dialog-text"
        data-testid="reset-dialog"
        onClose={() => setAsking(false)}
      >
        <h3 id="reset-dialog-title">Delete all data?</h3>
        <p id="reset-dialog-text">
          All runs, logs, dataset versions, models and settings of the playground in this browser are deleted, and the page
          reloads empty. This cannot be undone.
        </p>
        <div className="dialog-actions">
          {/* The safe choice has the focus first. */}
          <button type="button" autoFocus data-testid="reset-cancel" onClick={() => setAsking(false)}>
            Cancel
          </button>
          <button type="button" className="danger" data-testid="reset-confirm" onClick={confirm}>
            Delete everything
          </button>
        </div>
      </dialog>
    </section>
  );
}
