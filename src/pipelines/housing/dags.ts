import type { DagDefinition } from '../../core/dag';
import { onDataset } from '../../core/datasetCondition';
import { dagId, taskId } from '../../core/ids';
import { HOUSING_SOURCE } from '../upload/producerSource';
import { BUILT_FEATURES, HOUSING_PREDICTIONS, QUARANTINED_HOUSING, RAW_HOUSING } from './datasets';
import { MODEL_KINDS, TRAIN_TIMEOUT_MS, TRAINING_DEFAULTS } from './trainingData';

/**
 * The two DAGs of the article, written as a user of the playground writes a DAG: ids, dependencies, outlets, a
 * schedule and Airflow's task settings. The task code with the same ids is in ./tasks and runs in Web Workers only.
 */
export const ML_PRODUCER: DagDefinition = {
  id: dagId('ml_producer'),
  description:
    'Loads the California housing data (or an uploaded CSV), keeps a raw copy, checks it and builds features for the consumer team.',
  schedule: { type: 'manual' },
  params: {
    corrupt_rows: {
      type: 'integer',
      default: 0,
      minimum: 0,
      maximum: 20_640,
      description: 'Blank out this many rows after extract, to watch check_data send the data to quarantine.',
    },
    // Declared second: the params form focuses its first field, which stays corrupt_rows.
    source: {
      type: 'string',
      default: HOUSING_SOURCE,
      description: 'housing (the California CSV the site serves), or the id of an uploaded_csv version to run on instead.',
    },
  },
  callbacks: { onFailure: { notify: 'error', message: 'Producer run {run} failed.' } },
  tasks: [
    {
      id: taskId('extract'),
      upstream: [],
      description: 'Load the housing CSV served by the site (or the uploaded version named by param source) into columns.',
      retries: 2,
      retryDelayMs: 1_000,
      retryExponentialBackoff: true,
      maxRetryDelayMs: 10_000,
      // Loading the CSV takes well under a second: a try still running after 10 s is stuck (see ?fault=extract:hang).
      executionTimeoutMs: 10_000,
      callbacks: { onRetry: { notify: 'warning', message: 'extract failed ({error}); retrying.' } },
    },
    {
      id: taskId('save_raw_data'),
      upstream: [taskId('extract')],
      outlets: [RAW_HOUSING],
      description: 'Store the raw copy for later comparison with predictions.',
    },
    {
      id: taskId('check_data'),
      upstream: [taskId('extract')],
      kind: 'branch',
      description: 'Check schema, missing values, ranges and row count; branch to featurize or quarantine_data.',
    },
    {
      id: taskId('featurize'),
      upstream: [taskId('check_data')],
      outlets: [BUILT_FEATURES],
      description: 'Build float32 features (raw units, target last) and their column statistics; publish built_features.',
      // One retry: a try lost to a crashed worker or a closed tab recovers by itself.
      retries: 1,
      retryDelayMs: 1_000,
      executionTimeoutMs: 120_000,
    },
    {
      id: taskId('quarantine_data'),
      upstream: [taskId('check_data')],
      outlets: [QUARANTINED_HOUSING],
      description: 'Keep data that failed the checks aside with its report.',
      callbacks: { onSuccess: { notify: 'warning', message: 'Data of run {run} failed its checks and was quarantined.' } },
    },
  ],
};

export const ML_CONSUMER: DagDefinition = {
  id: dagId('ml_consumer'),
  description: 'Checks fresh features for drift, trains a regression model on them, then predicts every row.',
  schedule: { type: 'datasets', condition: onDataset(BUILT_FEATURES) },
  maxActiveRuns: 1,
  params: {
    model: {
      type: 'string',
      default: TRAINING_DEFAULTS.model,
      enum: MODEL_KINDS,
      description: 'linear (fast, within 0.01 R² of the closed-form OLS solution) or mlp (64→32 ReLU, Adam, early stopping).',
    },
    epochs: {
      type: 'integer',
      default: TRAINING_DEFAULTS.epochs,
      minimum: 1,
      maximum: 500,
      description: 'Most passes over the training rows (early stopping may end sooner).',
    },
    learning_rate: { type: 'number', default: TRAINING_DEFAULTS.learningRate, minimum: 0.0001, maximum: 1, description: 'Adam step size.' },
    batch_size: {
      type: 'integer',
      default: TRAINING_DEFAULTS.batchSize,
      minimum: 0,
      maximum: 4096,
      description: 'Training rows per Adam step; 0 = chosen from the row count (256 for the housing data, up to 2,048 for a million rows).',
    },
    patience: {
      type: 'integer',
      default: TRAINING_DEFAULTS.patience,
      minimum: 1,
      maximum: 500,
      description: 'Epochs without a lower validation loss before training stops; the best epoch\'s weights are kept.',
    },
  },
  callbacks: {
    onSuccess: { notify: 'success', message: 'New model trained and predictions saved (run {run}).' },
    onFailure: { notify: 'error', message: 'Consumer run {run} failed.' },
  },
  tasks: [
    {
      id: taskId('check_drift'),
      upstream: [],
      description: 'Compare the new features\' statistics with those the newest model was trained on; warn on drift.',
    },
    {
      id: taskId('train'),
      upstream: [taskId('check_drift')],
      description: 'Fit the chosen model on a seeded 70/15/15 split (scaler on train rows only); RMSE, MAE, R² per split and the OLS reference.',
      retries: 1,
      retryDelayMs: 2_000,
      // Training itself stops within TRAINING_DEFAULTS.budgetMs, whatever the row count: a try past this is stuck.
      executionTimeoutMs: TRAIN_TIMEOUT_MS,
    },
    { id: taskId('predict'), upstream: [taskId('train')], description: 'Predict every row with the new model.' },
    {
      id: taskId('save_predictions'),
      upstream: [taskId('predict')],
      outlets: [HOUSING_PREDICTIONS],
      description: 'Store features, actual value, prediction, residual and split for every row.',
    },
  ],
};

/** Predicts the newest features with any stored model version: lineage and comparisons across versions. */
export const ML_BATCH_PREDICT: DagDefinition = {
  id: dagId('ml_batch_predict'),
  description: 'Predicts the newest built_features with a stored model version of your choice.',
  schedule: { type: 'manual' },
  maxActiveRuns: 1,
  params: {
    model_id: { type: 'string', default: '', description: 'The stored model to use (e.g. model@run-…/1); empty = the newest.' },
  },
  callbacks: { onFailure: { notify: 'error', message: 'Batch prediction run {run} failed.' } },
  tasks: [
    { id: taskId('predict'), upstream: [], description: 'Predict every row of the newest built_features with the chosen model.' },
    {
      id: taskId('save_predictions'),
      upstream: [taskId('predict')],
      outlets: [HOUSING_PREDICTIONS],
      description: 'Store features, actual value, prediction, residual and split for every row.',
    },
  ],
};

export const HOUSING_DAGS: readonly DagDefinition[] = [ML_PRODUCER, ML_CONSUMER, ML_BATCH_PREDICT];
