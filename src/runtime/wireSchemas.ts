import * as v from 'valibot';
import { ownRecord } from '../core/ownKeys';
import type { DagId, DatasetId, RunId, TaskId } from '../core/ids';
import type { JsonValue } from '../core/json';
import type { LogLine } from '../core/logLine';

/**
 * Schemas of the plain values that cross an untrusted edge of the runtime (the tab channel, values read back from
 * storage): checked on receipt with valibot, which interprets its schemas and generates no code, so it runs under the
 * site's CSP. The DAG document format has its own, message-rich schema in src/dagfile/.
 */

/** A non-empty string, typed as the branded id it names. */
const idOf = <T extends string>() =>
  v.pipe(
    v.string(),
    v.minLength(1),
    v.transform((value) => value as T),
  );

export const idSchema = idOf<string>();
export const dagIdSchema = idOf<DagId>();
export const taskIdSchema = idOf<TaskId>();
export const runIdSchema = idOf<RunId>();
export const datasetIdSchema = idOf<DatasetId>();

export const finiteSchema = v.pipe(v.number(), v.finite());
export const countSchema = v.pipe(v.number(), v.safeInteger(), v.minValue(0));

const MAX_JSON_DEPTH = 32;

function isJson(value: unknown, depth: number): boolean {
  if (depth > MAX_JSON_DEPTH) return false;
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every((item) => isJson(item, depth + 1));
  if (typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) return false;
  return Object.values(value).every((item) => isJson(item, depth + 1));
}

/** A plain object (not an array, which valibot's records would take), its values unchecked and passed on as they are. */
export const plainObjectSchema = v.custom<Record<string, unknown>>((value) => typeof value === 'object' && value !== null && !Array.isArray(value));

/**
 * A plain object whose every value fits `values` (checked first as an object: an array is not one). Every own key is
 * kept — valibot's own `record` drops `__proto__`, `constructor` and `prototype`, which are ids a person may choose —
 * in a record without a prototype, so no key can set one.
 */
export const recordOf = <T extends v.GenericSchema>(values: T) =>
  v.pipe(
    plainObjectSchema,
    v.rawTransform<Record<string, unknown>, Record<string, v.InferOutput<T>>>(({ dataset, addIssue, NEVER }) => {
      const out = ownRecord<string, v.InferOutput<T>>();
      for (const [key, item] of Object.entries(dataset.value)) {
        const parsed = v.safeParse(values, item);
        if (!parsed.success) {
          addIssue({ message: `${JSON.stringify(key).slice(0, 80)}: ${firstMessage(parsed.issues)}` });
          return NEVER;
        }
        out[key] = parsed.output;
      }
      return out;
    }),
  );

const firstMessage = (issues: readonly v.BaseIssue<unknown>[]): string => {
  const issue = issues[0]!;
  const path = v.getDotPath(issue);
  return path ? `${path}: ${issue.message}` : issue.message;
};

/** A JSON value (finite numbers, at most 32 levels deep): what params and return values may hold. */
export const jsonValueSchema = v.custom<JsonValue>((value) => isJson(value, 0), 'not a JSON value');
export const jsonObjectSchema = v.custom<Record<string, JsonValue>>(
  (value) => typeof value === 'object' && value !== null && !Array.isArray(value) && isJson(value, 0),
  'not a JSON object',
);

export const logLineSchema = v.object({
  runId: runIdSchema,
  taskId: taskIdSchema,
  tryNumber: countSchema,
  seq: countSchema,
  timestamp: finiteSchema,
  level: v.picklist(['debug', 'info', 'warning', 'error']),
  message: v.string(),
}) satisfies v.GenericSchema<unknown, LogLine>;
