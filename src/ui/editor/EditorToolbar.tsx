import { useState, type ReactNode } from 'react';
import type { FileSession } from './useFileSession';

export interface EditorToolbarProps {
  readonly fileName: string | null;
  readonly session: FileSession;
  readonly ready: boolean;
  readonly deploying: boolean;
  onSaveRun(): void;
  onDownload(): void;
  /** The Copy link control (issue 15), beside Download. */
  readonly share?: ReactNode;
  /** Resolves with a refusal to show, or null when renamed. */
  onRename(to: string): Promise<string | null>;
  onDelete(): void;
  onRevertBuiltIn(): void;
}

const SAVE_TEXT = { saved: 'Draft saved', pending: 'Saving draft…', conflict: 'Not saved: changed in another tab', failed: 'Draft not saved' } as const;

/** The open file's name and actions, where its draft stands, and what another tab did to it. */
export function EditorToolbar({ fileName, session, ready, deploying, onSaveRun, onDownload, share, onRename, onDelete, onRevertBuiltIn }: EditorToolbarProps) {
  const [renaming, setRenaming] = useState<string | null>(null);
  const [renameError, setRenameError] = useState<string | null>(null);
  const [confirmBuiltIn, setConfirmBuiltIn] = useState(false);
  const deployedText = session.file?.deployed?.text ?? null;
  const draft = deployedText === null ? 'never-deployed' : deployedText === session.text ? 'same' : 'differs';

  return (
    <div className="editor-toolbar">
      <div className="editor-title-row">
        <h2 id="editor-title" title={fileName ?? undefined}>
          <span className={fileName ? 'visually-hidden' : undefined}>Editor{fileName ? ': ' : ''}</span>
          {fileName && <bdi data-testid="editor-file-name">{fileName}</bdi>}
        </h2>
        <button type="button" className="primary" data-testid="editor-save-run" disabled={!fileName || !ready || deploying} onClick={onSaveRun} title="Save the file and run its DAGs (a new version of each DAG that changed)">
          {deploying ? 'Saving…' : '▶ Save & run'}
        </button>
        <button type="button" data-testid="editor-download" disabled={!fileName} onClick={onDownload}>
          Download .ts
        </button>
        {share}
        <button type="button" data-testid="editor-rename" disabled={!fileName} onClick={() => setRenaming(fileName)}>
          Rename
        </button>
        <button type="button" data-testid="editor-delete" disabled={!fileName} onClick={onDelete}>
          Delete
        </button>
        <button type="button" data-testid="editor-revert-builtin" onClick={() => setConfirmBuiltIn(true)} title="Revert to the built-in pipelines: the housing lesson file as shipped, and the built-in DAGs running again">
          Built-in pipelines…
        </button>
      </div>
      {renaming !== null && (
        <form
          className="editor-rename"
          onSubmit={(event) => {
            event.preventDefault();
            void onRename(renaming).then((error) => {
              setRenameError(error);
              if (!error) setRenaming(null);
            });
          }}
        >
          <label>
            New name{' '}
            <input data-testid="editor-rename-input" value={renaming} autoFocus onChange={(e) => setRenaming(e.target.value)} aria-invalid={renameError !== null} aria-describedby="editor-rename-error" />
          </label>
          <button type="submit" data-testid="editor-rename-submit">
            Rename
          </button>
          <button type="button" onClick={() => (setRenaming(null), setRenameError(null))}>
            Cancel
          </button>
          <span id="editor-rename-error" role="alert" className="form-error">
            {renameError}
          </span>
        </form>
      )}
      {confirmBuiltIn && (
        <div className="editor-confirm" role="alertdialog" aria-labelledby="editor-confirm-text" data-testid="editor-revert-builtin-dialog">
          <p id="editor-confirm-text">
            Run the built-in DAGs again? DAGs saved from the editor and imported JSON stop being scheduled (their runs stay), and
            the housing lesson file gets the lesson's text back. Your other files stay as they are.
          </p>
          <button type="button" className="primary" data-testid="editor-revert-builtin-confirm" autoFocus onClick={() => (setConfirmBuiltIn(false), onRevertBuiltIn())}>
            Revert
          </button>
          <button type="button" onClick={() => setConfirmBuiltIn(false)}>
            Cancel
          </button>
        </div>
      )}
      {fileName && (
        <p className="editor-status editor-draft-state small">
          <span data-testid="editor-save-status" data-status={session.status} role="status">
            {SAVE_TEXT[session.status]}
            {session.error && <>: {session.error}</>}
          </span>
          {' · '}
          <span data-testid="editor-draft-status" data-status={draft}>
            {draft === 'never-deployed' ? 'not saved and run yet' : draft === 'same' ? 'running as it is' : 'draft differs from what is running'}
          </span>
          {draft === 'differs' && (
            <>
              {' '}
              <button type="button" className="link-button" data-testid="editor-revert-deployed" onClick={() => deployedText !== null && session.replace(deployedText)}>
                Revert to the running version
              </button>
            </>
          )}
        </p>
      )}
      {session.notice && (
        <p className="editor-notice small" role="status" data-testid="editor-notice">
          {session.notice}
        </p>
      )}
      {session.conflict && (
        <div className="editor-conflict" role="alert" data-testid="editor-conflict">
          <p>
            Another tab changed this file while you were typing here. Nothing was overwritten: keep which one?
          </p>
          <button type="button" data-testid="editor-keep-mine" onClick={session.keepMine}>
            Keep mine (replaces theirs)
          </button>
          <button type="button" data-testid="editor-take-theirs" onClick={session.takeTheirs}>
            Take theirs (drops mine)
          </button>
        </div>
      )}
    </div>
  );
}
