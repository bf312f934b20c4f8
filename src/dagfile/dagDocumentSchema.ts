import * as v from 'valibot';
import { assetNameProblem, normalizeAssetUri } from '../core/assetUri';
import type { DagDefinition, DatasetDefinition } from '../core/dag';
import type { TaskId } from '../core/ids';
import { TRIGGER_RULES } from '../core/triggerRules';
import { OPERATOR_NAMES } from '../pipelines/operatorNames';
import { DAG_DOCUMENT_FORMAT, DAG_DOCUMENT_VERSION, type DagDocument } from './dagDocument';
import { quotedValue } from '../core/displayText';
import { didYouMean } from './suggest';

/**
 * The DAG document format as one valibot schema: what import checks (dagfile/validateDagDocument.ts), what the
 * published JSON Schema is generated from (scripts/generateDagSchema.ts → public/schema/dag-definition.schema.json),
 * and, through the compile-time checks at the end, the same shape as the `DagDefinition` type the scheduler runs.
 * Every message is written here, in the words a person reads next to the JSON path. The rules a schema cannot state
 * (ids unique, upstream tasks exist, no cycles, datasets and code exist) are in documentRules.ts and core/validate.ts.
 */

export const ID_PATTERN = /^[A-Za-z0-9_.-]{1,250}$/;
const ID_RULE = 'use 1 to 250 letters, digits, "_", "-" or "." (Airflow\'s rule for ids)';
/** Nesting deeper than this in a dataset condition is refused rather than walked (no stack overflow on hostile input). */
export const MAX_CONDITION_DEPTH = 32;

export const NOTIFICATION_LEVELS = ['info', 'success', 'warning', 'error'] as const;
export const TASK_KINDS = ['task', 'branch', 'short_circuit'] as const;
export const PARAM_TYPES = ['number', 'integer', 'string', 'boolean'] as const;

/** Describes a JSON value's type the way the messages say it: "a string", "an array", "null". */
export function typeName(value: unknown): string {
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

type Issue = v.BaseIssue<unknown>;
const got = (issue: Issue) => typeName(issue.input);
const lastKey = (issue: Issue) => issue.path?.at(-1)?.key;

const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
/**
 * `schema`, after a check that the value is a JSON object and not an array (which valibot's objects would take), said
 * the way the other messages say it. The check passes the value on unchanged, so it is typed as `schema`'s input.
 */
const objectFirst = <S extends v.GenericSchema>(schema: S) =>
  v.pipe(
    v.custom<v.InferInput<S>>(isPlainObject, (issue) => `must be an object, got ${got(issue)}`),
    schema,
  );

/** An object with exactly these properties; the messages list them in `allowed` order (the schema's by default). */
function strict<const E extends v.ObjectEntries>(entries: E, allowed: readonly string[] = Object.keys(entries)) {
  return objectFirst(strictEntries(entries, allowed));
}

function strictEntries<const E extends v.ObjectEntries>(entries: E, allowed: readonly string[] = Object.keys(entries)) {
  return v.strictObject(entries, (issue) => {
    if (issue.expected === 'never') return `unknown property${didYouMean(String(issue.input), allowed)}; allowed: ${allowed.join(', ')}`;
    if (issue.input === undefined && issue.path?.at(-1)?.origin === 'key') return `missing required property "${String(lastKey(issue))}"`;
    return `must be an object, got ${got(issue)}`;
  });
}

/** One of the objects in `options`, told apart by their `type`, which must be one of `types` (named `what`). */
function byType<const O extends v.VariantOptions<'type'>>(what: string, types: readonly string[], options: O) {
  return objectFirst(variantOf(what, types, options));
}

function variantOf<const O extends v.VariantOptions<'type'>>(what: string, types: readonly string[], options: O) {
  return v.variant('type', options, (issue) => {
    if (issue.path === undefined) return `must be an object, got ${got(issue)}`;
    if (issue.input === undefined) return 'missing required property "type"';
    if (typeof issue.input !== 'string') return `must be a string, got ${got(issue)}`;
    return `unknown ${what} ${quotedValue(issue.input)}${didYouMean(issue.input, types)}; one of ${types.join(', ')}`;
  });
}

const string = () => v.string((issue) => `must be a string, got ${got(issue)}`);
const boolean = () => v.boolean((issue) => `must be true or false, got ${got(issue)}`);
const number = () =>
  v.pipe(
    v.number((issue) => `must be a number, got ${got(issue)}`),
    v.finite((issue) => `must be a number, got ${got(issue)}`),
  );
const whole = (minimum: number) =>
  v.pipe(
    number(),
    v.integer((issue) => `must be a whole number, got ${String(issue.input)}`),
    v.minValue(minimum, (issue) => `must be ≥ ${minimum}, got ${String(issue.input)}`),
  );
const atLeast = (minimum: number) => v.pipe(number(), v.minValue(minimum, (issue) => `must be ≥ ${minimum}, got ${String(issue.input)}`));
const positive = () => v.pipe(number(), v.gtValue(0, (issue) => `must be > 0, got ${String(issue.input)}`));
const oneOf = <const T extends readonly string[]>(values: T, what: string) =>
  v.picklist(values, (issue) =>
    typeof issue.input === 'string'
      ? `unknown ${what} ${quotedValue(issue.input)}${didYouMean(issue.input, values)}; one of ${values.join(', ')}`
      : `must be a string, got ${got(issue)}`,
  );
const list = <T extends v.GenericSchema>(item: T, minItems = 1) =>
  v.pipe(
    v.array(item, (issue) => `must be an array, got ${got(issue)}`),
    v.minLength(minItems, `must have at least ${minItems} item${minItems === 1 ? '' : 's'}`),
  );
const anyList = <T extends v.GenericSchema>(item: T) => v.array(item, (issue) => `must be an array, got ${got(issue)}`);
const id = <T extends string>(what: string) =>
  v.pipe(
    string(),
    v.regex(ID_PATTERN, (issue) => `${quotedValue(issue.input)} is not a valid ${what} id: ${ID_RULE}`),
    v.transform((value) => value as T),
  );

export const idSchema = v.pipe(
  v.string(),
  v.regex(ID_PATTERN),
  v.description("Airflow's rule for DAG, task and dataset ids."),
);

/** One of Airflow's asset rules (core/assetUri.ts), on a value that is already a well-formed string. */
const assetRule = <T extends string>(problem: (value: T) => string | null) =>
  v.rawCheck<T>(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const message = problem(dataset.value);
    if (message) addIssue({ message });
  });

