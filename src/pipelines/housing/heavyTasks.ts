import { HOUSING_OPERATORS } from '../operatorNames';

/**
 * The housing tasks whose code loads tfjs or danfojs (megabytes; evaluating them holds a worker's thread for hundreds
 * of milliseconds), by DAG id. With two workers or more, one worker loads that code in its idle time and the
 * pool sends these tries to it, while the other keeps its thread free for the producer's first tries (pipelines/
 * registry.ts `housingWarmUp`, runtime/workers/workerPool.ts). Main-thread code: keep it free of imports that load
 * task code.
 */
const HEAVY_TASKS: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ['ml_consumer', new Set(['train', 'predict', 'save_predictions'])],
  ['ml_batch_predict', new Set(['predict', 'save_predictions'])],
]);

const heavy = (dagId: string, taskId: string) => HEAVY_TASKS.get(dagId)?.has(taskId) === true;

/**
 * Whether a try runs heavy task code: its own (by DAG and task id, as the registry resolves it) or a housing operator's.
 * On the pool's path for every try: two map lookups, no string built.
 */
export function isHeavyTry(request: { readonly dagId: string; readonly taskId: string; readonly operator?: string }): boolean {
  if (heavy(request.dagId, request.taskId)) return true;
  const { operator } = request;
  if (operator === undefined || !Object.hasOwn(HOUSING_OPERATORS, operator)) return false;
  const [dagId, taskId] = HOUSING_OPERATORS[operator as keyof typeof HOUSING_OPERATORS];
  return heavy(dagId, taskId);
}
