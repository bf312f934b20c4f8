import type { DagDefinition } from '../core/dag';
import { markCheckedAtBuild } from '../core/validate';
import { DEMO_FAN_1000 } from './demo/fanOut1000';
import { HOUSING_DAGS } from './housing/dags';
import { OPERATOR_NAMES } from './operatorNames';

/**
 * Every DAG the playground lists and schedules: the housing pipeline first (what the page is about), then the demo
 * DAGs. Definitions only (plain data), so the main thread can import it; the code runs in workers.
 */
export const ALL_DAGS: readonly DagDefinition[] = [...HOUSING_DAGS, DEMO_FAN_1000];

// Constants of the build, checked by `vite build` (src/build/builtInDagsPlugin.ts) and by a unit test against the
// operators the scheduler is given: the boot does not check them again (core/validate.ts).
markCheckedAtBuild(ALL_DAGS, OPERATOR_NAMES);
