import type { CsvInspection } from '../../upload/inspectCsv';
import { kindText } from './columnRoles';
import { UserText } from '../UserText';
import { groupDigits } from '../../core/groupDigits';

/** The header, each column's type and the first rows, as text (never markup): what the person is about to map. */
export function CsvPreview({ inspection }: { inspection: CsvInspection }) {
  return (
    <div className="upload-preview" role="region" aria-label="Preview of the file" tabIndex={0} data-testid="upload-preview">
      <table className="compact">
        <caption>
          First {inspection.preview.length} of {groupDigits(inspection.rowCount)} rows
        </caption>
        <thead>
          <tr>
            {inspection.columns.map((column) => (
              <th key={column.index} scope="col">
                <UserText text={column.name} max={60} />
                <span className={`upload-kind kind-${column.kind}`} data-testid={`upload-kind-${column.name}`} data-kind={column.kind}>
                  {kindText(column)}
                </span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {inspection.preview.map((row, r) => (
            <tr key={r}>
              {inspection.columns.map((column) => (
                <td key={column.index}>
                  <UserText text={row[column.index] ?? ''} max={60} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
