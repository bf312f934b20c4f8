import { useState } from 'react';
import type { DatasetVersionMeta } from '../../core/records';
import { ColumnStatsTable } from './ColumnStatsTable';
import { downloadTableCsv, safeFileName } from './download';
import { PreviewTable } from './PreviewTable';
import { useReadDatabase } from './readDatabase';
import { useColumnSummaries, useVersionTable } from './versionData';
import { MessageText } from '../UserText';

/** One version's rows (paged), its column statistics, and its download as CSV. */
export function VersionPreview({ meta }: { meta: DatasetVersionMeta }) {
  const { db, error: dbError } = useReadDatabase();
  const state = useVersionTable(db, meta);
  const table = state.status === 'ready' ? state.table : null;
  const summaries = useColumnSummaries(table);
  const [saving, setSaving] = useState(false);

  const download = async () => {
    if (!table) return;
    setSaving(true);
    try {
      await downloadTableCsv(table, safeFileName(meta.id, 'csv'));
    } finally {
      setSaving(false);
    }
  };

  return (
    <section className="version-preview" aria-labelledby="preview-title" data-testid="version-preview" data-version={meta.id}>
      <header className="section-header">
        <h4 id="preview-title">
          Preview of <code>{meta.id}</code>
        </h4>
        <button type="button" data-testid="download-csv" disabled={!table || saving} onClick={() => void download()}>
          {saving ? 'Writing CSV…' : '⤓ Download CSV'}
        </button>
      </header>
      {dbError && (
        <p className="error-text" role="alert">
          {dbError}
        </p>
      )}
      {state.status === 'error' && (
        <p className="error-text" role="alert" data-testid="preview-error">
          <MessageText text={state.message} />
        </p>
      )}
      {state.status === 'loading' && !dbError && <p className="muted">Reading the version's columns…</p>}
      {table && summaries && (
        <>
          <ColumnStatsTable names={table.names} summaries={summaries} />
          <PreviewTable key={meta.id} table={table} caption={`Rows of ${meta.id}`} />
        </>
      )}
    </section>
  );
}
