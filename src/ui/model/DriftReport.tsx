import type { DriftReport as DriftReportData } from '../../core/training';
import type { ModelRecord } from '../../core/records';
import { MessageText } from '../UserText';

/** The drift check stored with a model; older records lack it, and a damaged one is left out rather than drawn. */
function driftOf(model: ModelRecord): DriftReportData | null {
  const drift = model.drift;
  if (!drift || typeof drift.status !== 'string' || typeof drift.message !== 'string' || !Array.isArray(drift.features)) return null;
  return drift;
}

const STATUS = {
  ok: { icon: '✓', text: 'no drift', className: 'drift-ok' },
  drift: { icon: '⚠', text: 'drift', className: 'drift-drift' },
  skipped: { icon: '–', text: 'skipped', className: 'drift-skipped' },
} as const;

/**
 * The drift check of the run that trained this model: its training features against those of the model that was newest
 * before it — per feature, how many reference standard deviations the mean moved and how the spread changed.
 */
export function DriftReport({ model }: { model: ModelRecord }) {
  const drift = driftOf(model);
  if (!drift) return null;
  const status = STATUS[drift.status] ?? STATUS.skipped;
  return (
    <section className="drift-report" aria-labelledby="drift-title" data-testid="drift-report" data-status={drift.status}>
      <h4 id="drift-title">
        Drift check{' '}
        <span className={`chip ${status.className}`}>
          <span aria-hidden="true">{status.icon}</span> {status.text}
        </span>
      </h4>
      <p className="small">
        <MessageText text={drift.message} />
        {drift.referenceModelId && (
          <>
            {' '}
            Reference: <code>{drift.referenceModelId}</code>.
          </>
        )}
      </p>
      {drift.features.length > 0 && (
        <table className="compact drift-table">
          <caption className="small">
            {drift.thresholds
              ? `Drift when the mean moves more than ${drift.thresholds.meanShift} σ or the std ratio leaves 1/${drift.thresholds.stdRatio}…${drift.thresholds.stdRatio}`
              : 'Per feature'}
          </caption>
          <thead>
            <tr>
              <th scope="col">feature</th>
              <th scope="col" className="num">
                mean shift (σ)
              </th>
              <th scope="col" className="num">
                std ratio
              </th>
              <th scope="col">drifted</th>
            </tr>
          </thead>
          <tbody>
            {drift.features.map((f) => (
              <tr key={f.feature} className={f.drifted ? 'is-drifted' : undefined}>
                <th scope="row">{f.feature}</th>
                <td className="num">{f.meanShift.toFixed(3)}</td>
                <td className="num">{f.stdRatio.toFixed(3)}</td>
                <td>{f.drifted ? '⚠ yes' : 'no'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {drift.schemaChanges && drift.schemaChanges.length > 0 && <p className="small">Schema changes: {drift.schemaChanges.join(', ')}</p>}
    </section>
  );
}
