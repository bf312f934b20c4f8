import type { DagDefinition, DatasetDefinition } from '../core/dag';
import { TRIGGER_RULES } from '../core/triggerRules';
import { validateDag, type DagValidationError } from '../core/validate';
import { DAG_DOCUMENT_FORMAT, DAG_DOCUMENT_VERSION, type DagDocument } from './dagDocument';
import { at, ROOT, showPath, type JsonPath } from './jsonPath';
import { didYouMean } from './suggest';
import { own } from '../core/ownKeys';

/**
 * Checks a DAG document (see dagDocument.ts) as the published JSON Schema does — types, required and unknown
 * properties, enums, ranges — and then the rules a schema cannot say: duplicate DAG and task ids, unknown upstream
 * tasks, cycles (named), unknown datasets in schedules, tasks with no code, param defaults that break their own
 * declaration. Hand-written on purpose: the site runs under a CSP without `unsafe-eval`, which rules out schema
 * compilers that generate code. Every error carries the JSON path of the offending value.
 */
export interface DocumentError {
  readonly path: JsonPath;
  readonly message: string;
}

export const errorText = (error: DocumentError): string => `${showPath(error.path)}: ${error.message}`;

/** What the running playground knows, against which a document's references are checked. */
export interface ImportContext {
  /** DAG id → task ids with registered code (pipelines/registeredTasks.ts). */
  readonly registeredTasks: Readonly<Record<string, readonly string[]>>;
  /** Built-in operator names (pipelines/operatorNames.ts). */
  readonly operators: readonly string[];
  /** Datasets the playground defines besides the document's own (the built-in ones, and those of kept DAGs). */
  readonly datasets: readonly string[];
  /** Pool names the scheduler has (`default_pool` at least). */
  readonly pools: readonly string[];
}

export type DocumentResult =
  | { readonly ok: true; readonly document: DagDocument }
  | { readonly ok: false; readonly errors: readonly DocumentError[] };

/** Files bigger than this are refused before parsing (a DAG file of 1,000 tasks is ~150 kB). */
export const MAX_DOCUMENT_BYTES = 5_000_000;

export const ID_PATTERN = /^[A-Za-z0-9_.-]{1,250}$/;
const ID_RULE = 'use 1 to 250 letters, digits, "_", "-" or "." (Airflow\'s rule for ids)';
/** Nesting deeper than this in a dataset condition is refused rather than walked (no stack overflow on hostile input). */
const MAX_CONDITION_DEPTH = 32;

export const NOTIFICATION_LEVELS = ['info', 'success', 'warning', 'error'] as const;
export const TASK_KINDS = ['task', 'branch', 'short_circuit'] as const;
export const TASK_CALLBACKS = ['onExecute', 'onSuccess', 'onFailure', 'onRetry'] as const;
export const DAG_CALLBACKS = ['onSuccess', 'onFailure'] as const;

export const ROOT_PROPERTIES = ['$schema', 'format', 'version', 'datasets', 'dags'] as const;
export const DATASET_PROPERTIES = ['id', 'uri', 'description'] as const;
export const DAG_PROPERTIES = ['id', 'description', 'schedule', 'tasks', 'maxActiveTasks', 'maxActiveRuns', 'params', 'callbacks'] as const;
export const TASK_PROPERTIES = [
  'id',
  'upstream',
  'outlets',
  'description',
  'kind',
  'triggerRule',
  'retries',
  'retryDelayMs',
  'retryExponentialBackoff',
  'maxRetryDelayMs',
  'executionTimeoutMs',
  'pool',
  'poolSlots',
  'callbacks',
  'operator',
] as const;

type Rec = Record<string, unknown>;
const isRecord = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Describes a JSON value's type the way the messages say it: "a string", "an array", "null". */
function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'string':
      return 'a string';
    case 'number':
      return Number.isInteger(value) ? 'a whole number' : 'a number';
    case 'boolean':
      return 'a boolean';
    case 'object':
      return 'an object';
    default:
      return typeof value;
  }
}

class Checker {
  readonly errors: DocumentError[] = [];

  fail(path: JsonPath, message: string): false {
    this.errors.push({ path, message });
    return false;
  }

