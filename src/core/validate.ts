import type { DagDefinition, TaskDefinition } from './dag';
import { datasetsIn } from './datasetCondition';
import { validateParams } from './params';
import { TRIGGER_RULES } from './triggerRules';
import { displayText, listText, quoted } from './displayText';

export interface DagValidationError {
  readonly kind:
    | 'duplicate_task_id'
    | 'unknown_upstream'
    | 'cycle'
    | 'empty_dag'
    | 'empty_schedule'
    | 'invalid_setting'
    | 'invalid_param';
  readonly message: string;
  /** The tasks the error is about, when it is about tasks (a cycle lists its path): where an editor points. */
  readonly taskIds?: readonly string[];
}

/** What a DAG is checked against besides its own consistency, passed in by the edge that knows it. */
export interface DagRules {
  /** The built-in operators a task may name (`TaskDefinition.operator`); not checked when absent. */
  readonly operators?: readonly string[];
}

/**
 * Checks a DAG definition at the edge (when a DAG is registered or imported). Every error names the offending ids, so
 * the person who wrote the DAG can find them; the scheduler itself then trusts its input.
 */
export function validateDag(dag: DagDefinition, rules: DagRules = {}): DagValidationError[] {
  const errors: DagValidationError[] = [];
  if (dag.tasks.length === 0) errors.push({ kind: 'empty_dag', message: `DAG ${quoted(dag.id)} has no tasks.` });
  if (dag.schedule.type === 'datasets' && datasetsIn(dag.schedule.condition).length === 0) {
    errors.push({ kind: 'empty_schedule', message: `DAG ${quoted(dag.id)} is scheduled on assets but lists none.` });
  }
  for (const [name, value] of [
    ['maxActiveTasks', dag.maxActiveTasks],
    ['maxActiveRuns', dag.maxActiveRuns],
  ] as const) {
    if (value !== undefined && !(Number.isInteger(value) && value >= 1)) {
      errors.push({ kind: 'invalid_setting', message: `DAG ${quoted(dag.id)}: ${name} must be a whole number ≥ 1, got ${value}.` });
    }
  }
  const params = validateParams(dag.params, {});
  if (!params.ok) {
    errors.push({ kind: 'invalid_param', message: `DAG ${quoted(dag.id)} has invalid param defaults: ${params.errors.join(' ')}` });
  }
  for (const task of dag.tasks) errors.push(...taskSettingErrors(dag, task, rules));

  const counts = new Map<string, number>();
  for (const task of dag.tasks) counts.set(task.id, (counts.get(task.id) ?? 0) + 1);
  const duplicates = [...counts].filter(([, n]) => n > 1).map(([id]) => id);
  if (duplicates.length > 0) {
    errors.push({
      kind: 'duplicate_task_id',
      message: `DAG ${quoted(dag.id)} defines these task ids more than once: ${listText(duplicates, { format: quote })}.`,
      taskIds: duplicates,
    });
  }

  for (const task of dag.tasks) {
    const unknown = task.upstream.filter((id) => !counts.has(id));
    if (unknown.length > 0) {
      errors.push({
        kind: 'unknown_upstream',
        message: `Task ${quoted(task.id)} in DAG ${quoted(dag.id)} depends on unknown task ${listText(unknown, { format: quote })}.`,
        taskIds: [task.id],
      });
    }
  }

  const cycle = findCycle(dag);
  if (cycle) {
    errors.push({ kind: 'cycle', message: `DAG ${quoted(dag.id)} has a cycle: ${listText(cycle, { format: quote, separator: ' → ' })}.`, taskIds: cycle });
  }
  return errors;
}

