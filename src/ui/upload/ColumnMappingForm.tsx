import { useId } from 'react';
import type { ColumnMapping } from '../../upload/columnMapping';
import type { CsvInspection } from '../../upload/inspectCsv';
import { kindText, moveFeature, roleOf, withRole, type ColumnRole } from './columnRoles';
import { UserText } from '../UserText';
import { displayText } from '../../core/displayText';

const ROLE_LABELS: Readonly<Record<ColumnRole, string>> = { feature: 'feature', target: 'target (predict it)', unused: 'not used' };

/**
 * Each column's role — feature, target or not used — and the order of the features. The stored table puts the
 * features in this order and the target last: the convention every task after extract reads.
 */
export function ColumnMappingForm({
  inspection,
  mapping,
  disabled,
  onChange,
}: {
  inspection: CsvInspection;
  mapping: ColumnMapping;
  disabled: boolean;
  onChange: (mapping: ColumnMapping) => void;
}) {
  const orderTitle = useId();
  return (
    <div className="upload-mapping" data-testid="upload-mapping">
      <table className="compact">
        <caption>Map the columns</caption>
        <thead>
          <tr>
            <th scope="col">column</th>
            <th scope="col">holds</th>
            <th scope="col">role</th>
          </tr>
        </thead>
        <tbody>
          {inspection.columns.map((column) => (
            <tr key={column.index}>
              <th scope="row">
                <UserText text={column.name} max={60} />
              </th>
              <td className="muted">{kindText(column)}</td>
              <td>
                <select
                  aria-label={`Role of column ${displayText(column.name)}`}
                  data-testid={`upload-role-${column.name}`}
                  value={roleOf(mapping, column.name)}
                  disabled={disabled}
                  onChange={(event) => onChange(withRole(mapping, column.name, event.currentTarget.value as ColumnRole))}
                >
                  {(Object.keys(ROLE_LABELS) as ColumnRole[]).map((role) => (
                    <option key={role} value={role}>
                      {ROLE_LABELS[role]}
                    </option>
                  ))}
                </select>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="upload-order">
        <h4 id={orderTitle}>Feature order</h4>
        {mapping.features.length === 0 ? (
          <p className="muted small">No feature chosen yet.</p>
        ) : (
          <ol aria-labelledby={orderTitle} data-testid="upload-feature-order">
            {mapping.features.map((name, i) => (
              <li key={name}>
                <span className="upload-order-name">
                  <UserText text={name} max={60} />
                </span>
                <button
                  type="button"
                  aria-label={`Move ${displayText(name)} up`}
                  data-testid={`upload-move-up-${name}`}
                  disabled={disabled || i === 0}
                  onClick={() => onChange(moveFeature(mapping, name, -1))}
                >
                  ↑
                </button>
                <button
                  type="button"
                  aria-label={`Move ${displayText(name)} down`}
                  data-testid={`upload-move-down-${name}`}
                  disabled={disabled || i === mapping.features.length - 1}
                  onClick={() => onChange(moveFeature(mapping, name, 1))}
                >
                  ↓
                </button>
              </li>
            ))}
          </ol>
        )}
        <p className="muted small" data-testid="upload-target-summary">
          {mapping.target ? (
            <>
              Target (last column):{' '}
              <strong>
                <UserText text={mapping.target} max={60} />
              </strong>
            </>
          ) : (
            'No target chosen yet.'
          )}
        </p>
      </div>
    </div>
  );
}
