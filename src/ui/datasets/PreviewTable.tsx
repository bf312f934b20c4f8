import { useId, useState } from 'react';
import type { ColumnTable } from '../../core/columns';
import { dtypeOf } from '../../core/columns';
import { formatCsvNumber } from '../../viz/charts/csv';
import { UserText } from '../UserText';

export const PREVIEW_PAGE_SIZE = 50;

/**
 * A page of rows of a version, 50 at a time: only the rows shown are formatted and rendered, whatever the table's
 * size. Numbers are shown as the CSV writes them (shortest form that reads back to the same value).
 */
export function PreviewTable({ table, caption }: { table: ColumnTable; caption: string }) {
  const [page, setPage] = useState(0);
  const pageInputId = useId();
  const pages = Math.max(1, Math.ceil(table.rowCount / PREVIEW_PAGE_SIZE));
  const current = Math.min(page, pages - 1);
  const start = current * PREVIEW_PAGE_SIZE;
  const end = Math.min(table.rowCount, start + PREVIEW_PAGE_SIZE);
  const columns = table.names.map((name) => ({ name, column: table.columns[name]!, dtype: dtypeOf(table.columns[name]!) }));
  const rows: number[] = [];
  for (let row = start; row < end; row++) rows.push(row);

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
          of {pages.toLocaleString('en-US')} · rows {(start + 1).toLocaleString('en-US')}–{end.toLocaleString('en-US')} of{' '}
          {table.rowCount.toLocaleString('en-US')}
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
      <div className="preview-scroll" tabIndex={0} role="region" aria-label={caption}>
        <table className="preview-table compact" data-testid="preview-table">
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
            {rows.map((row) => (
              <tr key={row} data-row={row}>
                <th scope="row" className="num muted">
                  {row + 1}
                </th>
                {columns.map((c) => {
                  const value = c.column[row]!;
                  return (
                    <td key={c.name} className="num">
                      {Number.isNaN(value) ? <span className="muted" title="missing">∅</span> : formatCsvNumber(value, c.dtype)}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