/** Marks the asset URI for the published JSON Schema, which states what of Airflow's rules a schema can (publishedSchema.ts). */
export const ASSET_URI_DESCRIPTION = v.description<string, string>(
  "The URI of Airflow's Asset (Airflow 2: Dataset): printable ASCII, at most 1500 characters, no leading or trailing space. The importer also refuses the scheme airflow:// and user info, as Airflow does (src/core/assetUri.ts).",
);

/** What Airflow would refuse when it imports the export is refused here, with Airflow's reason. */
export const assetUriSchema = v.pipe(
  string(),
  assetRule((uri) => {
    const normalized = normalizeAssetUri(uri);
    return normalized.ok ? null : normalized.message;
  }),
  ASSET_URI_DESCRIPTION,
);

export const datasetSchema = strict({
  id: v.pipe(
    id<DatasetDefinition['id']>('dataset'),
    assetRule<DatasetDefinition['id']>((name) => {
      const problem = assetNameProblem(name);
      return problem && `${problem} (a dataset's id is its asset name in an Airflow 3 export)`;
    }),
  ),
  uri: assetUriSchema,
  description: v.optional(string()),
});

export const callbackSchema = strict({
  notify: oneOf(NOTIFICATION_LEVELS, 'notification level'),
  message: v.optional(v.pipe(string(), v.description('May use {dag}, {task}, {run}, {try} and {error}.'))),
});

/** A dataset condition, Airflow 2.9's conditional schedule: a dataset, all of (&) or any of (|). */
export type ConditionInput = v.InferOutput<typeof conditionNode>;
export const conditionNode: v.GenericSchema<unknown, DagScheduleCondition> = v.pipe(byType('condition type', ['dataset', 'all', 'any'], [
  strictEntries({ type: v.literal('dataset'), id: id<DagScheduleCondition & { type: 'dataset' } extends { id: infer I } ? I & string : never>('dataset') }),
  strictEntries({ type: v.picklist(['all', 'any']), of: list(v.lazy(pickCondition)) }),
]), v.description("Airflow 2.9's conditional dataset schedule: a dataset, all of (&) or any of (|).")) as v.GenericSchema<unknown, DagScheduleCondition>;
type DagScheduleCondition = Extract<DagDefinition['schedule'], { type: 'datasets' }>['condition'];