  /** An object with these required properties and no others than `allowed`. */
  object(value: unknown, path: JsonPath, required: readonly string[], allowed: readonly string[]): value is Rec {
    if (!isRecord(value)) return this.fail(path, `must be an object, got ${typeName(value)}`);
    let ok = true;
    for (const key of required) {
      if (!Object.hasOwn(value, key)) ok = this.fail(path, `missing required property "${key}"`);
    }
    for (const key of Object.keys(value)) {
      if (!allowed.includes(key)) ok = this.fail(at(path, key), `unknown property${didYouMean(key, allowed)}; allowed: ${allowed.join(', ')}`);
    }
    return ok;
  }

  string(value: unknown, path: JsonPath): value is string {
    return typeof value === 'string' || this.fail(path, `must be a string, got ${typeName(value)}`);
  }

  id(value: unknown, path: JsonPath, what: string): value is string {
    if (!this.string(value, path)) return false;
    return ID_PATTERN.test(value) || this.fail(path, `${JSON.stringify(value)} is not a valid ${what} id: ${ID_RULE}`);
  }

  boolean(value: unknown, path: JsonPath): value is boolean {
    return typeof value === 'boolean' || this.fail(path, `must be true or false, got ${typeName(value)}`);
  }

  /** A finite number, optionally whole, with an inclusive minimum or an exclusive one. */
  number(value: unknown, path: JsonPath, rule: { integer?: boolean; minimum?: number; exclusiveMinimum?: number } = {}): value is number {
    if (typeof value !== 'number' || !Number.isFinite(value)) return this.fail(path, `must be a number, got ${typeName(value)}`);
    if (rule.integer && !Number.isInteger(value)) return this.fail(path, `must be a whole number, got ${value}`);
    if (rule.minimum !== undefined && value < rule.minimum) return this.fail(path, `must be ≥ ${rule.minimum}, got ${value}`);
    if (rule.exclusiveMinimum !== undefined && value <= rule.exclusiveMinimum) {
      return this.fail(path, `must be > ${rule.exclusiveMinimum}, got ${value}`);
    }
    return true;
  }

  oneOf<T extends string>(value: unknown, path: JsonPath, values: readonly T[], what: string): value is T {
    if (!this.string(value, path)) return false;
    return (
      (values as readonly string[]).includes(value) ||
      this.fail(path, `unknown ${what} ${JSON.stringify(value)}${didYouMean(value, values)}; one of ${values.join(', ')}`)
    );
  }

  array(value: unknown, path: JsonPath, minItems = 0): value is unknown[] {
    if (!Array.isArray(value)) return this.fail(path, `must be an array, got ${typeName(value)}`);
    return value.length >= minItems || this.fail(path, `must have at least ${minItems} item${minItems === 1 ? '' : 's'}`);
  }
}

/** Parses and checks a file's text; a file that is not JSON gets one error saying where it broke. */
export function parseDagDocument(text: string, context: ImportContext): DocumentResult {
  if (text.length > MAX_DOCUMENT_BYTES) {
    return { ok: false, errors: [{ path: ROOT, message: `the file is too large (${text.length} characters; at most ${MAX_DOCUMENT_BYTES})` }] };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, errors: [{ path: ROOT, message: `not valid JSON: ${error instanceof Error ? error.message : String(error)}` }] };
  }
  return validateDagDocument(value, context);
}

