/**
 * The built-in operators a task may name (`TaskDefinition.operator`) instead of having code of its own in the
 * pipelines: the 1,000-task demo DAG and imported DAG definitions are made of these, and a DAG file written in the
 * page uses them as `operators.noop`, `operators.housing.extract`… Their code is in ./operators (loaded by workers
 * only); this list is what the main thread needs to validate a definition. The housing ones are the housing
 * pipeline's task code under an operator name, so an authored DAG can reuse them.
 */
export const OPERATOR_NAMES = [
  'noop',
  'sleep',
  'fail',
  'housing.extract',
  'housing.save_raw_data',
  'housing.check_data',
  'housing.quarantine_data',
  'housing.featurize',
  'housing.check_drift',
  'housing.train',
  'housing.predict',
  'housing.batch_predict',
  'housing.save_predictions',
] as const;
export type OperatorName = (typeof OPERATOR_NAMES)[number];

export const isOperatorName = (value: unknown): value is OperatorName => OPERATOR_NAMES.includes(value as OperatorName);
