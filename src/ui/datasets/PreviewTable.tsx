import { useId, useState } from 'react';
import type { ColumnSchemaEntry } from '../../core/columns';
import type { DatasetVersionMeta } from '../../core/records';
import type { RowsPage } from '../../versionReader/versionReaderApi';
import { formatCsvNumber } from '../../viz/charts/csv';
import { MessageText, UserText } from '../UserText';
import { useRowsPage, type VersionAccess } from './versionData';
import { groupDigits } from '../../core/groupDigits';

export const PREVIEW_PAGE_SIZE = 50;

/**
 * A page of rows of a version, 50 at a time, read by the version reader (only the part that holds them): the page
 * never holds more than the rows shown, whatever the version's size. Numbers are shown as the CSV writes them
 * (shortest form that reads back to the same value). While a page is read the previous one stays (dimmed); the first
 * shows skeleton rows.
 */
export function PreviewTable({ access, meta, caption }: { access: VersionAccess; meta: DatasetVersionMeta; caption: string }) {
  const [page, setPage] = useState(0);
  const [shown, setShown] = useState<RowsPage | null>(null);
  const pageInputId = useId();
  const rowCount = meta.rowCount;
  const pages = Math.max(1, Math.ceil(rowCount / PREVIEW_PAGE_SIZE));
  const current = Math.min(page, pages - 1);
  const start = current * PREVIEW_PAGE_SIZE;
  const end = Math.min(rowCount, start + PREVIEW_PAGE_SIZE);
  const read = useRowsPage(access, meta, start, PREVIEW_PAGE_SIZE);
  if (read.status === 'ready' && read.value !== shown) setShown(read.value);
  const rowsPage = read.status === 'ready' ? read.value : shown;
  const columns: readonly ColumnSchemaEntry[] = meta.schema;
  const stale = read.status === 'loading' && rowsPage !== null;

  return (
    <div className="preview" data-testid="preview">
      <div className="preview-pager" role="group" aria-label="Preview pages">
        <button type="button" data-testid="preview-first" disabled={current === 0} onClick={() => setPage(0)} aria-label="First page">
          «
        </button>
        <button type="button" data-testid="preview-prev" disabled={current === 0} onClick={() => setPage(current - 1)}>
          ‹ Previous
        </button>
        <label htmlFor={pageInputId} className="small">
          page
        </label>
        <input
          id={pageInputId}
          type="number"
          className="preview-page-input"
          data-testid="preview-page"
          min={1}
          max={pages}
          value={current + 1}
          onChange={(e) => {
            const wanted = Number(e.target.value);
            if (Number.isInteger(wanted)) setPage(Math.min(pages, Math.max(1, wanted)) - 1);
          }}
        />
        <span className="small" data-testid="preview-range">
          of {groupDigits(pages)} · rows {groupDigits(start + 1)}–{groupDigits(end)} of{' '}
          {groupDigits(rowCount)}
        </span>
        <button
          type="button"
          data-testid="preview-next"
          disabled={current >= pages - 1}
          onClick={() => setPage(current + 1)}
        >
          Next ›
        </button>
        <button type="button" data-testid="preview-last" disabled={current >= pages - 1} onClick={() => setPage(pages - 1)} aria-label="Last page">
          »
        </button>
      </div>
      {read.status === 'error' && (
        <p className="error-text" role="alert" data-testid="preview-rows-error">
          <MessageText text={read.message} />
        </p>
      )}
      <div className="preview-scroll" tabIndex={0} role="region" aria-label={caption} aria-busy={read.status === 'loading'}>
        <table className={`preview-table compact${stale ? ' is-stale' : ''}`} data-testid="preview-table" data-state={rowsPage ? 'ready' : 'loading'}>
          <caption className="visually-hidden">{caption}</caption>
          <thead>
            <tr>
              <th scope="col" className="num">
                row
              </th>
              {columns.map((c) => (
                <th key={c.name} scope="col" className="num">
                  <UserText text={c.name} max={60} />
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rowsPage ? <PageRows page={rowsPage} columns={columns} /> : <SkeletonRows rows={Math.min(8, Math.max(1, end - start))} columns={columns.length} />}
          </tbody>
        </table>
      </div>
    </div>
  );
}

function PageRows({ page, columns }: { page: RowsPage; columns: readonly ColumnSchemaEntry[] }) {
  const rows: number[] = [];
  for (let row = 0; row < page.rows.rowCount; row++) rows.push(row);
  return (
    <>
      {rows.map((row) => (
        <tr key={page.start + row} data-row={page.start + row}>
          <th scope="row" className="num muted">
            {page.start + row + 1}
          </th>
          {columns.map((c) => {
            const value = page.rows.columns[c.name]?.[row] ?? NaN;
            return (
              <td key={c.name} className="num">
                {Number.isNaN(value) ? <span className="muted" title="missing">∅</span> : formatCsvNumber(value, c.dtype)}
              </td>
            );
          })}
        </tr>
      ))}
    </>
  );
}

/** Placeholder rows while the first page is read: the table keeps its shape, never a blank. */
function SkeletonRows({ rows, columns }: { rows: number; columns: number }) {
  return (
    <>
      {Array.from({ length: rows }, (_, r) => (
        <tr key={r} className="skeleton-row" data-testid="preview-skeleton-row" aria-hidden="true">
          <th scope="row" className="num">
            <span className="skeleton-cell" />
          </th>
          {Array.from({ length: columns }, (_, c) => (
            <td key={c} className="num">
              <span className="skeleton-cell" />
            </td>
          ))}
        </tr>
      ))}
    </>
  );
}
