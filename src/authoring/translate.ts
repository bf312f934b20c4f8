import type { DagDefinition, DagSource, DatasetDefinition, SourceRange, TaskDefinition } from '../core/dag';
import { dagId, datasetId, taskId, type TaskId } from '../core/ids';
import { isOperatorName } from '../pipelines/operatorNames';
import { validateDag } from '../core/validate';
import type { Position } from '../sandbox/sourceMap';
import type { DeclarationLocation, Diagnostic, DiagnosticCode, Severity } from './dagFileResult';
import {
  checkKeys,
  DAG_CALLBACKS,
  readAssetName,
  readBackoff,
  readCallbacks,
  readDuration,
  readNumber,
  readParams,
  readSchedule,
  readText,
  readTriggerRule,
  TASK_CALLBACKS,
  type AssetScope,
  type Problems,
} from './readOptions';
import type { WireDag, WireManifest, WirePos, WireTask } from './vm/wireTypes';

/** What translation needs besides the manifest: positions in the TypeScript, the file, and the assets it may use. */
export interface TranslateContext {
  readonly source: DagSource;
  /** A call's position in the compiled JavaScript (QuickJS reports its parenthesis) → its callee in the TypeScript. */
  toSource(at: WirePos): Position;
  /** Where a task's function is in the TypeScript, found from its text and the task's call. */
  callableRange(handlerText: string, at: WirePos | null): SourceRange | null;
  readonly knownAssets: readonly DatasetDefinition[];
}

export interface Translation {
  readonly dags: DagDefinition[];
  readonly assets: DatasetDefinition[];
  readonly diagnostics: Diagnostic[];
  readonly locations: DeclarationLocation[];
}

/** Ids as Airflow accepts them (its KEY_REGEX): letters, digits, `_`, `.` and `-`, up to 250 characters. */
const ID = /^[A-Za-z0-9_.-]{1,250}$/;

const DAG_OPTIONS = ['schedule', 'params', 'maxActiveRuns', 'maxActiveTasks', 'callbacks', 'description'];
/** Options of Airflow's TypeScript SDK (and Python DAG) that mean nothing here: read with a warning, not refused. */
const DAG_OPTIONS_IGNORED = ['tags', 'catchup', 'startDate', 'endDate', 'dagDisplayName', 'docMd', 'dagrunTimeout', 'isPausedUponCreation', 'queue', 'failFast', 'maxConsecutiveFailedDagRuns'];
const TASK_OPTIONS = ['retries', 'retryDelay', 'retryExponentialBackoff', 'maxRetryDelay', 'executionTimeout', 'triggerRule', 'outlets', 'pool', 'poolSlots', 'callbacks', 'description'];
const TASK_OPTIONS_IGNORED = ['owner', 'queue', 'priorityWeight', 'weightRule', 'docMd', 'dependsOnPast', 'waitForDownstream', 'executor', 'doXcomPush', 'emailOnFailure', 'emailOnRetry', 'startDate', 'endDate'];

/** The manifest of a DAG file → the playground's DAG definitions, every problem at the line that caused it. */
export function translateManifest(manifest: WireManifest, context: TranslateContext): Translation {
  const diagnostics: Diagnostic[] = [];
  const locations: DeclarationLocation[] = [];
  const position = (at: WirePos | null): Position => (at ? context.toSource(at) : { line: 1, column: 1 });
  const problemsAt = (at: WirePos | null): Problems => ({
    add: (severity: Severity, code: DiagnosticCode, message: string) => diagnostics.push({ ...position(at), severity, code, message }),
  });

  const assets = new Map<string, DatasetDefinition>();
  for (const asset of manifest.assets) {
    const existing = assets.get(asset.name);
    if (existing && existing.uri !== asset.uri) {
      problemsAt(asset.at).add('error', 'duplicate_id', `Asset "${asset.name}" is declared again with another uri ("${asset.uri}", before "${existing.uri}").`);
      continue;
    }
    const description = typeof asset.description === 'string' ? { description: asset.description } : {};
    assets.set(asset.name, { id: datasetId(asset.name), uri: asset.uri, ...description });
  }
  const known = new Set(context.knownAssets.map((a) => a.id as string));
  const scope: AssetScope = { has: (name) => assets.has(name) || known.has(name) };

  const dags: DagDefinition[] = [];
  const seen = new Map<string, WireDag>();
  for (const wire of manifest.dags) {
    const problems = problemsAt(wire.at);
    if (!ID.test(wire.id)) problems.add('error', 'invalid_option', `DAG id "${wire.id}": use letters, digits, _, . and - (at most 250).`);
    const first = seen.get(wire.id);
    if (first) {
      problems.add('error', 'duplicate_id', `DAG "${wire.id}" is declared twice in this file (first at line ${position(first.at).line}).`);
      continue;
    }
    seen.set(wire.id, wire);
    locations.push({ dagId: wire.id, ...position(wire.at) });
    const dag = translateDag(wire, context, scope, problems, problemsAt, locations);
    dags.push(dag);
    for (const error of validateDag(dag)) {
      const at = graphErrorPosition(wire, error.kind, error.taskIds);
      const code: DiagnosticCode = error.kind === 'cycle' ? 'cycle' : error.kind === 'duplicate_task_id' ? 'duplicate_id' : 'graph';
      problemsAt(at).add('error', code, error.message);
    }
  }
  return { dags, assets: [...assets.values()], diagnostics, locations };
}

