import type { DagDefinition } from '../core/dag';
import { validateDag } from '../core/validate';
import { ALL_DAGS } from '../pipelines/allDags';
import { OPERATOR_NAMES } from '../pipelines/operatorNames';

/**
 * Every validation error of the built-in DAGs against the operators the scheduler is given, and any id built in twice:
 * what `vite build` refuses (builtInDagsPlugin.ts) and the unit tests check, so the page need not check them at boot.
 */
export function builtInDagErrors(dags: readonly DagDefinition[] = ALL_DAGS, operators: readonly string[] = OPERATOR_NAMES): string[] {
  const errors = dags.flatMap((dag) => validateDag(dag, { operators }).map((error) => error.message));
  const ids = dags.map((dag) => dag.id as string);
  for (const id of new Set(ids.filter((id, i) => ids.indexOf(id) !== i))) errors.push(`DAG id "${id}" is built in twice.`);
  return errors;
}