/** A cycle as a closed path of task ids (first id repeated at the end), or null. Depth-first, iterative. */
function findCycle(dag: DagDefinition): string[] | null {
  const upstreamOf = new Map<string, readonly string[]>(dag.tasks.map((t) => [t.id, t.upstream]));
  const colour = new Map<string, 'grey' | 'black'>();
  for (const start of upstreamOf.keys()) {
    if (colour.has(start)) continue;
    const path: string[] = [];
    const stack: { id: string; next: number }[] = [{ id: start, next: 0 }];
    colour.set(start, 'grey');
    path.push(start);
    while (stack.length > 0) {
      const frame = stack[stack.length - 1]!;
      const deps = upstreamOf.get(frame.id) ?? [];
      if (frame.next >= deps.length) {
        colour.set(frame.id, 'black');
        stack.pop();
        path.pop();
        continue;
      }
      const dep = deps[frame.next++]!;
      if (!upstreamOf.has(dep)) continue;
      const c = colour.get(dep);
      if (c === 'grey') {
        // Edges point from a task to its upstream; reverse so the cycle reads in execution order.
        return [...path.slice(path.indexOf(dep)), dep].reverse();
      }
      if (c === undefined) {
        colour.set(dep, 'grey');
        path.push(dep);
        stack.push({ id: dep, next: 0 });
      }
    }
  }
  return null;
}

const quote = (s: string) => quoted(s);

function taskSettingErrors(dag: DagDefinition, task: TaskDefinition, rules: DagRules): DagValidationError[] {
  const errors: DagValidationError[] = [];
  const where = `Task ${quoted(task.id)} in DAG ${quoted(dag.id)}`;
  const check = (ok: boolean, message: string) => {
    if (!ok) errors.push({ kind: 'invalid_setting', message: `${where}: ${message}`, taskIds: [task.id] });
  };
  const whole = (v: number | undefined, min: number) => v === undefined || (Number.isInteger(v) && v >= min);
  const positive = (v: number | undefined) => v === undefined || (Number.isFinite(v) && v > 0);
  check(whole(task.retries, 0), `retries must be a whole number ≥ 0, got ${task.retries}.`);
  check(task.retryDelayMs === undefined || (Number.isFinite(task.retryDelayMs) && task.retryDelayMs >= 0), `retryDelayMs must be ≥ 0, got ${task.retryDelayMs}.`);
  check(positive(task.maxRetryDelayMs), `maxRetryDelayMs must be > 0, got ${task.maxRetryDelayMs}.`);
  check(positive(task.executionTimeoutMs), `executionTimeoutMs must be > 0, got ${task.executionTimeoutMs}.`);
  check(whole(task.poolSlots, 1), `poolSlots must be a whole number ≥ 1, got ${task.poolSlots}.`);
  check(task.triggerRule === undefined || TRIGGER_RULES.includes(task.triggerRule), `unknown trigger rule ${quoted(String(task.triggerRule))}.`);
  const { operators } = rules;
  check(
    task.operator === undefined || operators === undefined || operators.includes(task.operator),
    `unknown operator ${displayText(JSON.stringify(task.operator) ?? 'undefined')}; the built-in ones are ${operators?.join(', ')}.`,
  );
  check(task.callable === undefined || task.operator === undefined, 'has both a function of its own and an operator; give it one.');
  check(task.callable === undefined || dag.source !== undefined, 'has a function of its own, but its DAG carries no source file to run it from.');
  return errors;
}

export class DagValidationFailed extends Error {
  constructor(readonly errors: readonly DagValidationError[]) {
    super(errors.map((e) => e.message).join(' '));
    this.name = 'DagValidationFailed';
  }
}

/**
 * DAG definitions that are constants of the build (the built-in DAGs), with the operator list they were checked
 * against: `vite build` and a unit test check them (src/build/builtInDagsPlugin.ts, tests/unit/pipelines), so a page
 * does not check them again at every boot (~25–40 ms of the boot for the 1,000-task demo DAG). A DAG imported, opened
 * or authored is a new object, never in here: it is always checked.
 */
const checkedAtBuild = new WeakMap<DagDefinition, readonly string[]>();

/** Records `dags` as checked at build time against `operators` (the same array the scheduler is given). */
export function markCheckedAtBuild(dags: readonly DagDefinition[], operators: readonly string[]): void {
  for (const dag of dags) checkedAtBuild.set(dag, operators);
}

/** Throws the DAG's validation errors; a DAG checked at build time against these very rules is not checked again. */
export function assertValidDag(dag: DagDefinition, rules: DagRules = {}): void {
  const checkedAgainst = checkedAtBuild.get(dag);
  if (checkedAgainst !== undefined && (rules.operators === undefined || rules.operators === checkedAgainst)) return;
  const errors = validateDag(dag, rules);
  if (errors.length > 0) throw new DagValidationFailed(errors);
}