function translateDag(
  wire: WireDag,
  context: TranslateContext,
  assets: AssetScope,
  problems: Problems,
  problemsAt: (at: WirePos | null) => Problems,
  locations: DeclarationLocation[],
): DagDefinition {
  const spec = checkKeys(wire.spec, DAG_OPTIONS, DAG_OPTIONS_IGNORED, `new Dag("${wire.id}", …)`, problems);
  const schedule = readSchedule(spec['schedule'], assets, problems) ?? { type: 'manual' as const };
  const params = readParams(spec['params'], problems);
  const callbacks = readCallbacks(spec['callbacks'], DAG_CALLBACKS, problems);
  const description = readText(spec['description'], 'description', problems);
  const maxActiveRuns = readNumber(spec['maxActiveRuns'], 'maxActiveRuns', problems);
  const maxActiveTasks = readNumber(spec['maxActiveTasks'], 'maxActiveTasks', problems);
  const upstream = new Map<string, TaskId[]>();
  for (const edge of wire.edges) {
    const list = upstream.get(edge.down) ?? [];
    list.push(taskId(edge.up));
    upstream.set(edge.down, list);
  }
  const tasks = wire.tasks.map((task) => {
    const at = problemsAt(task.at);
    if (!ID.test(task.id)) at.add('error', 'invalid_option', `Task id "${task.id}": use letters, digits, _, . and - (at most 250).`);
    locations.push({ dagId: wire.id, taskId: task.id, ...context.toSource(task.at ?? { line: 1, column: 1 }) });
    return translateTask(task, upstream.get(task.id) ?? [], context, assets, at);
  });
  return {
    id: dagId(wire.id),
    ...(description === undefined ? {} : { description }),
    schedule,
    tasks,
    ...(maxActiveTasks === undefined ? {} : { maxActiveTasks }),
    ...(maxActiveRuns === undefined ? {} : { maxActiveRuns }),
    ...(params === undefined ? {} : { params }),
    ...(callbacks === undefined ? {} : { callbacks }),
    source: context.source,
  };
}

function translateTask(wire: WireTask, upstream: TaskId[], context: TranslateContext, assets: AssetScope, problems: Problems): TaskDefinition {
  const options = checkKeys(wire.options, TASK_OPTIONS, TASK_OPTIONS_IGNORED, `Task "${wire.id}"`, problems);
  const code: { operator?: TaskDefinition['operator']; callable?: TaskDefinition['callable'] } = {};
  const handler = wire.handler;
  if (handler.type === 'operator') {
    if (isOperatorName(handler.name)) code.operator = handler.name;
    else problems.add('error', 'invalid_option', `Task "${wire.id}": unknown operator "${handler.name}".`);
  } else if (handler.type === 'function') {
    if (handler.params > 1) {
      problems.add(
        'error',
        'invalid_option',
        `Task "${wire.id}": its function declares ${handler.params} parameters, but a task function takes one object of named inputs — async ({ rows }) => … — and reads its context with getContext().`,
      );
    }
    const range = context.callableRange(handler.text, wire.at);
    const at = context.toSource(wire.at ?? { line: 1, column: 1 });
    code.callable = range ?? { line: at.line, column: at.column, endLine: at.line, endColumn: at.column };
  } else {
    problems.add('error', 'invalid_option', `Task "${wire.id}" needs an async function or a built-in operator (operators.noop, operators.housing.extract…), not ${handler.what}.`);
  }
  const outletsRaw = options['outlets'];
  let outlets: TaskDefinition['outlets'];
  if (outletsRaw !== undefined) {
    const list = Array.isArray(outletsRaw) ? outletsRaw : [outletsRaw];
    outlets = list.map((item) => readAssetName(item, `Task "${wire.id}" outlets`, assets, problems)).filter((id) => id !== null);
  }
  const taskCallbacks = readCallbacks(options['callbacks'], TASK_CALLBACKS, problems);
  const fields: Partial<Record<keyof TaskDefinition, unknown>> = {
    outlets,
    description: readText(options['description'], 'description', problems),
    kind: wire.kind === 'task' ? undefined : wire.kind,
    triggerRule: readTriggerRule(options['triggerRule'], problems),
    retries: readNumber(options['retries'], 'retries', problems),
    retryDelayMs: readDuration(options['retryDelay'], 'retryDelay', problems),
    retryExponentialBackoff: readBackoff(options['retryExponentialBackoff'], problems),
    maxRetryDelayMs: readDuration(options['maxRetryDelay'], 'maxRetryDelay', problems),
    executionTimeoutMs: readDuration(options['executionTimeout'], 'executionTimeout', problems),
    pool: readText(options['pool'], 'pool', problems),
    poolSlots: readNumber(options['poolSlots'], 'poolSlots', problems),
    callbacks: taskCallbacks,
  };
  const defined = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
  return { id: taskId(wire.id), upstream, ...defined, ...code } as TaskDefinition;
}

/** Where a graph error belongs: the edge that closes a cycle, the task it names, or else the DAG itself. */
function graphErrorPosition(wire: WireDag, kind: string, taskIds: readonly string[] | undefined): WirePos | null {
  if (kind === 'cycle' && taskIds && taskIds.length > 1) {
    const inCycle = wire.edges.filter((edge) => taskIds.some((id, i) => id === edge.up && taskIds[i + 1] === edge.down));
    const last = inCycle.reduce<WirePos | null>((latest, edge) => (edge.at && (!latest || after(edge.at, latest)) ? edge.at : latest), null);
    if (last) return last;
  }
  const first = taskIds?.[0];
  const task = first === undefined ? undefined : wire.tasks.find((t) => t.id === first);
  return task?.at ?? wire.at;
}

const after = (a: WirePos, b: WirePos) => a.line > b.line || (a.line === b.line && a.column > b.column);
