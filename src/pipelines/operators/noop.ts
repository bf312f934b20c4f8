import type { TaskFunction } from '../../taskApi/taskContext';

/** Airflow's EmptyOperator: does nothing and succeeds. Fan-out roots and fan-in sinks of a demo DAG are made of it. */
export const noop: TaskFunction = async () => undefined;
