import {
  DEFAULT_POOL,
  producedDatasets,
  scheduledDatasets,
  type CallbackSpec,
  type DagDefinition,
  type DatasetDefinition,
  type TaskDefinition,
} from '../../core/dag';
import type { DatasetCondition } from '../../core/datasetCondition';
import type { DatasetId } from '../../core/ids';
import type { ParamSpec } from '../../core/params';
import { assertNever } from '../../core/states';
import { datasetDefinition } from '../../dagfile/dagDocument';
import { Identifiers, pyCommentText, pyNumber, pyString, pyTimedelta, pyValue } from './python';
import { HOUSING_HELPERS, taskBody } from './taskBodies';

/**
 * DagDefinition → a Python module for Apache Airflow 2.x (TaskFlow API). Pure: same DAG in, same text out. What the
 * scheduler reads from the definition becomes the matching Airflow argument: a dataset schedule with `&` / `|`
 * (Airflow ≥ 2.9), `outlets=[Dataset(uri)]`, retries and delays, trigger rules, branch and short-circuit tasks,
 * params, concurrency limits, pools, callbacks; dependencies are `upstream >> downstream` lines. Comments mark where
 * the browser version works differently. tests/export/check_airflow_structure.py reads the result back with `ast`.
 */
export interface AirflowExportOptions {
  /** Dataset URIs; a dataset not listed gets `playground://<id>`. */
  readonly datasets: readonly DatasetDefinition[];
}

const MODULE_NAMES = ['json', 'logging', 'os', 'random', 'time', 'datetime', 'timedelta', 'Dataset', 'dag', 'task', 'Param', 'TriggerRule', 'log', 'DATA_DIR', 'SEED'];

export function generateAirflowDag(dag: DagDefinition, options: AirflowExportOptions): string {
  const moduleNames = new Identifiers(MODULE_NAMES);
  const datasetIds = [...new Set([...scheduledDatasets(dag), ...producedDatasets(dag)])];
  const datasetVars = new Map<DatasetId, string>(datasetIds.map((id) => [id, moduleNames.make(id.toUpperCase(), 'DS_')]));
  const dagFunction = moduleNames.make(dag.id);
  const datasetExpr = (id: DatasetId) => datasetVars.get(id) ?? `Dataset(${pyString(datasetDefinition(id, options.datasets).uri)})`;

  const downstreamOf = new Map<string, string[]>(dag.tasks.map((t) => [t.id, []]));
  for (const task of dag.tasks) for (const up of task.upstream) downstreamOf.get(up)?.push(task.id);

  const scope = new Identifiers([...MODULE_NAMES, dagFunction]);
  const names = dag.tasks.map((task) => ({ fn: scope.make(task.id), variable: scope.make(task.id, 't_') }));
  let usesHousing = false;
  const taskBlocks = dag.tasks.map((task, i) => {
    const kind = task.kind ?? 'task';
    const body = taskBody({ dagId: dag.id, task, kind, downstream: downstreamOf.get(task.id) ?? [], dataset: datasetExpr });
    usesHousing ||= body.usesHousing;
    return taskBlock(task, names[i]!.fn, body.lines, datasetExpr);
  });

  const out: string[] = [];
  out.push(`"""${dagDocstring(dag)}"""`);
  out.push('from __future__ import annotations', '');
  out.push('import json', 'import logging', 'import os', 'import time', 'from datetime import datetime, timedelta', '');
  out.push('from airflow.datasets import Dataset', 'from airflow.decorators import dag, task', 'from airflow.models.param import Param');
  out.push('from airflow.utils.trigger_rule import TriggerRule', '');
  out.push('log = logging.getLogger(__name__)', '');
  out.push('# Where datasets, task outputs and models live (the playground keeps them in IndexedDB, in the browser).');
  out.push('DATA_DIR = os.environ.get("PLAYGROUND_DATA_DIR", "/tmp/pipeline_playground")');
  out.push('# The playground\'s ?seed= (default 42): the same split and the same shuffles.');
  out.push('SEED = int(os.environ.get("PLAYGROUND_SEED", "42"))', '');
  if (datasetIds.length > 0) {
    out.push('# Datasets, named by URI as Airflow does. The playground stores each version as one IndexedDB record of');
    out.push('# typed-array columns and emits the dataset event in the same transaction; here a task writes a file.');
    for (const id of datasetIds) {
      const def = datasetDefinition(id, options.datasets);
      if (def.description) out.push(`# ${pyCommentText(`${id}: ${def.description}`)}`);
      out.push(`${datasetVars.get(id)!} = Dataset(${pyString(def.uri)})`);
    }
    out.push('');
  }
  out.push(COMMON_HELPERS);
  if (usesHousing) out.push(HOUSING_HELPERS);
  out.push('');
  out.push(...dagDecorator(dag, datasetExpr));
  out.push(`def ${dagFunction}():`);
  if (dag.description) out.push(`    ${pyString(dag.description)}`);
  for (const block of taskBlocks) out.push('', ...block.map((line) => (line === '' ? '' : `    ${line}`)));
  out.push('');
  out.push('    # Instantiate the tasks (TaskFlow: calling a decorated function adds the task to this DAG).');
  dag.tasks.forEach((_, i) => out.push(`    ${names[i]!.variable} = ${names[i]!.fn}()`));
  const edges = dag.tasks.flatMap((task, i) =>
    task.upstream.map((up) => {
      const from = dag.tasks.findIndex((t) => t.id === up);
      return from < 0 ? `    # unknown upstream task ${pyCommentText(up)}` : `    ${names[from]!.variable} >> ${names[i]!.variable}`;
    }),
  );
  if (edges.length > 0) out.push('', '    # Dependencies: upstream >> downstream.', ...edges);
  out.push('', '', `${dagFunction}()`, '');
  return out.join('\n');
}

