import { kindReturn, type BodyContext, type TaskBody } from './bodyContext';
import { authoredBody } from './authoredTasks';
import { housingBody, housingOperatorBody } from './housingBodies';
import { pyString } from './python';

export type { BodyContext, PythonHelper, TaskBody } from './bodyContext';

function operatorBody(c: BodyContext, operator: string): TaskBody | null {
  switch (operator) {
    case 'noop':
      return { lines: ['# The playground\'s noop operator: succeeds at once (Airflow\'s EmptyOperator does the same).', ...kindReturn(c, 'None')], helpers: [] };
    case 'sleep':
      return {
        lines: [
          '# The playground\'s sleep operator: waits params["sleep_ms"] milliseconds (default 100, at most 60,000).',
          'slept_ms = _sleep_ms(context["params"].get("sleep_ms"))',
          'time.sleep(slept_ms / 1000)',
          ...kindReturn(c, '{"sleptMs": slept_ms}'),
        ],
        helpers: [],
      };
    case 'fail':
      return {
        lines: [
          '# The playground\'s fail operator: every try fails (its retries run, then the task fails).',
          `raise RuntimeError("Task %s runs the fail operator, which fails every try (try %d)." % (${pyString(JSON.stringify(c.task.id))}, context["ti"].try_number))`,
        ],
        helpers: [],
      };
    default:
      return housingOperatorBody(c, operator);
  }
}

/** A task the exporter has no Python for: it raises, and its docstring says what it is in the playground. */
export function notPortedBody(c: BodyContext, what: string): TaskBody {
  const message = `Task ${JSON.stringify(c.task.id)} of ${JSON.stringify(c.dagId)} has no Python body: in the playground it runs ${what}, which this export cannot translate. Write its body here.`;
  return {
    docstring: [c.task.description, `In Pipeline Playground this task runs ${what}.`].filter(Boolean).join('\n\n'),
    lines: [`raise NotImplementedError(${pyString(message)})`],
    helpers: [],
  };
}

/**
 * The Python body of each exported task. Housing tasks (housingBodies.ts) do in pandas and scikit-learn what the
 * playground's workers do, and so do the housing operators (`housing.train`…) of a DAG written in the page; the
 * built-in operators (noop, sleep, fail) do what theirs do; a task written in TypeScript in the page keeps its code
 * (authoredTasks.ts); any other task — registered
 * code the exporter cannot translate, an unknown operator — gets a body that raises NotImplementedError naming it, with what it is in the playground in the docstring, so an
 * export never pretends to run code it does not have.
 */
export function taskBody(c: BodyContext): TaskBody {
  const authored = authoredBody(c);
  if (authored) return authored;
  if (c.task.operator === undefined) {
    return housingBody(c) ?? notPortedBody(c, 'code registered for this DAG and task id');
  }
  return operatorBody(c, c.task.operator) ?? notPortedBody(c, `the operator ${JSON.stringify(c.task.operator)}`);
}