/**
 * The path to the first condition nested more than MAX_CONDITION_DEPTH levels deep, found without recursion (a hostile
 * file may nest ten thousand levels), or null.
 */
function tooDeep(condition: unknown): (string | number)[] | null {
  const stack: { node: unknown; depth: number; path: (string | number)[] }[] = [{ node: condition, depth: 0, path: [] }];
  while (stack.length > 0) {
    const { node, depth, path } = stack.pop()!;
    if (depth > MAX_CONDITION_DEPTH) return path;
    const of = typeof node === 'object' && node !== null ? (node as { of?: unknown }).of : undefined;
    if (!Array.isArray(of)) continue;
    for (let i = of.length - 1; i >= 0; i--) stack.push({ node: of[i], depth: depth + 1, path: [...path, 'of', i] });
  }
  return null;
}

const conditionTooDeep = v.pipe(
  v.unknown(),
  v.rawCheck(({ dataset, addIssue }) => {
    const path = tooDeep(dataset.value) ?? [];
    addIssue({
      message: `dataset conditions may nest at most ${MAX_CONDITION_DEPTH} levels`,
      path: path.map((key) => ({ type: typeof key === 'number' ? 'array' : 'object', origin: 'value', input: null, key, value: null })) as unknown as [v.IssuePathItem],
    });
  }),
);

/** The condition schema for a value: one error at the first level too deep, or the condition's own schema. */
function pickCondition(input: unknown): v.GenericSchema<unknown, DagScheduleCondition> {
  return input !== undefined && tooDeep(input) ? (conditionTooDeep as unknown as v.GenericSchema<unknown, DagScheduleCondition>) : conditionNode;
}

export const conditionSchema: v.GenericSchema<unknown, DagScheduleCondition> = v.lazy(pickCondition);

export const scheduleSchema = byType('schedule type', ['manual', 'datasets'], [
  strictEntries({ type: v.literal('manual') }),
  strictEntries({ type: v.literal('datasets'), condition: conditionSchema }),
]);

const paramBase = { default: number(), minimum: v.optional(number()), maximum: v.optional(number()), description: v.optional(string()) };
/** An issue at one property of the object being checked (the messages name the offending value, not its parent). */
const atKey = (key: string) => [{ type: 'object', origin: 'value', input: null, key, value: null }] as unknown as [v.IssuePathItem];

type NumberSpec = { readonly default: number; readonly minimum?: number; readonly maximum?: number };
/** A number param's own rules: a range that is not empty, and its default within it. */
const numberRules = <T extends NumberSpec>() =>
  v.rawCheck<T>(({ dataset, addIssue }) => {
  if (!dataset.typed) return;
  const { default: value, minimum, maximum } = dataset.value;
  if (minimum !== undefined && maximum !== undefined && minimum > maximum) addIssue({ message: `minimum ${minimum} is greater than maximum ${maximum}` });
  if (minimum !== undefined && value < minimum) addIssue({ message: `${value} is below the minimum ${minimum}`, path: atKey('default') });
  if (maximum !== undefined && value > maximum) addIssue({ message: `${value} is above the maximum ${maximum}`, path: atKey('default') });
  });

/** A string param's own rule: its default is one of its enum values. */
const enumRule = <T extends { readonly default: string; readonly enum?: readonly string[] }>() =>
  v.rawCheck<T>(({ dataset, addIssue }) => {
  if (!dataset.typed || dataset.value.enum === undefined || dataset.value.enum.includes(dataset.value.default)) return;
  const { default: value, enum: values } = dataset.value;
  addIssue({ message: `${quotedValue(value)} is not one of the enum values ${values.map((x) => quotedValue(x)).join(', ')}`, path: atKey('default') });
  });

const numberParam = strictEntries({ type: v.literal('number'), ...paramBase });
const integerParam = strictEntries({ type: v.literal('integer'), ...paramBase, default: v.pipe(number(), v.integer((issue) => `must be a whole number, got ${String(issue.input)}`)) });
const stringParam = strictEntries({ type: v.literal('string'), default: string(), enum: v.optional(list(string())), description: v.optional(string()) });

export const paramSchema = byType('param type', PARAM_TYPES, [
  v.pipe(numberParam, numberRules<v.InferOutput<typeof numberParam>>()),
  v.pipe(integerParam, numberRules<v.InferOutput<typeof integerParam>>()),
  v.pipe(stringParam, enumRule<v.InferOutput<typeof stringParam>>()),
  strictEntries({ type: v.literal('boolean'), default: boolean(), description: v.optional(string()) }),
]);

