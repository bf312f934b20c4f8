import type { DagId, RunId } from '../../core/ids';
import type { DagRun } from '../../core/model';
import { STATE_STYLE } from '../../viz/stateStyle';
import { formatTime } from '../format';
import { usePlaygroundStore } from '../PlaygroundContext';

/** How many runs the DAGs page shows per DAG. */
export const RECENT_RUNS = 10;

/**
 * A DAG's last runs as small squares, oldest left, each with its state's colour and glyph (⛁ under a dataset-triggered
 * one). A square opens that run in the DAG's grid.
 */
export function RecentRuns({ dagId, runs }: { dagId: DagId; runs: readonly DagRun[] }) {
  const store = usePlaygroundStore();
  const shown = runs.slice(0, RECENT_RUNS).reverse();
  if (shown.length === 0) return <span className="muted small">none yet</span>;
  const open = (runId: RunId) =>
    store.setState({ view: 'dag', selectedDagId: dagId, dagTab: 'grid', selectedRunId: runId, selectedTaskId: null });
  return (
    <ul className="recent-runs" aria-label={`Last ${shown.length} runs of ${dagId}, oldest first`} data-testid={`recent-runs-${dagId}`}>
      {shown.map((run) => {
        const style = STATE_STYLE[run.state];
        const kind = run.runType === 'dataset_triggered' ? 'triggered by an asset' : 'triggered by hand';
        return (
          <li key={run.id}>
            <button
              type="button"
              className="recent-run"
              data-testid={`recent-run-${run.id}`}
              data-state={run.state}
              aria-label={`Run ${run.id}, ${style.label}, ${kind}`}
              title={`${run.id}\n${style.label} · ${kind} · started ${formatTime(run.startDate)}`}
              style={{ background: style.fill, borderColor: style.stroke, color: style.text }}
              onClick={() => open(run.id)}
            >
              <span aria-hidden="true">{style.icon}</span>
            </button>
            {run.runType === 'dataset_triggered' && (
              <span className="recent-run-kind" aria-hidden="true">
                ⛁
              </span>
            )}
          </li>
        );
      })}
    </ul>
  );
}
