import { useMemo, useState } from 'react';
import type { ModelRecord } from '../../core/records';
import { LINEAR_GAP_R2, MUCH_WORSE_R2 } from '../../pipelines/ml/modelQuality';
import { formatCount, formatDuration, formatTime } from '../format';
import { usePlayground } from '../PlaygroundContext';
import { downloadBlob } from '../download';
import { safeFileName } from '../datasets/download';
import { datasetHref, taskHref } from '../datasets/links';
import { usePredictionFigures, useVersionAccess, versionRef } from '../datasets/versionData';
import { DriftReport } from './DriftReport';
import { ModelActions } from './ModelActions';
import { fixed3, olsR2, paramsText, splitMetrics, SPLITS } from './modelFacts';
import { PredictionCharts, PredictionChartsSkeleton } from './PredictionCharts';
import { predictionsVersionOf } from './predictionsData';
import { MessageText } from '../UserText';

type GapStatus = 'ok' | 'off' | 'much_worse';

/** Against the closed-form reference: a linear model should be within 0.01 of it; no model should be 0.05 below it. */
function gapStatus(kind: ModelRecord['kind'], gap: number): GapStatus {
  if (gap < -MUCH_WORSE_R2) return 'much_worse';
  return kind === 'linear' && Math.abs(gap) > LINEAR_GAP_R2 ? 'off' : 'ok';
}

const GAP_TEXT: Record<GapStatus, string> = {
  ok: '',
  off: ` ✗ more than ${LINEAR_GAP_R2} off`,
  much_worse: ` ✗ much worse than a straight line (more than ${MUCH_WORSE_R2} below)`,
};

