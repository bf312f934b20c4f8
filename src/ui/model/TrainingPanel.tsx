import { useMemo } from 'react';
import type { RunId } from '../../core/ids';
import type { ModelRecord } from '../../core/records';
import { etaText, trainingEta } from '../../viz/charts/trainingEta';
import { formatDuration } from '../format';
import { usePlayground } from '../PlaygroundContext';
import { taskHref } from '../datasets/links';
import { LossCurve, type LossCurveSource } from './LossCurve';
import { currentTraining } from './trainingProgress';

/**
 * The training curve: live while a try trains (progress bar, epochs, ETA), else the selected model's stored history.
 * A live try is shown while it runs and until its model is stored and selected.
 */
export function TrainingPanel({ model }: { model: ModelRecord | null }) {
  const training = usePlayground(currentTraining);
  const dagOfRun = usePlayground((s) => (training ? s.scheduler?.runs[training.runId as RunId]?.dagId : undefined));
  const showLive = training !== null && (!training.finished || !model || model.producedBy.runId !== training.runId);

  const source = useMemo<LossCurveSource | null>(() => {
    if (showLive && training) return { kind: 'live', runId: training.runId, taskId: training.taskId, tryNumber: training.tryNumber };
    if (model?.history && model.history.length > 0) {
      return { kind: 'history', epochs: model.history, maxEpochs: Math.max(model.history.length, Number(model.params?.epochs ?? 0)) };
    }
    return null;
    // The live source is identified by its try; the progress object itself changes every epoch.
  }, [showLive, training?.runId, training?.taskId, training?.tryNumber, model]);

  const eta = showLive && training ? trainingEta(training) : null;
  return (
    <section className="training-panel panel" aria-labelledby="training-title" data-testid="training-panel">
      <header className="section-header">
        <h3 id="training-title">{showLive ? 'Training now' : 'Training curve'}</h3>
        {showLive && training && (
          <span className="small muted">
            {dagOfRun ? (
              <a href={taskHref(dagOfRun, training.runId, training.taskId)}>
                {training.runId} · {training.taskId} try {training.tryNumber}
              </a>
            ) : (
              `${training.runId} · ${training.taskId} try ${training.tryNumber}`
            )}{' '}
            · {training.modelKind}
          </span>
        )}
      </header>
      {eta && training && (
        <div className="training-progress" data-testid="training-progress" data-finished={training.finished}>
          <progress max={eta.maxEpochs} value={eta.fraction * eta.maxEpochs} aria-label="Training progress" />
          <span className="small" data-testid="training-eta">
            epoch {eta.epochsDone} of {eta.maxEpochs} · {formatDuration(eta.elapsedMs)} ·{' '}
            {training.finished ? (training.stoppedEarly ? 'stopped early (validation loss stopped improving)' : 'finished') : etaText(eta.remainingMs)}
          </span>
        </div>
      )}
      {source ? (
        <>
          <LossCurve source={source} />
          <p className="loss-legend small" aria-hidden="true">
            <span className="legend-swatch loss-train" /> train loss <span className="legend-swatch loss-validation" /> validation loss
            (dashed)
          </p>
        </>
      ) : (
        <p className="muted" data-testid="training-empty">
          {model
            ? 'This model was stored without its loss per epoch (an older version of the training task).'
            : 'Nothing is training. When built_features is updated, ml_consumer trains a model and its curve grows here, epoch by epoch.'}
        </p>
      )}
    </section>
  );
}
