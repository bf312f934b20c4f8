import { scaleLinear } from 'd3';
import type { ModelRecord } from '../../core/records';
import { olsR2, splitMetrics, SPLITS } from './modelFacts';

const W = 132;
const BAR = 6;

/**
 * R² of the train, validation and test splits as three small bars on a 0–1 scale, with the closed-form OLS
 * reference as a tick: a model to compare at a glance across runs.
 */
export function R2Bars({ model }: { model: ModelRecord }) {
  const x = scaleLinear().domain([0, 1]).range([0, W]).clamp(true);
  // An undefined R² (NaN: a constant target) has no bar, like a missing one.
  const finite = (v: number | undefined) => (v !== undefined && Number.isFinite(v) ? v : undefined);
  const values = SPLITS.map((s) => ({ split: s, r2: finite(splitMetrics(model, s).r2) }));
  const ols = finite(olsR2(model));
  const label = values.map((v) => `${v.split} ${v.r2 === undefined ? 'unknown' : v.r2.toFixed(3)}`).join(', ');
  return (
    <svg className="r2-bars" width={W + 2} height={SPLITS.length * (BAR + 2) + 2} role="img" aria-label={`R²: ${label}${ols !== undefined ? `, OLS reference ${ols.toFixed(3)}` : ''}`}>
      <rect className="r2-track" x={0} y={0} width={W} height={SPLITS.length * (BAR + 2)} />
      {values.map((v, i) =>
        v.r2 === undefined ? null : (
          <rect key={v.split} className={`r2-bar r2-${v.split}`} x={0} y={i * (BAR + 2) + 1} width={x(v.r2)} height={BAR}>
            <title>{`${v.split} R² ${v.r2.toFixed(4)}`}</title>
          </rect>
        ),
      )}
      {ols !== undefined && (
        <line className="r2-ols" x1={x(ols)} x2={x(ols)} y1={0} y2={SPLITS.length * (BAR + 2) + 2}>
          <title>{`OLS reference test R² ${ols.toFixed(4)}`}</title>
        </line>
      )}
    </svg>
  );
}
