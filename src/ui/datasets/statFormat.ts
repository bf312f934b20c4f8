import { groupDigits } from '../../core/groupDigits';
/** A statistic for a table cell: 4 significant digits, thousands separated, exponent only for extremes. */
export function formatStat(value: number): string {
  if (Number.isNaN(value)) return '—';
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  if (abs !== 0 && (abs >= 1e9 || abs < 1e-4)) return value.toExponential(2);
  if (abs >= 1000) return groupDigits(Math.round(value));
  return String(Number(value.toPrecision(4)));
}
