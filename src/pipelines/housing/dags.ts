import type { DagDefinition } from '../../core/dag';
import { onDataset } from '../../core/datasetCondition';
import { dagId, taskId } from '../../core/ids';
import { HOUSING_SOURCE } from '../upload/producerSource';
import { BUILT_FEATURES, HOUSING_PREDICTIONS, QUARANTINED_HOUSING, RAW_HOUSING } from './datasets';

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
      description: 'Standardize the features with danfojs and publish built_features.',
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
  description: 'Trains a regression model each time fresh features arrive, then predicts every row.',
  schedule: { type: 'datasets', condition: onDataset(BUILT_FEATURES) },
  maxActiveRuns: 1,
  params: {
    epochs: { type: 'integer', default: 30, minimum: 1, maximum: 500, description: 'Passes over the training rows.' },
    learning_rate: { type: 'number', default: 0.05, minimum: 0.0001, maximum: 1, description: 'Adam step size.' },
  },
  callbacks: {
    onSuccess: { notify: 'success', message: 'New model trained and predictions saved (run {run}).' },
    onFailure: { notify: 'error', message: 'Consumer run {run} failed.' },
  },
  tasks: [
    {
      id: taskId('train'),
      upstream: [],
      description: 'Fit a TensorFlow.js linear regression on a seeded 80/20 split; report held-out RMSE and R².',
      retries: 1,
      retryDelayMs: 2_000,
      executionTimeoutMs: 300_000,
    },
    { id: taskId('predict'), upstream: [taskId('train')], description: 'Predict MedHouseVal for every row.' },
    {
      id: taskId('save_predictions'),
      upstream: [taskId('predict')],
      outlets: [HOUSING_PREDICTIONS],
      description: 'Store predictions beside the actual values.',
    },
  ],
};

export const HOUSING_DAGS: readonly DagDefinition[] = [ML_PRODUCER, ML_CONSUMER];
