import { useId, useRef, useState } from 'react';
import type { ImportSummary } from '../../dagfile/dagCatalog';
import { DAG_SCHEMA_PATH, MAX_DOCUMENT_BYTES } from '../../dagfile/dagDocument';
import { usePlayground, usePlaygroundClient } from '../PlaygroundContext';
import './export.css';
import { MessageText, UserText } from '../UserText';
import { displayText, listText } from '../../core/displayText';

type Result =
  | { readonly kind: 'busy'; readonly what: string }
  | { readonly kind: 'refused'; readonly file: string; readonly errors: readonly string[] }
  | { readonly kind: 'done'; readonly what: string; readonly summary: ImportSummary }
  | null;

const list = (ids: readonly string[]) => listText(ids);

/**
 * Import DAG definitions from the playground's JSON format (validated against its published schema and the graph
 * rules). A refused file changes nothing and lists every problem with its JSON path; an accepted one adds or replaces
 * DAGs in the running playground and is kept across reloads. "Reset" goes back to the built-in DAGs.
 */
export function ImportDags() {
  const client = usePlaygroundClient();
  const ready = usePlayground((s) => s.status === 'ready');
  const [result, setResult] = useState<Result>(null);
  const [confirmReset, setConfirmReset] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const inputId = useId();
  const busy = result?.kind === 'busy';

  const onFile = async (file: File) => {
    if (file.size > MAX_DOCUMENT_BYTES) {
      setResult({ kind: 'refused', file: file.name, errors: [`(root): the file is too large (${file.size} bytes; at most ${MAX_DOCUMENT_BYTES})`] });
      return;
    }
    setResult({ kind: 'busy', what: `Importing ${displayText(file.name)}…` });
    try {
      const outcome = await client.execute({ type: 'importDags', text: await file.text() });
      setResult(outcome.ok ? { kind: 'done', what: `Imported ${displayText(file.name)}`, summary: outcome.summary } : { kind: 'refused', file: file.name, errors: outcome.errors });
    } catch (error) {
      setResult({ kind: 'refused', file: file.name, errors: [error instanceof Error ? error.message : String(error)] });
    }
  };

  const onReset = async () => {
    setConfirmReset(false);
    setResult({ kind: 'busy', what: 'Resetting…' });
    const outcome = await client.execute({ type: 'resetDags' });
    setResult(outcome.ok ? { kind: 'done', what: 'Back to the built-in DAGs', summary: outcome.summary } : { kind: 'refused', file: 'reset', errors: outcome.errors });
  };

  return (
    <div className="import-dags" data-testid="import-dags">
      <div className="import-dags-controls">
        <input
          ref={input}
          id={inputId}
          className="visually-hidden"
          // The button below opens it: one tab stop, with a visible name.
          tabIndex={-1}
          aria-hidden="true"
          type="file"
          accept=".json,application/json"
          data-testid="import-file"
          disabled={!ready || busy}
          onChange={(event) => {
            const file = event.currentTarget.files?.[0];
            event.currentTarget.value = ''; // the same file can be picked again after a fix
            if (file) void onFile(file);
          }}
        />
        <button type="button" data-testid="import-open" disabled={!ready || busy} onClick={() => input.current?.click()}>
          Import DAGs…
        </button>
        {confirmReset ? (
          <span className="import-dags-confirm" role="group" aria-label="Confirm reset">
            <span>Remove imported DAGs?</span>
            <button type="button" className="primary" data-testid="import-reset-confirm" onClick={() => void onReset()}>
              Reset
            </button>
            <button type="button" data-testid="import-reset-cancel" autoFocus onClick={() => setConfirmReset(false)}>
              Cancel
            </button>
          </span>
        ) : (
          <button type="button" data-testid="import-reset" disabled={!ready || busy} onClick={() => setConfirmReset(true)}>
            Reset to built-in DAGs
          </button>
        )}
        <a className="muted small" href={DAG_SCHEMA_PATH} target="_blank" rel="noopener" data-testid="import-schema-link">
          JSON Schema
        </a>
      </div>
      {result?.kind === 'busy' && (
        <p className="muted small" role="status">
          {result.what}
        </p>
      )}
      {result?.kind === 'refused' && (
        <div className="import-dags-errors" role="alert" data-testid="import-errors">
          <p>
            <strong>
              <UserText text={result.file} />
            </strong>{' '}
            was refused; nothing changed. {result.errors.length} problem{result.errors.length === 1 ? '' : 's'}:
          </p>
          <ul>
            {result.errors.map((message, i) => (
              <li key={i} data-testid="import-error">
                <code>
                  <MessageText text={message} />
                </code>
              </li>
            ))}
          </ul>
        </div>
      )}
      {result?.kind === 'done' && (
        <p className="import-dags-summary small" role="status" data-testid="import-summary">
          {result.what}.{result.summary.added.length > 0 && ` Added: ${list(result.summary.added)}.`}
          {result.summary.replaced.length > 0 && ` Replaced: ${list(result.summary.replaced)}.`}
          {result.summary.removed.length > 0 && ` Removed: ${list(result.summary.removed)} (their runs stay stored).`}
          {result.summary.added.length + result.summary.replaced.length + result.summary.removed.length === 0 && ' Nothing to change.'}
        </p>
      )}
    </div>
  );
}
