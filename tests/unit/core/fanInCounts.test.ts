import { describe, expect, it } from 'vitest';
import type { DagDefinition, TaskDefinition } from '../../../src/core/dag';
import { indexDag, type DagIndex } from '../../../src/core/dagIndex';
import { moveFanIn, noteStateChange, upstreamCountsAt } from '../../../src/core/fanInCounts';
import { dagId, taskId } from '../../../src/core/ids';
import type { TaskInstance } from '../../../src/core/model';
import { seededRandom } from '../../../src/core/random';
import { step, type SchedulerCommand } from '../../../src/core/scheduler';
import { createSchedulerState, newInstance } from '../../../src/core/schedulerState';
import { TASK_STATES, type TaskState } from '../../../src/core/states';
import { countUpstreamStates, TRIGGER_RULES } from '../../../src/core/triggerRules';

/** A seeded random DAG: edges only from lower to higher positions (acyclic), some wide fan-ins, random trigger rules. */
function randomDag(random: () => number, name: string): DagDefinition {
  const n = 1 + Math.floor(random() * 30);
  const tasks: TaskDefinition[] = [];
  for (let i = 0; i < n; i++) {
    const upstream = new Set<number>();
    const wide = random() < 0.15;
    const edges = i === 0 ? 0 : wide ? i : Math.floor(random() * Math.min(4, i + 1));
    for (let e = 0; e < edges; e++) upstream.add(wide ? e : Math.floor(random() * i));
    const rule = TRIGGER_RULES[Math.floor(random() * TRIGGER_RULES.length)]!;
    tasks.push({ id: taskId(`t${i}`), upstream: [...upstream].map((u) => taskId(`t${u}`)), triggerRule: rule });
  }
  return { id: dagId(name), schedule: { type: 'manual' }, maxActiveTasks: 1_000, tasks };
}

/** What the scheduler counted before the memo: every upstream's state read again. */
function recount(tasks: readonly TaskInstance[], index: DagIndex, position: number) {
  const upstream = index.upstream[position]!;
  return countUpstreamStates(upstream.length, (k) => tasks[upstream[k]!]!.state);
}

function expectAgrees(tasks: readonly TaskInstance[], index: DagIndex): number {
  for (let position = 0; position < index.size; position++) {
    expect(upstreamCountsAt(tasks, index, position)).toEqual(recount(tasks, index, position));
  }
  return index.size;
}

const randomState = (random: () => number): TaskState => TASK_STATES[Math.floor(random() * TASK_STATES.length)]!;

describe('fan-in counts kept up to date', () => {
  it('agree with a full recount after every change, through copies, on 200 seeded random DAGs', () => {
    const random = seededRandom(16);
    let compared = 0;
    let moved = 0;
    for (let d = 0; d < 200; d++) {
      const dag = randomDag(random, `dag_${d}`);
      const index = indexDag(dag);
      let tasks: TaskInstance[] = dag.tasks.map((t) => ({ ...newInstance(t.id, 0), state: randomState(random) }));
      compared += expectAgrees(tasks, index);
      const olds: TaskInstance[][] = [];
      for (let change = 0; change < 60; change++) {
        if (random() < 0.2) {
          // What a scheduler step does first: copy the array, the counts move with the copy.
          const copy = tasks.slice();
          moveFanIn(tasks, copy);
          const old = tasks;
          tasks = copy;
          moved++;
          olds.push(old);
        }
        const position = Math.floor(random() * index.size);
        const before = tasks[position]!.state;
        const after = randomState(random);
        tasks[position] = { ...tasks[position]!, state: after };
        noteStateChange(tasks, index, position, before, after);
        if (random() < 0.25) compared += expectAgrees(tasks, index);
      }
      compared += expectAgrees(tasks, index);
      // An array the counts moved away from, asked again after its copy changed, agrees with its own contents.
      for (const old of olds.filter(() => random() < 0.3)) compared += expectAgrees(old, index);
    }
    // Not vacuous: thousands of positions compared, hundreds of moves.
    expect(compared).toBeGreaterThan(5_000);
    expect(moved).toBeGreaterThan(1_000);
  });

  it('are counted afresh when the same array is read under another definition of the DAG', () => {
    const a: DagDefinition = {
      id: dagId('d'),
      schedule: { type: 'manual' },
      tasks: [
        { id: taskId('x'), upstream: [] },
        { id: taskId('y'), upstream: [] },
        { id: taskId('z'), upstream: [taskId('x')] },
      ],
    };
    const b: DagDefinition = { ...a, tasks: [a.tasks[0]!, a.tasks[1]!, { id: taskId('z'), upstream: [taskId('x'), taskId('y')] }] };
    const tasks = [
      { ...newInstance(taskId('x'), 0), state: 'success' as const },
      { ...newInstance(taskId('y'), 0), state: 'failed' as const },
      newInstance(taskId('z'), 0),
    ];
    expect(upstreamCountsAt(tasks, indexDag(a), 2)).toMatchObject({ total: 1, success: 1, failed: 0 });
    expect(upstreamCountsAt(tasks, indexDag(b), 2)).toMatchObject({ total: 2, success: 1, failed: 1 });
  });

  it('agree with a full recount in every state the scheduler steps through, on 100 seeded random DAGs', () => {
    const random = seededRandom(4242);
    let compared = 0;
    for (let d = 0; d < 100; d++) {
      const dag = randomDag(random, `run_${d}`);
      const index = indexDag(dag);
      let state = createSchedulerState([dag], { parallelism: 1 + Math.floor(random() * 4) });
      let now = 1_000;
      const started: Extract<SchedulerCommand, { type: 'start_task' }>[] = [];
      const running: Extract<SchedulerCommand, { type: 'start_task' }>[] = [];
      const take = (commands: readonly SchedulerCommand[]) => {
        for (const c of commands) if (c.type === 'start_task') started.push(c);
      };
      const first = step(state, { type: 'trigger_dag', dagId: dag.id }, now);
      state = first.state;
      take(first.commands);
      const runId = Object.keys(state.runs)[0] as keyof typeof state.runs;
      for (let guard = 0; guard < 500 && (started.length > 0 || running.length > 0); guard++) {
        const fromStarted = started.length > 0 && (running.length === 0 || random() < 0.5);
        const result = fromStarted
          ? (() => {
              const c = started.splice(Math.floor(random() * started.length), 1)[0]!;
              running.push(c);
              return step(state, { type: 'task_started', runId: c.runId, taskId: c.taskId, tryNumber: c.tryNumber }, (now += 1));
            })()
          : (() => {
              const c = running.splice(Math.floor(random() * running.length), 1)[0]!;
              const ref = { runId: c.runId, taskId: c.taskId, tryNumber: c.tryNumber };
              return random() < 0.7
                ? step(state, { type: 'task_succeeded', ...ref, outputs: [] }, (now += 1))
                : step(state, { type: 'task_failed', ...ref, error: { name: 'Error', message: 'boom' } }, (now += 1));
            })();
        state = result.state;
        take(result.commands);
        compared += expectAgrees(state.runs[runId]!.tasks, index);
      }
      expect(state.runs[runId]!.state === 'success' || state.runs[runId]!.state === 'failed').toBe(true);
    }
    expect(compared).toBeGreaterThan(2_000);
  });
});
