import { isOperatorName, type OperatorName } from '../operatorNames';
import type { TaskLoader } from '../registry';

/**
 * The code of each built-in operator, loaded on demand like the pipelines' task code. Imported by workers only: the
 * main thread validates operator names against ../operatorNames.ts and never needs this.
 */
export const OPERATOR_LOADERS: Readonly<Record<OperatorName, TaskLoader>> = {
  noop: () => import('./noop').then((m) => m.noop),
  sleep: () => import('./sleep').then((m) => m.sleep),
  fail: () => import('./fail').then((m) => m.fail),
  'housing.extract': () => import('../housing/tasks/extract').then((m) => m.extract),
  'housing.save_raw_data': () => import('../housing/tasks/saveRawData').then((m) => m.saveRawData),
  'housing.check_data': () => import('../housing/tasks/checkData').then((m) => m.checkData),
  'housing.quarantine_data': () => import('../housing/tasks/quarantineData').then((m) => m.quarantineData),
  'housing.featurize': () => import('../housing/tasks/featurize').then((m) => m.featurize),
  'housing.check_drift': () => import('../housing/tasks/checkDrift').then((m) => m.checkDrift),
  'housing.train': () => import('../housing/tasks/train').then((m) => m.train),
  'housing.predict': () => import('../housing/tasks/predict').then((m) => m.predict),
  'housing.batch_predict': () => import('../housing/tasks/predict').then((m) => m.batchPredict),
  'housing.save_predictions': () => import('../housing/tasks/savePredictions').then((m) => m.savePredictions),
};

/** The loader of a named operator, or undefined for a missing or unknown name. */
export function operatorLoader(name: string | undefined): TaskLoader | undefined {
  return isOperatorName(name) ? OPERATOR_LOADERS[name] : undefined;
}