const paramsSchema = v.record(
  v.pipe(
    v.string(),
    v.regex(ID_PATTERN, (issue) => `${quotedValue(issue.input)} is not a valid param name: ${ID_RULE}`),
  ),
  paramSchema,
  (issue) => `must be an object of params by name, got ${got(issue)}`,
);

/** Upstream ids, each at most once (the rule is checked with the others that name tasks: documentRules.ts). */
export const upstreamSchema = anyList(v.pipe(string(), v.transform((value) => value as TaskId)));

export const TASK_PROPERTIES = [
  'id', 'upstream', 'outlets', 'description', 'kind', 'triggerRule', 'retries', 'retryDelayMs', 'retryExponentialBackoff',
  'maxRetryDelayMs', 'executionTimeoutMs', 'pool', 'poolSlots', 'callbacks', 'operator',
] as const;

export const taskSchema = strict({
  id: id<DagDefinition['tasks'][number]['id']>('task'),
  upstream: upstreamSchema,
  outlets: v.optional(anyList(id<DatasetDefinition['id']>('dataset'))),
  description: v.optional(string()),
  kind: v.optional(oneOf(TASK_KINDS, 'task kind')),
  triggerRule: v.optional(oneOf(TRIGGER_RULES, 'trigger rule')),
  retries: v.optional(whole(0)),
  retryDelayMs: v.optional(atLeast(0)),
  retryExponentialBackoff: v.optional(boolean()),
  maxRetryDelayMs: v.optional(positive()),
  executionTimeoutMs: v.optional(positive()),
  pool: v.optional(id<string>('pool')),
  poolSlots: v.optional(whole(1)),
  callbacks: v.optional(
    strict({ onExecute: v.optional(callbackSchema), onSuccess: v.optional(callbackSchema), onFailure: v.optional(callbackSchema), onRetry: v.optional(callbackSchema) }),
  ),
  operator: v.optional(
    v.pipe(
      oneOf(OPERATOR_NAMES, 'operator'),
      v.description('A built-in operator that runs the task when the playground has no code for it.'),
      // The scheduler takes any operator name its runtime passes in (core/validate.ts); the file format lists these.
      v.transform((value): string => value),
    ),
  ),
});

/** The order a DAG's properties are listed in messages (the order of the type); they are checked in schema order. */
export const DAG_PROPERTIES = ['id', 'description', 'schedule', 'tasks', 'maxActiveTasks', 'maxActiveRuns', 'params', 'callbacks'] as const;

export const dagSchema = strict(
  {
    id: id<DagDefinition['id']>('DAG'),
    description: v.optional(string()),
    schedule: scheduleSchema,
    maxActiveTasks: v.optional(whole(1)),
    maxActiveRuns: v.optional(whole(1)),
    params: v.optional(paramsSchema),
    callbacks: v.optional(strict({ onSuccess: v.optional(callbackSchema), onFailure: v.optional(callbackSchema) })),
    tasks: list(taskSchema),
  },
  DAG_PROPERTIES,
);

export const dagDocumentSchema = strict({
  $schema: v.optional(string()),
  format: v.optional(v.literal(DAG_DOCUMENT_FORMAT, (issue) => `must be "${DAG_DOCUMENT_FORMAT}", got ${quotedValue(issue.input)}`)),
  version: v.literal(DAG_DOCUMENT_VERSION, (issue) => `must be ${DAG_DOCUMENT_VERSION} (the only version of this format), got ${quotedValue(issue.input)}`),
  datasets: v.optional(anyList(datasetSchema)),
  dags: list(dagSchema),
});

// ---- one source: the schema's output is the type the scheduler runs, and the other way round --------------------
type Parsed = v.InferOutput<typeof dagDocumentSchema>;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type DeepWritable<T> = T extends (infer U)[] ? DeepWritable<U>[] : T extends readonly (infer U)[] ? DeepWritable<U>[] : T extends object ? { -readonly [K in keyof T]: DeepWritable<T[K]> } : T;
/** Compile-time: fails to compile when the schema and the DagDocument type drift apart. */
export const SCHEMA_MATCHES_TYPE: Same<DeepWritable<Parsed>, DeepWritable<DagDocument>> = true;
