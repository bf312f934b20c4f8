import { describe, expect, it } from 'vitest';
import { dagId, runId, taskId } from '../../../src/core/ids';
import type { JsonValue } from '../../../src/core/json';
import type { DagRun, TaskInstance } from '../../../src/core/model';
import { runWarnings, successWithWarnings } from '../../../src/core/runWarnings';
import type { TaskState } from '../../../src/core/states';

const ti = (id: string, state: TaskState, returnValue?: JsonValue): TaskInstance => ({
  taskId: taskId(id),
  state,
  tryNumber: 1,
  maxTries: 1,
  tries: [],
  startDate: null,
  endDate: null,
  nextRetryAt: null,
  outputs: [],
  ...(returnValue === undefined ? {} : { returnValue }),
});

const run = (tasks: TaskInstance[]): DagRun => ({
  id: runId('r1'),
  dagId: dagId('d'),
  runType: 'manual',
  state: 'success',
  seq: 1,
  queuedAt: 0,
  startDate: 0,
  endDate: 1,
  params: {},
  triggeringEvents: [],
  tasks,
  unfinished: 0,
});

describe('runWarnings', () => {
  it('collects the `warnings` strings of successful tasks’ results, in task order, ignoring anything else', () => {
    const tasks = [
      ti('a', 'success', { warnings: ['  first  ', '', 3] } as unknown as JsonValue),
      ti('b', 'success', 'featurize'),
      ti('c', 'failed', { warnings: ['from a failed try'] }),
      ti('d', 'success', { warnings: 'not a list' }),
      ti('e', 'success', { rows: 3, warnings: ['second'] }),
      ti('f', 'success', null),
    ];
    expect(runWarnings(run(tasks))).toEqual(['first', 'second']);
  });

  it('turns a success callback into a warning that names them; leaves other callbacks and clean runs alone', () => {
    expect(successWithWarnings({ notify: 'success' }, 'Done.', [])).toEqual({ level: 'success', message: 'Done.' });
    expect(successWithWarnings({ notify: 'success' }, 'Done.', ['Model is poor.'])).toEqual({ level: 'warning', message: 'Done. But: Model is poor.' });
    expect(successWithWarnings({ notify: 'success' }, 'Done.', ['One.', 'Two.'])).toEqual({ level: 'warning', message: 'Done. But, 2 warnings: One. Two.' });
    expect(successWithWarnings({ notify: 'info' }, 'Done.', ['x'])).toEqual({ level: 'info', message: 'Done.' });
    const long = successWithWarnings({ notify: 'success' }, 'Done.', ['x'.repeat(1_000)]).message;
    expect(long).toHaveLength('Done. But: '.length + 300);
    expect(long.endsWith('x…')).toBe(true);
  });
});
