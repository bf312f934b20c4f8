import type { DagDefinition } from '../core/dag';
import { markCheckedAtBuild, validateDag } from '../core/validate';
import { DEMO_FAN_1000 } from './demo/fanOut1000';
import { HOUSING_DAGS } from './housing/dags';
import { OPERATOR_NAMES } from './operatorNames';

/**
 * Every DAG the playground lists and schedules: the housing pipeline first (what the page is about), then the demo
 * DAGs. Definitions only (plain data), so the main thread can import it; the code runs in workers.
 */
export const ALL_DAGS: readonly DagDefinition[] = [...HOUSING_DAGS, DEMO_FAN_1000];

// Constants of the build, checked by `vite build` (src/build/builtInDagsPlugin.ts runs builtInDagErrors) and by
// tests/unit/pipelines/allDags.test.ts against the operators the scheduler is given: the boot does not check them
// again (core/validate.ts).
markCheckedAtBuild(ALL_DAGS, OPERATOR_NAMES);

/** Every validation error of these DAGs against these operators, and any id built in twice: what the build refuses. */
export function builtInDagErrors(dags: readonly DagDefinition[] = ALL_DAGS, operators: readonly string[] = OPERATOR_NAMES): string[] {
  const errors = dags.flatMap((dag) => validateDag(dag, { operators }).map((error) => error.message));
  const ids = dags.map((dag) => dag.id as string);
  for (const id of new Set(ids.filter((id, i) => ids.indexOf(id) !== i))) errors.push(`DAG id "${id}" is built in twice.`);
  return errors;
}
