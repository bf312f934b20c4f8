import { useMemo } from 'react';
import type { DagId } from '../../core/ids';
import { findTask } from '../../core/model';
import { ML_CONSUMER } from '../../pipelines/housing/dags';
import { runsOfDag } from '../../store/playgroundStore';
import { usePlayground } from '../PlaygroundContext';

interface HeldOut {
  readonly r2: number | null;
  readonly rmse: number;
  readonly modelId: string | null;
}

function heldOutOf(value: unknown): HeldOut | null {
  if (typeof value !== 'object' || value === null) return null;
  const { testR2, testRmse, modelId } = value as { testR2?: unknown; testRmse?: unknown; modelId?: unknown };
  if (typeof testRmse !== 'number' || !(typeof testR2 === 'number' || testR2 === null)) return null;
  return { r2: testR2, rmse: testRmse, modelId: typeof modelId === 'string' ? modelId : null };
}

/** The housing lesson's result: held-out R² and RMSE of the newest model this embed's consumer trained. */
export function EmbedMetrics() {
  const scheduler = usePlayground((s) => s.scheduler);
  const latest = useMemo(() => {
    for (const run of runsOfDag(scheduler, ML_CONSUMER.id as DagId)) {
      const metrics = heldOutOf(findTask(run, 'train')?.returnValue);
      if (metrics) return metrics;
    }
    return null;
  }, [scheduler]);
  return (
    <section className="embed-metrics small" aria-label="Model metrics" data-testid="embed-metrics">
      {latest ? (
        <>
          <span>
            Held-out R² <strong data-testid="embed-metric-r2">{latest.r2 === null ? 'undefined' : latest.r2.toFixed(3)}</strong>
          </span>
          <span>
            RMSE <strong data-testid="embed-metric-rmse">{latest.rmse.toFixed(3)}</strong> <span className="muted">($100k)</span>
          </span>
        </>
      ) : (
        <span className="muted">No model yet: Run trains one (R², RMSE on held-out rows).</span>
      )}
    </section>
  );
}
