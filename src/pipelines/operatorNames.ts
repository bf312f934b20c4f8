/**
 * The built-in operators a task may name (`TaskDefinition.operator`) instead of having code of its own in the
 * pipelines: the 1,000-task demo DAG and imported DAG definitions are made of these, and a DAG file written in the
 * page uses them as `operators.noop`, `operators.housing.extract`… Their code is in ./operators (loaded by workers
 * only); this list is what the main thread needs to validate a definition. The housing ones are the housing
 * pipeline's task code under an operator name, so an authored DAG can reuse them.
 */
/** Operators that are code of their own (./operators). */
export const GENERIC_OPERATOR_NAMES = ['noop', 'sleep', 'fail'] as const;
export type GenericOperatorName = (typeof GENERIC_OPERATOR_NAMES)[number];

/**
 * Operators that are the housing pipeline's task code, by the DAG and task id it is registered under
 * (./registry.ts): a worker resolves them through its task registry, so a worker without the housing code (the
 * orchestration bench's) neither has nor downloads it.
 */
export const HOUSING_OPERATORS = {
  'housing.extract': ['ml_producer', 'extract'],
  'housing.save_raw_data': ['ml_producer', 'save_raw_data'],
  'housing.check_data': ['ml_producer', 'check_data'],
  'housing.quarantine_data': ['ml_producer', 'quarantine_data'],
  'housing.featurize': ['ml_producer', 'featurize'],
  'housing.check_drift': ['ml_consumer', 'check_drift'],
  'housing.train': ['ml_consumer', 'train'],
  'housing.predict': ['ml_consumer', 'predict'],
  'housing.batch_predict': ['ml_batch_predict', 'predict'],
  'housing.save_predictions': ['ml_consumer', 'save_predictions'],
} as const satisfies Readonly<Record<string, readonly [string, string]>>;

export const OPERATOR_NAMES = [...GENERIC_OPERATOR_NAMES, ...(Object.keys(HOUSING_OPERATORS) as (keyof typeof HOUSING_OPERATORS)[])] as const;
export type OperatorName = GenericOperatorName | keyof typeof HOUSING_OPERATORS;

export const isOperatorName = (value: unknown): value is OperatorName => OPERATOR_NAMES.includes(value as OperatorName);
