import type { DagDefinition, TaskDefinition } from '../../core/dag';
import { dagId, taskId, type TaskId } from '../../core/ids';

/** Tasks in all: one start, 998 in parallel, one end. */
export const FAN_SIZE = 1_000;

const pad = (i: number) => String(i).padStart(3, '0');

/**
 * `demo_fan_1000`: start → 998 parallel tasks → end, the classic fan-out / fan-in, made only of built-in operators
 * (no task code of its own). It is there to watch the graph view keep up with 1,000 tasks changing state: the middle
 * tasks sleep a little each, so states ripple through the graph for a few seconds rather than flashing by.
 */
export const DEMO_FAN_1000: DagDefinition = {
  id: dagId('demo_fan_1000'),
  description: 'Fan-out / fan-in of 1,000 tasks made of built-in operators: start → 998 parallel sleeps → end.',
  schedule: { type: 'manual' },
  // Enough in flight at once that many nodes are queued and running together, without flooding the 2–4 workers.
  maxActiveTasks: 32,
  maxActiveRuns: 1,
  params: {
    sleep_ms: {
      type: 'integer',
      default: 20,
      minimum: 0,
      maximum: 10_000,
      description: 'How long each of the 998 middle tasks sleeps, in milliseconds.',
    },
  },
  tasks: fanTasks(FAN_SIZE),
};

function fanTasks(size: number): TaskDefinition[] {
  const start = taskId('start');
  const middle: TaskId[] = Array.from({ length: size - 2 }, (_, i) => taskId(`sleep_${pad(i)}`));
  return [
    { id: start, upstream: [], operator: 'noop', description: 'Fans out to the 998 parallel tasks.' },
    ...middle.map((id): TaskDefinition => ({ id, upstream: [start], operator: 'sleep' })),
    { id: taskId('end'), upstream: middle, operator: 'noop', description: 'Fans in: runs once all 998 have succeeded.' },
  ];
}
