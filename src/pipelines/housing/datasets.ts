import type { DatasetDefinition } from '../../core/dag';
import { datasetId } from '../../core/ids';
import { UPLOAD_DATASET } from '../upload/producerSource';

export const RAW_HOUSING = datasetId('raw_housing');
export const BUILT_FEATURES = datasetId('built_features');
export const HOUSING_PREDICTIONS = datasetId('housing_predictions');
export const QUARANTINED_HOUSING = datasetId('quarantined_housing');
/** A person's own CSV, mapped (features, then the target last) and stored by the upload panel; no task writes it. */
export const UPLOADED_CSV = datasetId(UPLOAD_DATASET);

export const HOUSING_DATASETS: readonly DatasetDefinition[] = [
  { id: RAW_HOUSING, uri: 'playground://housing/raw', description: 'The California housing rows as loaded, unchanged.' },
  {
    id: BUILT_FEATURES,
    uri: 'playground://housing/built_features',
    description:
      'The features as float32 in their raw units and the target last (MedHouseVal for the housing data); the event carries per-column statistics (featureStats). Each model fits its own scaler on its training rows.',
  },
  {
    id: QUARANTINED_HOUSING,
    uri: 'playground://housing/quarantine',
    description: 'Loaded data that failed the quality checks, kept aside with its report.',
  },
  {
    id: UPLOADED_CSV,
    uri: 'playground://upload/csv',
    description: 'CSV files people uploaded, mapped to features and a target; ml_producer reads one with its param source.',
  },
  {
    id: HOUSING_PREDICTIONS,
    uri: 'playground://housing/predictions',
    description:
      'For every row: the features, the actual target, the prediction, the residual (prediction − actual) and the split the row had in training (0 train, 1 validation, 2 test); the event names the model.',
  },
];

/** The California housing columns, in the order of the CSV the site serves. */
export const FEATURE_COLUMNS = [
  'MedInc',
  'HouseAge',
  'AveRooms',
  'AveBedrms',
  'Population',
  'AveOccup',
  'Latitude',
  'Longitude',
] as const;
export const TARGET_COLUMN = 'MedHouseVal';
export const HOUSING_CSV_PATH = 'data/california_housing.csv';
