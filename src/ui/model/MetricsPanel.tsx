import { useMemo } from 'react';
import { findTask } from '../../core/model';
import { ML_CONSUMER } from '../../pipelines/housing/dags';
import { runsOfDag } from '../../store/playgroundStore';
import { formatCount, formatDuration } from '../format';
import { usePlayground } from '../PlaygroundContext';
import { modelHref } from '../datasets/links';

interface TrainResult {
  readonly modelId: string;
  readonly backend: string;
  readonly seed: number;
  readonly trainRows: number;
  readonly testRows: number;
  readonly testRmse: number;
  readonly testMae: number;
  /** null when the test rows' target is constant: R² is undefined there. */
  readonly testR2: number | null;
  readonly trainMs: number;
  readonly kind?: string;
  /** What the train task wants the person to know: a model much worse than the closed-form reference, an undefined R². */
  readonly warnings?: readonly string[];
}

function isTrainResult(value: unknown): value is TrainResult {
  if (typeof value !== 'object' || value === null) return false;
  const r2 = (value as TrainResult).testR2;
  return typeof (value as TrainResult).testRmse === 'number' && (typeof r2 === 'number' || r2 === null);
}

const warningsOf = (result: TrainResult): string[] =>
  Array.isArray(result.warnings) ? result.warnings.filter((w): w is string => typeof w === 'string') : [];

/** Held-out metrics of the newest model the consumer trained. */
export function MetricsPanel() {
  const scheduler = usePlayground((s) => s.scheduler);
  const latest = useMemo(() => {
    for (const run of runsOfDag(scheduler, ML_CONSUMER.id)) {
      const value = findTask(run, 'train')?.returnValue;
      if (isTrainResult(value)) return { run, result: value };
    }
    return null;
  }, [scheduler]);

  return (
    <section className="metrics-panel" aria-labelledby="metrics-title" data-testid="metrics-panel">
      <h3 id="metrics-title">Model metrics (held-out test rows)</h3>
      {latest ? (
        <>
          <dl className="metrics">
            <div>
              <dt>R²</dt>
              <dd data-testid="metric-r2" title={latest.result.testR2 === null ? 'Undefined: every test row has the same target value' : undefined}>
                {latest.result.testR2 === null ? 'undefined' : latest.result.testR2.toFixed(3)}
              </dd>
            </div>
            <div>
              <dt>RMSE</dt>
              <dd data-testid="metric-rmse">{latest.result.testRmse.toFixed(3)}</dd>
            </div>
            <div>
              <dt>MAE</dt>
              <dd data-testid="metric-mae">{latest.result.testMae.toFixed(3)}</dd>
            </div>
          </dl>
          {warningsOf(latest.result).map((warning, i) => (
            <p key={i} className="banner warning small" role="status" data-testid="metric-warning">
              ⚠ <bdi>{warning}</bdi>
            </p>
          ))}
          <p className="muted small">
            {latest.result.kind === 'mlp' ? 'Neural network (MLP)' : 'Linear regression'} (tfjs {latest.result.backend}, seed {latest.result.seed}) on {formatCount(latest.result.trainRows)}{' '}
            rows, tested on {formatCount(latest.result.testRows)} it never saw; trained in{' '}
            {formatDuration(latest.result.trainMs)}. Target MedHouseVal in $100k. Run {latest.run.id}.
          </p>
          <p className="small">
            <a href={modelHref(latest.result.modelId)} data-testid="open-model-page">
              Curves, versions and predictions on the Model page →
            </a>
          </p>
        </>
      ) : (
        <p className="muted">No model trained yet: trigger ml_producer and the consumer trains when built_features arrives.</p>
      )}
    </section>
  );
}