/** One model version: metrics per split against the closed-form reference, lineage, drift, actions and predictions. */
export function ModelDetail({ model }: { model: ModelRecord }) {
  const events = usePlayground((s) => s.datasetEvents);
  const versions = usePlayground((s) => s.datasetVersions);
  const predictions = useMemo(() => predictionsVersionOf(model.id, events, versions), [model.id, events, versions]);
  const access = useVersionAccess();
  const figures = usePredictionFigures(access, predictions, model.scaler?.features);
  const [saving, setSaving] = useState(false);
  const ols = olsR2(model);
  const test = splitMetrics(model, 'test');
  // No gap to show when either R² is undefined (a constant target: NaN) or missing.
  const gap = ols !== undefined && test.r2 !== undefined && Number.isFinite(ols) && Number.isFinite(test.r2) ? test.r2 - ols : undefined;

  // The CSV is written by the version reader (a worker), a part at a time: the page never holds the version.
  const reader = access.reader;
  const downloadPredictions =
    predictions && reader
      ? () => {
          setSaving(true);
          void reader
            .csv(versionRef(access.dbName, predictions))
            .then((blob) => downloadBlob(blob, safeFileName(predictions.id, 'csv')))
            .finally(() => setSaving(false));
        }
      : null;

  return (
    <section className="model-detail panel" aria-labelledby="model-detail-title" data-testid="model-detail" data-model={model.id}>
      <header className="section-header">
        <h3 id="model-detail-title">
          ◆ <code>{model.id}</code>
        </h3>
        <span className="small muted">
          stored {formatTime(model.createdAt)} by{' '}
          <a href={taskHref(model.producedBy.dagId, model.producedBy.runId, model.producedBy.taskId)}>
            {model.producedBy.dagId}.{model.producedBy.taskId} try {model.producedBy.tryNumber}
          </a>
        </span>
      </header>
      <div className="model-facts">
        <table className="compact split-metrics" data-testid="split-metrics">
          <caption>Metrics per split (target in $100k)</caption>
          <thead>
            <tr>
              <th scope="col">split</th>
              <th scope="col" className="num">
                rows
              </th>
              <th scope="col" className="num">
                RMSE
              </th>
              <th scope="col" className="num">
                MAE
              </th>
              <th scope="col" className="num">
                R²
              </th>
            </tr>
          </thead>
          <tbody>
            {SPLITS.map((split) => {
              const m = splitMetrics(model, split);
              return (
                <tr key={split} data-testid={`split-${split}`}>
                  <th scope="row">{split === 'test' ? 'test (held out)' : split}</th>
                  <td className="num">{m.count === undefined ? '—' : formatCount(m.count)}</td>
                  <td className="num" data-testid={`split-${split}-rmse`}>
                    {fixed3(m.rmse)}
                  </td>
                  <td className="num" data-testid={`split-${split}-mae`}>
                    {fixed3(m.mae)}
                  </td>
                  <td className="num" data-testid={`split-${split}-r2`}>
                    {fixed3(m.r2)}
                  </td>
                </tr>
              );
            })}
            <tr data-testid="split-ols">
              <th scope="row" title="Ordinary least squares solved in closed form on the same training rows: what a linear model can reach">
                OLS reference (test)
              </th>
              <td />
              <td />
              <td />
              <td className="num" data-testid="model-ols-r2">
                {fixed3(ols)}
              </td>
            </tr>
          </tbody>
        </table>
        <dl className="fact-list small">
          <dt>kind</dt>
          <dd>{model.kind ?? '—'}</dd>
          <dt>params</dt>
          <dd>{paramsText(model.params)}</dd>
          <dt>seed · backend</dt>
          <dd>
            {model.seed ?? '—'} · {model.backend ?? '—'}
          </dd>
          <dt>trained on</dt>
          <dd className="lineage-cell">
            {model.trainedOn ? (
              <a href={datasetHref(model.trainedOn.split('@')[0] ?? '')} title={model.trainedOn}>
                {model.trainedOn}
              </a>
            ) : (
              '—'
            )}
          </dd>
          <dt>training</dt>
          <dd>
            {formatDuration(typeof model.metrics.trainMs === 'number' ? model.metrics.trainMs : null)}
            {typeof model.metrics.epochsRun === 'number' ? `, ${model.metrics.epochsRun} epochs` : ''}
          </dd>
          {gap !== undefined && (
            <>
              <dt>vs OLS</dt>
              <dd data-testid="model-ols-gap" data-status={gapStatus(model.kind, gap)} className={gapStatus(model.kind, gap) === 'ok' ? undefined : 'error-text'}>
                test R² {gap >= 0 ? '+' : '−'}
                {Math.abs(gap).toFixed(3)}
                {gapStatus(model.kind, gap) === 'ok' && model.kind === 'linear' ? ` ✓ within ${LINEAR_GAP_R2}` : GAP_TEXT[gapStatus(model.kind, gap)]}
              </dd>
            </>
          )}
        </dl>
      </div>
      <DriftReport model={model} />
      <ModelActions model={model} onDownloadPredictions={saving ? null : downloadPredictions} predictionsReady={predictions !== null} />
      <section className="predictions" aria-labelledby="predictions-title" data-testid="model-predictions">
        <h4 id="predictions-title">
          Predictions{' '}
          {predictions && (
            <a className="small" href={datasetHref(predictions.datasetId)} title={predictions.id}>
              ⛁ {predictions.datasetId} {formatTime(predictions.createdAt)}
            </a>
          )}
        </h4>
        {!predictions && (
          <p className="muted" data-testid="predictions-none">
            No stored predictions of this model (not predicted yet, or the version was deleted by retention).
          </p>
        )}
        {predictions && figures.status === 'loading' && <PredictionChartsSkeleton rows={predictions.rowCount} done={figures.done} total={figures.total} />}
        {predictions && figures.status === 'error' && (
          <p className="error-text" role="alert" data-testid="predictions-error">
            <MessageText text={figures.message} />
          </p>
        )}
        {predictions && figures.status === 'ready' && <PredictionCharts figures={figures.value} />}
      </section>
    </section>
  );
}
