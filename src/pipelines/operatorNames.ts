/**
 * The built-in operators a task may name (`TaskDefinition.operator`) instead of having code of its own in the
 * pipelines: the 1,000-task demo DAG and imported DAG definitions are made of these. Their code is in ./operators
 * (loaded by workers only); this list is what the main thread needs to validate a definition.
 */
export const OPERATOR_NAMES = ['noop', 'sleep', 'fail'] as const;
export type OperatorName = (typeof OPERATOR_NAMES)[number];

export const isOperatorName = (value: unknown): value is OperatorName => OPERATOR_NAMES.includes(value as OperatorName);