export function validateDagDocument(value: unknown, context: ImportContext): DocumentResult {
  const c = new Checker();
  if (!c.object(value, ROOT, ['version', 'dags'], ROOT_PROPERTIES) && !isRecord(value)) return { ok: false, errors: c.errors };
  const root = value as Rec;
  if (root.$schema !== undefined) c.string(root.$schema, '$schema');
  if (root.format !== undefined && root.format !== DAG_DOCUMENT_FORMAT) {
    c.fail('format', `must be "${DAG_DOCUMENT_FORMAT}", got ${JSON.stringify(root.format)}`);
  }
  if (Object.hasOwn(root, 'version') && root.version !== DAG_DOCUMENT_VERSION) {
    c.fail('version', `must be ${DAG_DOCUMENT_VERSION} (the only version of this format), got ${JSON.stringify(root.version)}`);
  }

  const documentDatasets = checkDatasets(c, root.datasets);
  if (!Object.hasOwn(root, 'dags')) return { ok: false, errors: c.errors };
  if (!c.array(root.dags, 'dags', 1)) return { ok: false, errors: c.errors };
  const dags = root.dags;

  // Datasets a schedule may name: the playground's, the document's, and every outlet of the document's DAGs.
  const knownDatasets = new Set<string>([...context.datasets, ...documentDatasets]);
  for (const dag of dags) {
    if (!isRecord(dag) || !Array.isArray(dag.tasks)) continue;
    for (const task of dag.tasks) {
      if (isRecord(task) && Array.isArray(task.outlets)) for (const o of task.outlets) if (typeof o === 'string') knownDatasets.add(o);
    }
  }

  const firstIndexOfDag = new Map<string, number>();
  dags.forEach((dag, i) => {
    const path = at('dags', i);
    const before = c.errors.length;
    checkDag(c, dag, path, context, knownDatasets);
    if (isRecord(dag) && typeof dag.id === 'string') {
      const first = firstIndexOfDag.get(dag.id);
      if (first === undefined) firstIndexOfDag.set(dag.id, i);
      else c.fail(at(path, 'id'), `duplicate DAG id ${JSON.stringify(dag.id)} (also dags[${first}])`);
    }
    // The graph rules the scheduler enforces (validate.ts), reused as they are. The cycle needs only ids and upstream
    // lists, so it is looked for as soon as those are well-formed; the other rules once the whole DAG is.
    const graph = graphOf(dag);
    if (graph) {
      const whole = c.errors.length === before;
      for (const error of validateDag(whole ? (dag as DagDefinition) : graph)) {
        if (error.kind === 'cycle') c.fail(at(path, 'tasks'), error.message);
        else if (whole && !COVERED_HERE.has(error.kind)) c.fail(path, error.message);
      }
    }
  });

  return c.errors.length > 0 ? { ok: false, errors: c.errors } : { ok: true, document: value as unknown as DagDocument };
}

/** Only the ids and upstream lists of a DAG, when they are well-formed (enough to look for a cycle). */
function graphOf(dag: unknown): DagDefinition | null {
  if (!isRecord(dag) || typeof dag.id !== 'string' || !Array.isArray(dag.tasks) || dag.tasks.length === 0) return null;
  const tasks: { id: string; upstream: string[] }[] = [];
  for (const task of dag.tasks) {
    if (!isRecord(task) || typeof task.id !== 'string' || !Array.isArray(task.upstream)) return null;
    if (!task.upstream.every((u): u is string => typeof u === 'string')) return null;
    tasks.push({ id: task.id, upstream: task.upstream });
  }
  return { id: dag.id, schedule: { type: 'manual' }, tasks } as unknown as DagDefinition;
}

/** validate.ts's kinds this file already reports, with a finer path; the others (the cycle) come from there. */
const COVERED_HERE = new Set<DagValidationError['kind']>(['duplicate_task_id', 'unknown_upstream', 'empty_dag', 'empty_schedule', 'invalid_setting', 'invalid_param']);

function checkDatasets(c: Checker, value: unknown): string[] {
  if (value === undefined) return [];
  if (!c.array(value, 'datasets')) return [];
  const ids: string[] = [];
  const first = new Map<string, number>();
  value.forEach((dataset, i) => {
    const path = at('datasets', i);
    if (!c.object(dataset, path, ['id', 'uri'], DATASET_PROPERTIES) && !isRecord(dataset)) return;
    const d = dataset as Rec;
    if (Object.hasOwn(d, 'id') && c.id(d.id, at(path, 'id'), 'dataset')) {
      const seen = first.get(d.id);
      if (seen !== undefined) c.fail(at(path, 'id'), `duplicate dataset id ${JSON.stringify(d.id)} (also datasets[${seen}])`);
      else first.set(d.id, i);
      ids.push(d.id);
    }
    if (Object.hasOwn(d, 'uri') && c.string(d.uri, at(path, 'uri')) && (d.uri.length === 0 || d.uri.length > 3000)) {
      c.fail(at(path, 'uri'), `must have 1 to 3000 characters, got ${d.uri.length}`);
    }
    if (d.description !== undefined) c.string(d.description, at(path, 'description'));
  });
  return ids;
}

