/**
 * The DAG and task ids that have code of their own in ./registry.ts, as plain data: the main thread needs this list
 * to validate an imported DAG definition (a task must have registered code or name a built-in operator) without
 * importing any task code. tests/unit/export/registeredTasks.test.ts keeps it equal to the registry's keys.
 */
export const REGISTERED_TASKS: Readonly<Record<string, readonly string[]>> = {
  ml_producer: ['extract', 'save_raw_data', 'check_data', 'quarantine_data', 'featurize'],
  ml_consumer: ['check_drift', 'train', 'predict', 'save_predictions'],
  ml_batch_predict: ['predict', 'save_predictions'],
};

export const hasRegisteredCode = (dagId: string, taskId: string): boolean =>
  Object.hasOwn(REGISTERED_TASKS, dagId) && REGISTERED_TASKS[dagId]!.includes(taskId);