function dagDocstring(dag: DagDefinition): string {
  // The docstring is a plain literal's content: escape it as a string and strip the quotes, so no `"""` closes it.
  const text = pyString(dag.description ?? '').slice(1, -1);
  return [
    `${pyString(dag.id).slice(1, -1)}: exported from Pipeline Playground for Apache Airflow 2.9+ (TaskFlow API).`,
    '',
    text,
    '',
    'Differences from the browser version:',
    '- the playground stores datasets in IndexedDB as typed-array columns; here tasks write files under DATA_DIR;',
    '- its tasks run in Web Workers (danfojs, TensorFlow.js); here the executor runs them (pandas, scikit-learn);',
    '- a dataset-triggered run there reads exactly the version whose event triggered it; here, the newest file.',
    '',
  ].join('\n');
}

function dagDecorator(dag: DagDefinition, datasetExpr: (id: DatasetId) => string): string[] {
  const args: string[] = [`dag_id=${pyString(dag.id)}`];
  if (dag.schedule.type === 'manual') {
    args.push('schedule=None  # triggered by hand (the playground\'s manual schedule)');
  } else {
    const condition = dag.schedule.condition;
    // One dataset: the list form every Airflow 2.x reads; a condition: Airflow 2.9's conditional dataset scheduling.
    const expr = condition.type === 'dataset' ? `[${datasetExpr(condition.id)}]` : conditionExpr(condition, datasetExpr, false);
    args.push(`schedule=${expr}`);
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

export function conditionExpr(condition: DatasetCondition, datasetExpr: (id: DatasetId) => string, nested: boolean): string {
  switch (condition.type) {
    case 'dataset':
      return datasetExpr(condition.id);
    case 'all':
    case 'any': {
      const text = condition.of.map((c) => conditionExpr(c, datasetExpr, true)).join(condition.type === 'all' ? ' & ' : ' | ');
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

function taskBlock(task: TaskDefinition, fn: string, body: readonly string[], datasetExpr: (id: DatasetId) => string): string[] {
  const kind = task.kind ?? 'task';
  const decorator = kind === 'branch' ? 'task.branch' : kind === 'short_circuit' ? 'task.short_circuit' : 'task';
  const args: string[] = [`task_id=${pyString(task.id)}`];
  if (task.retries !== undefined) args.push(`retries=${pyNumber(task.retries)}`);
  if (task.retryDelayMs !== undefined) args.push(`retry_delay=${pyTimedelta(task.retryDelayMs)}`);
  if (task.retryExponentialBackoff !== undefined) args.push(`retry_exponential_backoff=${task.retryExponentialBackoff ? 'True' : 'False'}`);
  if (task.maxRetryDelayMs !== undefined) args.push(`max_retry_delay=${pyTimedelta(task.maxRetryDelayMs)}`);
  if (task.executionTimeoutMs !== undefined) args.push(`execution_timeout=${pyTimedelta(task.executionTimeoutMs)}`);
  if (task.triggerRule !== undefined) args.push(`trigger_rule=TriggerRule.${task.triggerRule.toUpperCase()}`);
  if (task.outlets && task.outlets.length > 0) args.push(`outlets=[${task.outlets.map(datasetExpr).join(', ')}]`);
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
  if (task.pool !== undefined && task.pool !== DEFAULT_POOL) lines.push(`# Create the pool ${pyCommentText(task.pool)} in Airflow (Admin → Pools) before running.`);
  lines.push(`@${decorator}(`, ...args.map((a) => `    ${a},`), ')');
  lines.push(`def ${fn}(**context):`);
  if (task.description !== undefined) lines.push(`    ${pyString(task.description)}`);
  for (const line of body) lines.push(line === '' ? '' : `    ${line}`);
  return lines;
}

/** Helpers every exported module gets: the file layout and the callbacks (the playground shows them as notifications). */
const COMMON_HELPERS = `
def _safe_name(text):
    return "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in text)


def _ensure_dir(path):
    os.makedirs(path, exist_ok=True)
    return path


def _run_file(context, name):
    """A task output for the downstream tasks of the same run (the playground keeps these in IndexedDB)."""
    folder = os.path.join(DATA_DIR, "runs", _safe_name(context["dag"].dag_id), _safe_name(context["run_id"]))
    return os.path.join(_ensure_dir(folder), name)


def _dataset_file(dataset):
    return os.path.join(_ensure_dir(os.path.join(DATA_DIR, "datasets")), _safe_name(dataset.uri) + ".csv")


def _write_dataset(dataset, frame):
    """Writes the dataset's new version; Airflow records the dataset event when the task (with this outlet) succeeds."""
    path = _dataset_file(dataset)
    frame.to_csv(path + ".tmp", index=False)
    os.replace(path + ".tmp", path)  # readers never see half a file
    return path


def _read_dataset(dataset):
    import pandas as pd

    return pd.read_csv(_dataset_file(dataset))


def _callback(level, message):
    """The playground turns a callback into a notification (a toast); here it is a log line at that level."""
    levels = {"info": logging.INFO, "success": logging.INFO, "warning": logging.WARNING, "error": logging.ERROR}

    def callback(context):
        ti = context.get("task_instance")
        values = {
            "dag": context["dag"].dag_id if context.get("dag") else "",
            "task": ti.task_id if ti else "",
            "run": context.get("run_id", ""),
            "try": ti.try_number if ti else "",
            "error": context.get("exception", ""),
        }
        text = message or "callback"
        for key, value in values.items():
            text = text.replace("{" + key + "}", str(value))
        log.log(levels.get(level, logging.INFO), "%s", text)

    return callback
`;