function checkDag(c: Checker, value: unknown, path: JsonPath, context: ImportContext, knownDatasets: ReadonlySet<string>): void {
  if (!c.object(value, path, ['id', 'schedule', 'tasks'], DAG_PROPERTIES) && !isRecord(value)) return;
  const dag = value as Rec;
  const dagIdOk = Object.hasOwn(dag, 'id') && c.id(dag.id, at(path, 'id'), 'DAG');
  if (dag.description !== undefined) c.string(dag.description, at(path, 'description'));
  if (Object.hasOwn(dag, 'schedule')) checkSchedule(c, dag.schedule, at(path, 'schedule'), knownDatasets);
  for (const key of ['maxActiveTasks', 'maxActiveRuns'] as const) {
    if (dag[key] !== undefined) c.number(dag[key], at(path, key), { integer: true, minimum: 1 });
  }
  if (dag.params !== undefined) checkParams(c, dag.params, at(path, 'params'));
  if (dag.callbacks !== undefined) checkCallbacks(c, dag.callbacks, at(path, 'callbacks'), DAG_CALLBACKS);
  if (!Object.hasOwn(dag, 'tasks') || !c.array(dag.tasks, at(path, 'tasks'), 1)) return;

  const tasks = dag.tasks;
  const taskIds = tasks.map((t) => (isRecord(t) && typeof t.id === 'string' ? t.id : null));
  const firstIndex = new Map<string, number>();
  tasks.forEach((task, i) => {
    const taskPath = at(at(path, 'tasks'), i);
    checkTask(c, task, taskPath, context);
    const id = taskIds[i];
    if (id === null || id === undefined) return;
    const first = firstIndex.get(id);
    if (first === undefined) firstIndex.set(id, i);
    else c.fail(at(taskPath, 'id'), `duplicate task id ${JSON.stringify(id)} (also tasks[${first}])`);
  });
  const known = [...firstIndex.keys()];
  tasks.forEach((task, i) => {
    if (!isRecord(task) || !Array.isArray(task.upstream)) return;
    const taskPath = at(at(path, 'tasks'), i);
    const upstream: unknown[] = task.upstream;
    upstream.forEach((up, j) => {
      if (typeof up !== 'string') return;
      if (!firstIndex.has(up)) c.fail(at(at(taskPath, 'upstream'), j), `unknown task ${JSON.stringify(up)}${didYouMean(up, known)}`);
      else if (upstream.indexOf(up) !== j) c.fail(at(at(taskPath, 'upstream'), j), `task ${JSON.stringify(up)} is listed twice`);
    });
    // No code: the pipelines have none for this DAG and task id, and the task names no built-in operator.
    const id = taskIds[i];
    if (dagIdOk && typeof id === 'string' && task.operator === undefined) {
      const registered = own(context.registeredTasks, dag.id as string) ?? [];
      if (!registered.includes(id)) {
        c.fail(
          taskPath,
          `task ${JSON.stringify(id)} has no code: the playground has no registered code for task ${JSON.stringify(id)} of DAG ${JSON.stringify(dag.id)}` +
            `${registered.length > 0 ? didYouMean(id, registered) : ''}; give it an "operator" (one of ${context.operators.join(', ')})`,
        );
      }
    }
    if (typeof task.pool === 'string' && !context.pools.includes(task.pool)) {
      c.fail(at(taskPath, 'pool'), `unknown pool ${JSON.stringify(task.pool)}${didYouMean(task.pool, context.pools)}; the playground has ${context.pools.join(', ')}`);
    }
  });
}

