import { describe, expect, it } from 'vitest';
import { dagId, runId, taskId } from '../../../src/core/ids';
import type { SchedulerCommand } from '../../../src/core/scheduler';
import { ML_CONSUMER, ML_PRODUCER } from '../../../src/pipelines/housing/dags';
import { inLaunchOrder, othersWaitFor } from '../../../src/runtime/launchOrder';

const start = (task: string): SchedulerCommand => ({
  type: 'start_task',
  dagId: dagId(ML_PRODUCER.id),
  runId: runId('r1'),
  taskId: taskId(task),
  tryNumber: 1,
  params: {},
  triggeringEvents: [],
});
const finished: SchedulerCommand = { type: 'run_finished', runId: runId('r0'), dagId: dagId(ML_PRODUCER.id), state: 'success' };
const dags = { [ML_PRODUCER.id]: ML_PRODUCER, [ML_CONSUMER.id]: ML_CONSUMER };
const order = (commands: readonly SchedulerCommand[]) => commands.map((c) => (c.type === 'start_task' ? c.taskId : c.type));

describe('inLaunchOrder', () => {
  it("starts first the tries whose task others wait for, leaving every other command where it was", () => {
    const commands = [finished, start('save_raw_data'), start('check_data')];
    expect(order(inLaunchOrder(commands, dags))).toEqual(['run_finished', 'check_data', 'save_raw_data']);
    // featurize is a leaf of its DAG but updates built_features, which the consumer is scheduled on. Tries nothing
    // waits for keep their order among themselves.
    expect(order(inLaunchOrder([start('quarantine_data'), start('save_raw_data'), start('featurize')], dags))).toEqual([
      'featurize',
      'quarantine_data',
      'save_raw_data',
    ]);
  });

  it('knows which tasks other work waits for: downstream tasks, or an asset it updates', () => {
    const waitedFor = ML_PRODUCER.tasks.filter((task) => othersWaitFor(dags, ML_PRODUCER, task.id)).map((task) => task.id);
    expect(waitedFor).toEqual(['extract', 'check_data', 'featurize']);
    // Without the consumer, nothing is scheduled on built_features: featurize then holds up nothing.
    expect(othersWaitFor({ [ML_PRODUCER.id]: ML_PRODUCER }, ML_PRODUCER, 'featurize')).toBe(false);
    expect(othersWaitFor(dags, ML_PRODUCER, 'no_such_task')).toBe(false);
  });

  it('returns a step with one try or none as it is', () => {
    const one = [finished, start('save_raw_data')];
    expect(inLaunchOrder(one, dags)).toBe(one);
    expect(inLaunchOrder([finished], dags)).toEqual([finished]);
  });

  it('keeps the order of tries of a DAG it does not know', () => {
    const unknown = [start('save_raw_data'), start('check_data')].map((c) => ({ ...c, dagId: dagId('gone') }));
    expect(order(inLaunchOrder(unknown, dags))).toEqual(['save_raw_data', 'check_data']);
  });
});
