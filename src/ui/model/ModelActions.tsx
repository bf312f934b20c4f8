import { useId, useState } from 'react';
import type { DagId } from '../../core/ids';
import type { ModelRecord } from '../../core/records';
import { usePlayground, usePlaygroundClient } from '../PlaygroundContext';
import { downloadBlob } from '../download';
import { tfjsModelFiles } from '../../pipelines/ml/modelFiles';

export const BATCH_PREDICT_DAG = 'ml_batch_predict' as DagId;

/** Predict with a stored model (the batch-predict DAG), download it in TensorFlow.js format, download its predictions. */
export function ModelActions({ model, onDownloadPredictions, predictionsReady }: { model: ModelRecord; onDownloadPredictions: (() => void) | null; predictionsReady: boolean }) {
  const client = usePlaygroundClient();
  const ready = usePlayground((s) => s.status === 'ready');
  const hasBatchDag = usePlayground((s) => s.dags.some((d) => d.id === BATCH_PREDICT_DAG));
  const [message, setMessage] = useState<{ level: 'info' | 'error'; text: string } | null>(null);
  const hintId = useId();

  const predict = async () => {
    const result = await client.execute({ type: 'trigger', dagId: BATCH_PREDICT_DAG, params: { model_id: model.id } });
    setMessage(
      result.ok
        ? { level: 'info', text: `Triggered ${BATCH_PREDICT_DAG}${result.runId ? ` (run ${result.runId})` : ''}: its predictions appear as a new housing_predictions version.` }
        : { level: 'error', text: result.errors.join(' ') },
    );
  };

  const downloadModel = () => {
    try {
      const files = tfjsModelFiles(model);
      downloadBlob(new Blob([files.modelJson], { type: 'application/json' }), 'model.json');
      downloadBlob(new Blob([files.weights], { type: 'application/octet-stream' }), files.weightsFileName);
    } catch (error) {
      // A record without tfjs artifacts (damaged, or from a foreign build) says why instead of failing silently.
      setMessage({ level: 'error', text: error instanceof Error ? error.message : String(error) });
    }
  };

  const predictHint = !hasBatchDag
    ? 'The batch prediction DAG (ml_batch_predict) is not defined in this build.'
    : !ready
      ? 'The playground is still starting.'
      : `Runs ${BATCH_PREDICT_DAG} with model_id=${model.id}.`;

  return (
    <div className="model-actions">
      <div className="action-row" role="group" aria-label="Model actions">
        <span title={predictHint}>
          <button type="button" data-testid="model-predict" disabled={!hasBatchDag || !ready} aria-describedby={hintId} onClick={() => void predict()}>
            ▶ Predict with this version
          </button>
        </span>
        <button type="button" data-testid="model-download" onClick={downloadModel} title="model.json and its weights file, as tf.loadLayersModel reads them">
          ⤓ Download model (tfjs)
        </button>
        <span title={predictionsReady ? 'Every row with its prediction, residual and split' : 'No stored predictions of this model'}>
          <button type="button" data-testid="model-download-predictions" disabled={!onDownloadPredictions} onClick={() => onDownloadPredictions?.()}>
            ⤓ Download predictions CSV
          </button>
        </span>
      </div>
      <p id={hintId} className="small muted">
        {predictHint}
      </p>
      {message && (
        <p className={message.level === 'error' ? 'error-text' : 'small'} role={message.level === 'error' ? 'alert' : 'status'} data-testid="model-action-message">
          {message.text}
        </p>
      )}
    </div>
  );
}