function checkSchedule(c: Checker, value: unknown, path: JsonPath, knownDatasets: ReadonlySet<string>): void {
  if (!isRecord(value)) {
    c.fail(path, `must be an object, got ${typeName(value)}`);
    return;
  }
  if (!Object.hasOwn(value, 'type')) {
    c.fail(path, 'missing required property "type"');
    return;
  }
  if (!c.oneOf(value.type, at(path, 'type'), ['manual', 'datasets'] as const, 'schedule type')) return;
  if (value.type === 'manual') {
    c.object(value, path, ['type'], ['type']);
    return;
  }
  if (c.object(value, path, ['type', 'condition'], ['type', 'condition'])) {
    checkCondition(c, value.condition, at(path, 'condition'), knownDatasets, 0);
  }
}

function checkCondition(c: Checker, value: unknown, path: JsonPath, knownDatasets: ReadonlySet<string>, depth: number): void {
  if (depth > MAX_CONDITION_DEPTH) {
    c.fail(path, `dataset conditions may nest at most ${MAX_CONDITION_DEPTH} levels`);
    return;
  }
  if (!isRecord(value)) {
    c.fail(path, `must be an object, got ${typeName(value)}`);
    return;
  }
  if (!Object.hasOwn(value, 'type')) {
    c.fail(path, 'missing required property "type"');
    return;
  }
  if (!c.oneOf(value.type, at(path, 'type'), ['dataset', 'all', 'any'] as const, 'condition type')) return;
  if (value.type === 'dataset') {
    if (c.object(value, path, ['type', 'id'], ['type', 'id']) && c.id(value.id, at(path, 'id'), 'dataset') && !knownDatasets.has(value.id)) {
      c.fail(
        at(path, 'id'),
        `unknown dataset ${JSON.stringify(value.id)}${didYouMean(value.id, knownDatasets)}: no task's outlets update it and the document's "datasets" do not list it`,
      );
    }
    return;
  }
  if (c.object(value, path, ['type', 'of'], ['type', 'of']) && c.array(value.of, at(path, 'of'), 1)) {
    value.of.forEach((inner, i) => checkCondition(c, inner, at(at(path, 'of'), i), knownDatasets, depth + 1));
  }
}

function checkTask(c: Checker, value: unknown, path: JsonPath, context: ImportContext): void {
  if (!c.object(value, path, ['id', 'upstream'], TASK_PROPERTIES) && !isRecord(value)) return;
  const task = value as Rec;
  if (Object.hasOwn(task, 'id')) c.id(task.id, at(path, 'id'), 'task');
  if (Object.hasOwn(task, 'upstream') && c.array(task.upstream, at(path, 'upstream'))) {
    task.upstream.forEach((up, i) => c.string(up, at(at(path, 'upstream'), i)));
  }
  if (task.outlets !== undefined && c.array(task.outlets, at(path, 'outlets'))) {
    task.outlets.forEach((o, i) => c.id(o, at(at(path, 'outlets'), i), 'dataset'));
  }
  if (task.description !== undefined) c.string(task.description, at(path, 'description'));
  if (task.kind !== undefined) c.oneOf(task.kind, at(path, 'kind'), TASK_KINDS, 'task kind');
  if (task.triggerRule !== undefined) c.oneOf(task.triggerRule, at(path, 'triggerRule'), TRIGGER_RULES, 'trigger rule');
  if (task.retries !== undefined) c.number(task.retries, at(path, 'retries'), { integer: true, minimum: 0 });
  if (task.retryDelayMs !== undefined) c.number(task.retryDelayMs, at(path, 'retryDelayMs'), { minimum: 0 });
  if (task.retryExponentialBackoff !== undefined) c.boolean(task.retryExponentialBackoff, at(path, 'retryExponentialBackoff'));
  if (task.maxRetryDelayMs !== undefined) c.number(task.maxRetryDelayMs, at(path, 'maxRetryDelayMs'), { exclusiveMinimum: 0 });
  if (task.executionTimeoutMs !== undefined) c.number(task.executionTimeoutMs, at(path, 'executionTimeoutMs'), { exclusiveMinimum: 0 });
  if (task.pool !== undefined) c.id(task.pool, at(path, 'pool'), 'pool');
  if (task.poolSlots !== undefined) c.number(task.poolSlots, at(path, 'poolSlots'), { integer: true, minimum: 1 });
  if (task.callbacks !== undefined) checkCallbacks(c, task.callbacks, at(path, 'callbacks'), TASK_CALLBACKS);
  if (task.operator !== undefined) c.oneOf(task.operator, at(path, 'operator'), context.operators, 'operator');
}

