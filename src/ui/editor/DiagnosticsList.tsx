import type { Diagnostic } from '../../authoring/dagFileResult';
import { containedMessage } from '../../core/displayText';

const SEVERITY_ICON = { error: '✖', warning: '▲', info: 'ℹ' } as const;


/**
 * The file's problems beside the editor, each at its line and column: a button that puts the cursor there. The
 * messages are the person's own text in part (an exception they threw), so they are shown as text, bidi-contained and
 * shortened (a huge string in a throw); the full text is in the editor's own tooltip.
 */
export function DiagnosticsList({ diagnostics, reading, onJump }: { diagnostics: readonly Diagnostic[] | null; reading: boolean; onJump: (line: number, column: number) => void }) {
  const errors = diagnostics?.filter((d) => d.severity === 'error').length ?? 0;
  return (
    <section className="editor-diagnostics" aria-label="Problems in the file" data-testid="editor-diagnostics" data-count={diagnostics?.length ?? 0} data-errors={errors} aria-busy={reading}>
      <h3>
        Problems
        <span className="muted small" role="status">
          {diagnostics === null ? 'reading…' : diagnostics.length === 0 ? 'none' : `${errors} ${errors === 1 ? 'error' : 'errors'}, ${diagnostics.length - errors} other`}
        </span>
      </h3>
      {diagnostics && diagnostics.length > 0 && (
        <ul>
          {diagnostics.map((d, i) => (
            <li key={i} data-line={d.line} data-column={d.column} data-severity={d.severity} data-code={d.code}>
              <button type="button" className={`diagnostic diagnostic-${d.severity}`} onClick={() => onJump(d.line, d.column)}>
                <span aria-hidden="true">{SEVERITY_ICON[d.severity]} </span>
                <span className="diagnostic-where">
                  {d.severity} at line {d.line}:{d.column}
                </span>{' '}
                <bdi>{containedMessage(d.message, { max: 400 })}</bdi>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
