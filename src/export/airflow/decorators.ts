import { DEFAULT_POOL, type CallbackSpec, type DagDefinition, type TaskDefinition } from '../../core/dag';
import type { DatasetCondition } from '../../core/datasetCondition';
import type { DatasetId } from '../../core/ids';
import type { ParamSpec } from '../../core/params';
import { assertNever } from '../../core/states';
import type { TaskBody } from './bodyContext';
import type { Flavour } from './flavour';
import { pyCommentText, pyDocstring, pyNumber, pyString, pyTimedelta, pyValue } from './python';

/**
 * The `@dag(...)` and `@task(...)` decorators of an exported module: every setting the scheduler reads from a
 * definition becomes the Airflow argument of the same meaning. Pure text; generateAirflow.ts assembles the module.
 */

export function dagDecorator(dag: DagDefinition, asset: (id: DatasetId) => string): string[] {
  const args: string[] = [`dag_id=${pyString(dag.id)}`];
  if (dag.schedule.type === 'manual') {
    args.push('schedule=None  # triggered by hand (the playground\'s manual schedule)');
  } else {
    const condition = dag.schedule.condition;
    // One asset: the list form every version reads; a condition: `&` / `|` (Airflow 2.9+ and 3).
    args.push(`schedule=${condition.type === 'dataset' ? `[${asset(condition.id)}]` : conditionExpr(condition, asset, false)}`);
  }
  args.push('start_date=datetime(2024, 1, 1)', 'catchup=False');
  if (dag.maxActiveRuns !== undefined) args.push(`max_active_runs=${pyNumber(dag.maxActiveRuns)}`);
  if (dag.maxActiveTasks !== undefined) args.push(`max_active_tasks=${pyNumber(dag.maxActiveTasks)}`);
  const params = Object.entries(dag.params ?? {});
  if (params.length > 0) {
    args.push(`params={\n${params.map(([name, spec]) => `        ${pyString(name)}: ${paramExpr(spec)},`).join('\n')}\n    }`);
  }
  if (dag.callbacks?.onSuccess) args.push(`on_success_callback=${callbackExpr(dag.callbacks.onSuccess)}`);
  if (dag.callbacks?.onFailure) args.push(`on_failure_callback=${callbackExpr(dag.callbacks.onFailure)}`);
  args.push('tags=["pipeline-playground"]');
  return ['@dag(', ...args.map((a) => (a.includes('  #') ? `    ${a.replace('  #', ',  #')}` : `    ${a},`)), ')'];
}

export function conditionExpr(condition: DatasetCondition, asset: (id: DatasetId) => string, nested: boolean): string {
  switch (condition.type) {
    case 'dataset':
      return asset(condition.id);
    case 'all':
    case 'any': {
      const text = condition.of.map((c) => conditionExpr(c, asset, true)).join(condition.type === 'all' ? ' & ' : ' | ');
      return nested && condition.of.length > 1 ? `(${text})` : text;
    }
    default:
      return assertNever(condition, 'dataset condition');
  }
}

function paramExpr(spec: ParamSpec): string {
  const args = [pyValue(spec.default), `type=${pyString(spec.type)}`];
  switch (spec.type) {
    case 'number':
    case 'integer':
      if (spec.minimum !== undefined) args.push(`minimum=${pyNumber(spec.minimum)}`);
      if (spec.maximum !== undefined) args.push(`maximum=${pyNumber(spec.maximum)}`);
      break;
    case 'string':
      if (spec.enum) args.push(`enum=${pyValue([...spec.enum])}`);
      break;
    case 'boolean':
      break;
    default:
      assertNever(spec, 'param spec');
  }
  if (spec.description !== undefined) args.push(`description=${pyString(spec.description)}`);
  return `Param(${args.join(', ')})`;
}

const callbackExpr = (spec: CallbackSpec) => `_callback(${pyString(spec.notify)}, ${spec.message === undefined ? 'None' : pyString(spec.message)})`;

const TASK_CALLBACK_ARGS = [
  ['onExecute', 'on_execute_callback'],
  ['onSuccess', 'on_success_callback'],
  ['onFailure', 'on_failure_callback'],
  ['onRetry', 'on_retry_callback'],
] as const;

/** One task: comments, its decorator with every setting, and the function with the body's lines. */
export function taskBlock(task: TaskDefinition, fn: string, body: TaskBody, asset: (id: DatasetId) => string, flavour: Flavour): string[] {
  const kind = task.kind ?? 'task';
  const decorator = body.decorator?.name ?? (kind === 'branch' ? 'task.branch' : kind === 'short_circuit' ? 'task.short_circuit' : 'task');
  const args: string[] = [`task_id=${pyString(task.id)}`, ...(body.decorator?.args ?? [])];
  if (task.retries !== undefined) args.push(`retries=${pyNumber(task.retries)}`);
  if (task.retryDelayMs !== undefined) args.push(`retry_delay=${pyTimedelta(task.retryDelayMs)}`);
  if (task.retryExponentialBackoff !== undefined) args.push(`retry_exponential_backoff=${flavour.backoffLiteral(task.retryExponentialBackoff)}`);
  if (task.maxRetryDelayMs !== undefined) args.push(`max_retry_delay=${pyTimedelta(task.maxRetryDelayMs)}`);
  if (task.executionTimeoutMs !== undefined) args.push(`execution_timeout=${pyTimedelta(task.executionTimeoutMs)}`);
  if (task.triggerRule !== undefined) args.push(`trigger_rule=TriggerRule.${task.triggerRule.toUpperCase()}`);
  if (task.outlets && task.outlets.length > 0) args.push(`outlets=[${task.outlets.map(asset).join(', ')}]`);
  if (task.pool !== undefined && task.pool !== DEFAULT_POOL) args.push(`pool=${pyString(task.pool)}`);
  if (task.poolSlots !== undefined) args.push(`pool_slots=${pyNumber(task.poolSlots)}`);
  for (const [key, arg] of TASK_CALLBACK_ARGS) {
    const spec = task.callbacks?.[key];
    if (spec) args.push(`${arg}=${callbackExpr(spec)}`);
  }
  const lines: string[] = [];
  if (task.executionTimeoutMs !== undefined || task.retries !== undefined) {
    lines.push('# Retries and timeouts as in the playground (there a timed-out try\'s Web Worker is terminated).');
  }
  if (task.retryExponentialBackoff && flavour.version === 3) {
    lines.push('# retry_exponential_backoff is the multiplier since Airflow 3.2 (2.0 doubles each wait); on 3.0 and 3.1 write True.');
  }
  if (task.pool !== undefined && task.pool !== DEFAULT_POOL) lines.push(`# Create the pool ${pyCommentText(task.pool)} in Airflow (Admin > Pools) before running.`);
  lines.push(`@${decorator}(`, ...args.map((a) => `    ${a},`), ')');
  lines.push(`def ${fn}(${body.parameters ?? '**context'}):`);
  const docstring = body.docstring ?? task.description;
  // A docstring of several lines is triple-quoted, one element per line, so that the module's indentation reaches each.
  if (docstring !== undefined) lines.push(...(docstring.includes('\n') ? pyDocstring(docstring, '    ') : `    ${pyString(docstring)}`).split('\n'));
  for (const line of body.lines) lines.push(line === '' ? '' : `    ${line}`);
  return lines;
}
