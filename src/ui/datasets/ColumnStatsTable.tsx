import { MiniHistogram } from '../../viz/charts/MiniHistogram';
import type { ColumnSummary } from './versionData';
import { formatStat } from './statFormat';
import { UserText } from '../UserText';
import { groupDigits } from '../../core/groupDigits';

const STATS = ['mean', 'std', 'min', 'max'] as const;

/**
 * One row per column: count of values, missing, mean, standard deviation, min, max and a histogram. Each figure keeps
 * its full value in `data-value` (shown rounded). A column whose statistics are still being computed says so.
 */
export function ColumnStatsTable({
  names,
  summaries,
  progress = null,
}: {
  names: readonly string[];
  summaries: readonly (ColumnSummary | null)[];
  /** What the reader has done so far, while it computes. */
  progress?: string | null;
}) {
  return (
    <table className="column-stats compact" data-testid="column-stats" aria-busy={progress !== null}>
      <caption>
        Column statistics (all rows of this version)
        {progress && (
          <span className="small muted" data-testid="column-stats-progress" role="status">
            {' '}
            · {progress}
          </span>
        )}
      </caption>
      <thead>
        <tr>
          <th scope="col">column</th>
          <th scope="col">type</th>
          {STATS.map((s) => (
            <th key={s} scope="col" className="num">
              {s}
            </th>
          ))}
          <th scope="col" className="num">
            missing
          </th>
          <th scope="col">histogram</th>
        </tr>
      </thead>
      <tbody>
        {names.map((name, i) => {
          const summary = summaries[i];
          if (!summary) {
            return (
              <tr key={name} data-testid={`column-stats-${name}`} aria-busy="true">
                <th scope="row">
                  <UserText text={name} max={60} />
                </th>
                <td colSpan={7} className="muted">
                  <span className="skeleton-cell wide" aria-hidden="true" /> computing…
                </td>
              </tr>
            );
          }
          const { dtype, stats, bins } = summary;
          return (
          <tr key={name} data-testid={`column-stats-${name}`}>
            <th scope="row">
                  <UserText text={name} max={60} />
                </th>
            <td className="muted">{dtype}</td>
            {STATS.map((s) => (
              <td key={s} className="num" data-testid={`stat-${name}-${s}`} data-value={stats[s]}>
                {formatStat(stats[s])}
              </td>
            ))}
            <td className="num" data-testid={`stat-${name}-missing`} data-value={stats.missing}>
              {groupDigits(stats.missing)}
            </td>
            <td>
              <MiniHistogram bins={bins} label={`Histogram of ${name}, ${bins.length} bins`} testId={`histogram-${name}`} />
            </td>
          </tr>
          );
        })}
      </tbody>
    </table>
  );
}
