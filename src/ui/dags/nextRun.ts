import { datasetsIn, isSatisfied } from '../../core/datasetCondition';
import type { DagDefinition } from '../../core/dag';
import type { SchedulerState } from '../../core/schedulerState';
import { own } from '../../core/ownKeys';

export interface NextRun {
  /** paused: starts nothing · manual: runs when a person triggers it · waiting: for dataset events · due: about to run */
  readonly status: 'paused' | 'manual' | 'waiting' | 'due';
  readonly text: string;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * When a DAG runs next, in words: "waiting for 1 of 2 datasets: raw_housing", "on trigger · 1 run queued", "paused:
 * dataset events are not queued". For a dataset schedule it reads the DAG's dataset queue, as the scheduler does.
 */
export function nextRun(dag: DagDefinition, scheduler: SchedulerState | null): NextRun {
  const paused = own(scheduler?.paused, dag.id) === true;
  if (dag.schedule.type === 'manual') {
    if (paused) return { status: 'paused', text: 'paused: triggered runs wait' };
    const queued = scheduler ? Object.values(scheduler.runs).filter((r) => r.dagId === dag.id && r.state === 'queued').length : 0;
    return { status: 'manual', text: queued > 0 ? `on trigger · ${plural(queued, 'run')} queued` : 'on trigger' };
  }
  if (paused) return { status: 'paused', text: 'paused: asset events are not queued' };
  const { condition } = dag.schedule;
  const queue = own(scheduler?.datasetQueues, dag.id) ?? {};
  const updated = (id: string) => own(queue, id as keyof typeof queue) !== undefined;
  if (isSatisfied(condition, updated)) return { status: 'due', text: 'due now: its condition is met' };
  const all = datasetsIn(condition);
  const missing = all.filter((id) => !updated(id));
  if (condition.type === 'any') return { status: 'waiting', text: `waiting for any of ${plural(all.length, 'asset')}: ${missing.join(', ')}` };
  return { status: 'waiting', text: `waiting for ${missing.length} of ${plural(all.length, 'asset')}: ${missing.join(', ')}` };
}
