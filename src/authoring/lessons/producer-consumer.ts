/**
 * @title The housing producer and consumer
 * @teaches A DAG file that declares the playground's own pipeline: ml_producer loads, checks and featurizes the
 *   California housing data and updates the asset built_features; that asset event — not a clock, not a person —
 *   starts ml_consumer, which checks for drift, trains a model, predicts and saves the predictions. Every task is a
 *   built-in operator, so this is exactly the built-in pipeline, written by hand.
 * @expect Trigger ml_producer: its five tasks run (quarantine_data is skipped), then ml_consumer runs once by itself
 *   and ends in success; with seed 42 the linear model's held-out R² is about 0.649, as in the built-in pipeline.
 * @check {"trigger": ["ml_producer"], "runs": [{"dagId": "ml_producer", "count": 1, "state": "success", "tasks": {"featurize": "success", "quarantine_data": "skipped"}}, {"dagId": "ml_consumer", "count": 1, "state": "success"}]}
 */
import { Asset, Dag, operators } from 'apache-airflow-ts-sdk';

const { housing } = operators;

const rawHousing = new Asset({
  name: 'raw_housing',
  uri: 'playground://housing/raw',
  description: 'The California housing rows as loaded, unchanged.',
});
const builtFeatures = new Asset({
  name: 'built_features',
  uri: 'playground://housing/built_features',
  description:
    'The features as float32 in their raw units and the target last (MedHouseVal for the housing data); the event carries per-column statistics (featureStats). Each model fits its own scaler on its training rows.',
});
const quarantinedHousing = new Asset({
  name: 'quarantined_housing',
  uri: 'playground://housing/quarantine',
  description: 'Loaded data that failed the quality checks, kept aside with its report.',
});
const housingPredictions = new Asset({
  name: 'housing_predictions',
  uri: 'playground://housing/predictions',
  description:
    'For every row: the features, the actual target, the prediction, the residual (prediction − actual) and the split the row had in training (0 train, 1 validation, 2 test); the event names the model.',
});

// ── The producer: run by hand ─────────────────────────────────────────────────────────────────────────────────────
const producer = new Dag('ml_producer', {
  description:
    'Loads the California housing data (or an uploaded CSV), keeps a raw copy, checks it and builds features for the consumer team.',
  schedule: null,
  params: {
    corrupt_rows: {
      type: 'integer',
      default: 0,
      minimum: 0,
      maximum: 20_640,
      description: 'Blank out this many rows after extract, to watch check_data send the data to quarantine.',
    },
    source: {
      type: 'string',
      default: 'housing',
      description: 'housing (the California CSV the site serves), or the id of an uploaded_csv version to run on instead.',
    },
  },
  callbacks: { onFailure: { notify: 'error', message: 'Producer run {run} failed.' } },
});

const extract = producer.task('extract', housing.extract, {
  description: 'Load the housing CSV served by the site (or the uploaded version named by param source) into columns.',
  retries: 2,
  retryDelay: '1s',
  retryExponentialBackoff: true,
  maxRetryDelay: '10s',
  executionTimeout: '10s',
  callbacks: { onRetry: { notify: 'warning', message: 'extract failed ({error}); retrying.' } },
});
const saveRawData = producer.task('save_raw_data', housing.save_raw_data, {
  outlets: [rawHousing],
  description: 'Store the raw copy for later comparison with predictions.',
});
const checkData = producer.branch('check_data', housing.check_data, {
  description: 'Check schema, missing values, ranges and row count; branch to featurize or quarantine_data.',
});
const featurize = producer.task('featurize', housing.featurize, {
  outlets: [builtFeatures],
  description: 'Build float32 features (raw units, target last) and their column statistics; publish built_features.',
  retries: 1,
  retryDelay: '1s',
  executionTimeout: '2m',
});
const quarantineData = producer.task('quarantine_data', housing.quarantine_data, {
  outlets: [quarantinedHousing],
  description: 'Keep data that failed the checks aside with its report.',
  callbacks: { onSuccess: { notify: 'warning', message: 'Data of run {run} failed its checks and was quarantined.' } },
});

extract.before(saveRawData, checkData);
checkData.before(featurize, quarantineData);

// ── The consumer: run by the built_features asset event ───────────────────────────────────────────────────────────
const consumer = new Dag('ml_consumer', {
  description: 'Checks fresh features for drift, trains a regression model on them, then predicts every row.',
  schedule: builtFeatures,
  maxActiveRuns: 1,
  params: {
    model: {
      type: 'string',
      default: 'linear',
      enum: ['linear', 'mlp'],
      description: 'linear (fast, within 0.01 R² of the closed-form OLS solution) or mlp (64→32 ReLU, Adam, early stopping).',
    },
    epochs: { type: 'integer', default: 40, minimum: 1, maximum: 500, description: 'Most passes over the training rows (early stopping may end sooner).' },
    learning_rate: { type: 'number', default: 0.01, minimum: 0.0001, maximum: 1, description: 'Adam step size.' },
    batch_size: {
      type: 'integer',
      default: 0,
      minimum: 0,
      maximum: 4096,
      description: 'Training rows per Adam step; 0 = chosen from the row count (256 for the housing data, up to 2,048 for a million rows).',
    },
    patience: {
      type: 'integer',
      default: 8,
      minimum: 1,
      maximum: 500,
      description: "Epochs without a lower validation loss before training stops; the best epoch's weights are kept.",
    },
  },
  callbacks: {
    onSuccess: { notify: 'success', message: 'New model trained and predictions saved (run {run}).' },
    onFailure: { notify: 'error', message: 'Consumer run {run} failed.' },
  },
});

const checkDrift = consumer.task('check_drift', housing.check_drift, {
  description: "Compare the new features' statistics with those the newest model was trained on; warn on drift.",
});
const train = consumer.task('train', housing.train, {
  description: 'Fit the chosen model on a seeded 70/15/15 split (scaler on train rows only); RMSE, MAE, R² per split and the OLS reference.',
  retries: 1,
  retryDelay: '2s',
  executionTimeout: '5m',
});
const predict = consumer.task('predict', housing.predict, { description: 'Predict every row with the new model.' });
const savePredictions = consumer.task('save_predictions', housing.save_predictions, {
  outlets: [housingPredictions],
  description: 'Store features, actual value, prediction, residual and split for every row.',
});

checkDrift.before(train);
train.before(predict);
predict.before(savePredictions);
