import type { DagDefinition } from '../core/dag';
import { DEMO_FAN_1000 } from './demo/fanOut1000';
import { HOUSING_DAGS } from './housing/dags';

/**
 * Every DAG the playground lists and schedules: the housing pipeline first (what the page is about), then the demo
 * DAGs. Definitions only (plain data), so the main thread can import it; the code runs in workers.
 */
export const ALL_DAGS: readonly DagDefinition[] = [...HOUSING_DAGS, DEMO_FAN_1000];
