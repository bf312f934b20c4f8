import type { DagDefinition, DatasetDefinition } from '../core/dag';
import { DEFAULT_POOL } from '../core/dag';
import { OPERATOR_NAMES } from '../pipelines/operatorNames';
import { REGISTERED_TASKS } from '../pipelines/registeredTasks';
import { datasetsOfDag } from './dagDocument';
import type { ImportContext } from './validateDagDocument';

/** What an import is checked against: registered task code, the operators, the known datasets and pools. */
export function importContext(
  dags: readonly DagDefinition[],
  datasets: readonly DatasetDefinition[],
  pools: readonly string[] = [DEFAULT_POOL],
): ImportContext {
  return {
    registeredTasks: REGISTERED_TASKS,
    operators: OPERATOR_NAMES,
    datasets: [...new Set([...datasets.map((d) => d.id), ...dags.flatMap(datasetsOfDag)])],
    pools,
  };
}
