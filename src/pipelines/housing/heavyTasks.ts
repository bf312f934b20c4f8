import { HOUSING_OPERATORS } from '../operatorNames';

/**
 * The housing tasks whose code loads tfjs or danfojs (megabytes; evaluating them holds a worker's thread for hundreds
 * of milliseconds), as `dagId/taskId`. With two workers or more, one worker loads that code in its idle time and the
 * pool sends these tries to it, while the other keeps its thread free for the producer's first tries (pipelines/
 * registry.ts `housingWarmUp`, runtime/workers/workerPool.ts). Main-thread code: keep it free of imports that load
 * task code.
 */
const HEAVY_TASKS: ReadonlySet<string> = new Set([
  'ml_consumer/train',
  'ml_consumer/predict',
  'ml_consumer/save_predictions',
  'ml_batch_predict/predict',
  'ml_batch_predict/save_predictions',
]);

/** Whether a try runs heavy task code: its own (by DAG and task id, as the registry resolves it) or a housing operator's. */
export function isHeavyTry(request: { readonly dagId: string; readonly taskId: string; readonly operator?: string }): boolean {
  if (HEAVY_TASKS.has(`${request.dagId}/${request.taskId}`)) return true;
  const { operator } = request;
  if (operator === undefined || !Object.hasOwn(HOUSING_OPERATORS, operator)) return false;
  const [dagId, taskId] = HOUSING_OPERATORS[operator as keyof typeof HOUSING_OPERATORS];
  return HEAVY_TASKS.has(`${dagId}/${taskId}`);
}
