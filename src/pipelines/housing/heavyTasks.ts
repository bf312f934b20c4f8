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

/**
 * The housing operators (operatorNames.ts HOUSING_OPERATORS) that run one of those tasks' code. Spelled out rather than
 * derived, so the page's entry chunk does not take the operator table with it; workerPoolShare.test.ts checks that
 * both agree.
 */
const HEAVY_OPERATORS: ReadonlySet<string> = new Set(['housing.train', 'housing.predict', 'housing.batch_predict', 'housing.save_predictions']);

/**
 * Whether a try runs heavy task code: its own (by DAG and task id, as the registry resolves it) or a housing operator's.
 * On the pool's path for every try: a map and a set lookup, no string built.
 */
export function isHeavyTry(request: { readonly dagId: string; readonly taskId: string; readonly operator?: string }): boolean {
  if (HEAVY_TASKS.get(request.dagId)?.has(request.taskId) === true) return true;
  return request.operator !== undefined && HEAVY_OPERATORS.has(request.operator);
}
