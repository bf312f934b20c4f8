import { useState } from 'react';
import type { DatasetVersionMeta } from '../../core/records';
import { downloadBlob } from '../download';
import { ColumnStatsTable } from './ColumnStatsTable';
import { safeFileName } from './download';
import { PreviewTable } from './PreviewTable';
import { useVersionAccess, useVersionSummary, versionRef } from './versionData';
import { MessageText } from '../UserText';
import { groupDigits } from '../../core/groupDigits';

/**
 * One version's rows (paged), its column statistics, and its download as CSV. All three are read by the version
 * reader (a worker): the page holds one page of rows and the summaries, never the version's columns.
 */
export function VersionPreview({ meta }: { meta: DatasetVersionMeta }) {
  const access = useVersionAccess();
  const summary = useVersionSummary(access, meta);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);

  const download = async () => {
    if (!access.reader) return;
    setSaving(true);
    setSaveError(null);
    try {
      downloadBlob(await access.reader.csv(versionRef(access.dbName, meta)), safeFileName(meta.id, 'csv'));
    } catch (error) {
      setSaveError(`Could not write the CSV: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      setSaving(false);
    }
  };

  const names = meta.schema.map((c) => c.name);
  return (
    <section className="version-preview" aria-labelledby="preview-title" data-testid="version-preview" data-version={meta.id}>
      <header className="section-header">
        <h4 id="preview-title">
          Preview of <code>{meta.id}</code>
        </h4>
        <button type="button" data-testid="download-csv" disabled={!access.reader || saving} onClick={() => void download()}>
          {saving ? 'Writing CSV…' : '⤓ Download CSV'}
        </button>
      </header>
      {access.error && (
        <p className="error-text" role="alert">
          {access.error}
        </p>
      )}
      {saveError && (
        <p className="error-text" role="alert" data-testid="download-error">
          <MessageText text={saveError} />
        </p>
      )}
      {summary.status === 'error' ? (
        <p className="error-text" role="alert" data-testid="preview-error">
          <MessageText text={summary.message} />
        </p>
      ) : (
        <ColumnStatsTable
          names={names}
          summaries={summary.status === 'ready' ? summary.value.columns : names.map(() => null)}
          progress={summary.status === 'loading' ? summaryProgress(summary.done, summary.total, meta.rowCount) : null}
        />
      )}
      <PreviewTable key={meta.id} access={access} meta={meta} caption={`Rows of ${meta.id}`} />
    </section>
  );
}

/** "reading 3 of 16 parts" once the reader has said how many there are. */
function summaryProgress(done: number, total: number, rows: number): string {
  const of = `all ${groupDigits(rows)} rows`;
  return total > 1 ? `computing over ${of}: ${Math.round((100 * done) / total)}%` : `computing over ${of}…`;
}