function checkCallbacks(c: Checker, value: unknown, path: JsonPath, names: readonly string[]): void {
  if (!c.object(value, path, [], names) && !isRecord(value)) return;
  for (const [name, spec] of Object.entries(value as Rec)) {
    if (!names.includes(name)) continue;
    const specPath = at(path, name);
    if (!c.object(spec, specPath, ['notify'], ['notify', 'message']) && !isRecord(spec)) continue;
    const s = spec as Rec;
    if (Object.hasOwn(s, 'notify')) c.oneOf(s.notify, at(specPath, 'notify'), NOTIFICATION_LEVELS, 'notification level');
    if (s.message !== undefined) c.string(s.message, at(specPath, 'message'));
  }
}

const PARAM_TYPES = ['number', 'integer', 'string', 'boolean'] as const;

function checkParams(c: Checker, value: unknown, path: JsonPath): void {
  if (!isRecord(value)) {
    c.fail(path, `must be an object of params by name, got ${typeName(value)}`);
    return;
  }
  for (const [name, spec] of Object.entries(value)) {
    const p = at(path, name);
    if (!ID_PATTERN.test(name)) c.fail(p, `${JSON.stringify(name)} is not a valid param name: ${ID_RULE}`);
    if (!isRecord(spec)) {
      c.fail(p, `must be an object, got ${typeName(spec)}`);
      continue;
    }
    if (!Object.hasOwn(spec, 'type')) {
      c.fail(p, 'missing required property "type"');
      continue;
    }
    if (!c.oneOf(spec.type, at(p, 'type'), PARAM_TYPES, 'param type')) continue;
    const type = spec.type;
    const allowed =
      type === 'string' ? ['type', 'default', 'enum', 'description'] : type === 'boolean' ? ['type', 'default', 'description'] : ['type', 'default', 'minimum', 'maximum', 'description'];
    if (!c.object(spec, p, ['type', 'default'], allowed)) continue;
    if (spec.description !== undefined) c.string(spec.description, at(p, 'description'));
    const dp = at(p, 'default');
    if (type === 'boolean') {
      c.boolean(spec.default, dp);
    } else if (type === 'string') {
      const enumOk = spec.enum === undefined || checkEnum(c, spec.enum, at(p, 'enum'));
      if (c.string(spec.default, dp) && enumOk && Array.isArray(spec.enum) && !spec.enum.includes(spec.default)) {
        c.fail(dp, `${JSON.stringify(spec.default)} is not one of the enum values ${spec.enum.map((v) => JSON.stringify(v)).join(', ')}`);
      }
    } else {
      const integer = type === 'integer';
      const min = spec.minimum === undefined || c.number(spec.minimum, at(p, 'minimum'));
      const max = spec.maximum === undefined || c.number(spec.maximum, at(p, 'maximum'));
      if (min && max && typeof spec.minimum === 'number' && typeof spec.maximum === 'number' && spec.minimum > spec.maximum) {
        c.fail(p, `minimum ${spec.minimum} is greater than maximum ${spec.maximum}`);
      }
      if (c.number(spec.default, dp, { integer })) {
        const d = spec.default as number;
        if (min && typeof spec.minimum === 'number' && d < spec.minimum) c.fail(dp, `${d} is below the minimum ${spec.minimum}`);
        if (max && typeof spec.maximum === 'number' && d > spec.maximum) c.fail(dp, `${d} is above the maximum ${spec.maximum}`);
      }
    }
  }
}

function checkEnum(c: Checker, value: unknown, path: JsonPath): value is string[] {
  if (!c.array(value, path, 1)) return false;
  let ok = true;
  value.forEach((v, i) => {
    if (!c.string(v, at(path, i))) ok = false;
  });
  return ok;
}

/** Dataset ids a document defines, for a caller that merges them into the playground's list. */
export const documentDatasets = (document: DagDocument): readonly DatasetDefinition[] => document.datasets ?? [];
