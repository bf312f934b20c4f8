import type { DagDefinition } from '../../core/dag';
import { dagId, taskId } from '../../core/ids';
import { BUILT_FEATURES, HOUSING_PREDICTIONS, RAW_HOUSING } from './datasets';

/**
 * The two DAGs of the article, written as a user of the playground writes a DAG: ids, dependencies, outlets and a
 * schedule. The task code with the same ids is in ./tasks and runs in Web Workers only.
 */
export const ML_PRODUCER: DagDefinition = {
  id: dagId('ml_producer'),
  description: 'Loads the California housing data, keeps a raw copy and builds features for the consumer team.',
  schedule: { type: 'manual' },
  tasks: [
    { id: taskId('extract'), upstream: [], description: 'Load the housing CSV served by the site into columns.' },
    {
      id: taskId('save_raw_data'),
      upstream: [taskId('extract')],
      outlets: [RAW_HOUSING],
      description: 'Store the raw copy for later comparison with predictions.',
    },
    {
      id: taskId('featurize'),
      upstream: [taskId('extract')],
      outlets: [BUILT_FEATURES],
      description: 'Standardize the 8 features with danfojs and publish built_features.',
    },
  ],
};

export const ML_CONSUMER: DagDefinition = {
  id: dagId('ml_consumer'),
  description: 'Trains a regression model each time fresh features arrive, then predicts every row.',
  schedule: { type: 'datasets', datasets: [BUILT_FEATURES] },
  tasks: [
    {
      id: taskId('train'),
      upstream: [],
      description: 'Fit a TensorFlow.js linear regression on a seeded 80/20 split; report held-out RMSE and R².',
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
