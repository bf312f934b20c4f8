import type { CallbackSpec, DagCallbacks, NotificationLevel, Schedule, TaskCallbacks } from '../core/dag';
import { allOf, anyOf, onDataset, type DatasetCondition } from '../core/datasetCondition';
import { datasetId, type DatasetId } from '../core/ids';
import type { ParamSpec } from '../core/params';
import { TRIGGER_RULES, type TriggerRule } from '../core/triggerRules';
import type { DiagnosticCode, Severity } from './dagFileResult';
import { describeValue, parseDuration } from './durations';
import { WIRE, type WireValue } from './vm/wireTypes';

/** Collects the problems of one declaration, each at that declaration's call. */
export interface Problems {
  add(severity: Severity, code: DiagnosticCode, message: string): void;
}

/** Asset names the file may refer to: its own `new Asset`s and the playground's. */
export interface AssetScope {
  has(name: string): boolean;
}

type WireObject = { readonly [key: string]: WireValue };

export const isWireObject = (value: WireValue | undefined): value is WireObject =>
  value !== null && value !== undefined && typeof value === 'object' && !Array.isArray(value);

/** The payload of a marker object (`{ "@@asset": "name" }`), or undefined. */
export function marker(value: WireValue | undefined, key: string): WireValue | undefined {
  if (!isWireObject(value)) return undefined;
  const keys = Object.keys(value);
  return keys.length === 1 && keys[0] === key ? value[key] : undefined;
}

/** How a wire value reads in a message: markers by what they stand for. */
export function shown(value: WireValue | undefined): string {
  if (value === undefined) return 'nothing';
  const fn = marker(value, WIRE.function);
  if (fn !== undefined) return `a function (${String(fn)})`;
  const unsupported = marker(value, WIRE.unsupported);
  if (unsupported !== undefined) return String(unsupported);
  const asset = marker(value, WIRE.asset) ?? marker(value, WIRE.assetRef);
  if (asset !== undefined) return `the asset "${String(asset)}"`;
  const task = marker(value, WIRE.ref);
  if (task !== undefined) return `the task "${String(task)}"`;
  return describeValue(value);
}

/** Checks an options object's keys: known ones are read, Airflow-only ones ignored with a warning, others refused. */
export function checkKeys(
  options: WireValue,
  known: readonly string[],
  ignored: readonly string[],
  what: string,
  problems: Problems,
): WireObject {
  if (!isWireObject(options) || marker(options, WIRE.unsupported) !== undefined) {
    problems.add('error', 'invalid_option', `${what} takes an options object, not ${shown(options)}.`);
    return {};
  }
  for (const key of Object.keys(options)) {
    if (known.includes(key)) continue;
    if (ignored.includes(key)) {
      problems.add('warning', 'ignored_option', `${what}: "${key}" is an Airflow option the playground does not use; it is ignored.`);
    } else {
      problems.add('error', 'invalid_option', `${what}: unknown option "${key}". The options are ${known.join(', ')}.`);
    }
  }
  return options;
}

/** An asset named by an `Asset` or `Asset.ref`, checked against what the file may refer to. */
export function readAssetName(value: WireValue, what: string, assets: AssetScope, problems: Problems): DatasetId | null {
  const name = marker(value, WIRE.asset) ?? marker(value, WIRE.assetRef);
  if (typeof name !== 'string') {
    const hint = typeof value === 'string' ? ` Write new Asset({ name: ${JSON.stringify(value)} }) or Asset.ref({ name: ${JSON.stringify(value)} }).` : '';
    problems.add('error', 'invalid_option', `${what} takes assets, not ${shown(value)}.${hint}`);
    return null;
  }
  if (!assets.has(name)) {
    problems.add('error', 'unknown_asset', `${what}: unknown asset "${name}": no new Asset({ name: "${name}" }) in this file, and the playground has none of that name.`);
    return null;
  }
  return datasetId(name);
}

/** `null` (run when triggered), an asset, `and(...)` / `or(...)` nested, or a list (all of them, as in Airflow). */
export function readSchedule(value: WireValue | undefined, assets: AssetScope, problems: Problems): Schedule | null {
  if (value === undefined || value === null) return { type: 'manual' };
  if (typeof value === 'string') {
    problems.add(
      'error',
      'invalid_option',
      `schedule ${JSON.stringify(value)}: the playground has no clock schedules (cron, @daily); use null (run when triggered) or assets: an Asset, and(a, b), or(a, b).`,
    );
    return null;
  }
  const condition = readCondition(value, assets, problems, 0);
  return condition ? { type: 'datasets', condition } : null;
}

function readCondition(value: WireValue, assets: AssetScope, problems: Problems, depth: number): DatasetCondition | null {
  if (depth > 16) {
    problems.add('error', 'invalid_option', 'schedule: conditions nested more than 16 deep.');
    return null;
  }
  const all = Array.isArray(value) ? value : marker(value, WIRE.all);
  const any = marker(value, WIRE.any);
  const group = all ?? any;
  if (group !== undefined) {
    if (!Array.isArray(group) || group.length === 0) {
      problems.add('error', 'invalid_option', `schedule: ${any !== undefined ? 'or' : 'and'}(...) needs at least one asset.`);
      return null;
    }
    const parts = group.map((part) => readCondition(part, assets, problems, depth + 1));
    if (parts.some((p) => p === null)) return null;
    const conditions = parts as DatasetCondition[];
    return all !== undefined ? allOf(...conditions) : anyOf(...conditions);
  }
  const id = readAssetName(value, 'schedule', assets, problems);
  return id ? onDataset(id) : null;
}

const PARAM_KEYS = ['type', 'default', 'minimum', 'maximum', 'enum', 'description'];

/** Airflow's params: a spec `{ type, default, minimum?, maximum?, enum?, description? }` or a plain default. */
export function readParams(value: WireValue | undefined, problems: Problems): Record<string, ParamSpec> | undefined {
  if (value === undefined) return undefined;
  if (!isWireObject(value) || marker(value, WIRE.unsupported) !== undefined) {
    problems.add('error', 'invalid_option', `params takes an object of name → spec, not ${shown(value)}.`);
    return undefined;
  }
  const params: Record<string, ParamSpec> = {};
  for (const [name, raw] of Object.entries(value)) {
    if (typeof raw === 'number') params[name] = { type: 'number', default: raw };
    else if (typeof raw === 'string') params[name] = { type: 'string', default: raw };
    else if (typeof raw === 'boolean') params[name] = { type: 'boolean', default: raw };
    else if (isWireObject(raw) && typeof raw['type'] === 'string') {
      const spec = checkKeys(raw, PARAM_KEYS, [], `param "${name}"`, problems);
      const type = spec['type'];
      if (type !== 'number' && type !== 'integer' && type !== 'string' && type !== 'boolean') {
        problems.add('error', 'invalid_option', `param "${name}": type must be "number", "integer", "string" or "boolean", not ${shown(type)}.`);
        continue;
      }
      const description = typeof spec['description'] === 'string' ? { description: spec['description'] } : {};
      if (type === 'string') {
        const enumValues = spec['enum'];
        if (enumValues !== undefined && !(Array.isArray(enumValues) && enumValues.every((v) => typeof v === 'string'))) {
          problems.add('error', 'invalid_option', `param "${name}": enum must be a list of texts.`);
        }
        params[name] = {
          type,
          default: spec['default'] as string,
          ...(Array.isArray(enumValues) ? { enum: enumValues as string[] } : {}),
          ...description,
        };
      } else if (type === 'boolean') {
        params[name] = { type, default: spec['default'] as boolean, ...description };
      } else {
        const bounds: { minimum?: number; maximum?: number } = {};
        for (const key of ['minimum', 'maximum'] as const) {
          const bound = spec[key];
          if (bound === undefined) continue;
          if (typeof bound === 'number') bounds[key] = bound;
          else problems.add('error', 'invalid_option', `param "${name}": ${key} must be a number, not ${shown(bound)}.`);
        }
        params[name] = { type, default: spec['default'] as number, ...bounds, ...description };
      }
    } else {
      problems.add('error', 'invalid_option', `param "${name}": give a default value or a spec { type, default, … }, not ${shown(raw)}.`);
    }
  }
  return params;
}

const LEVELS: readonly NotificationLevel[] = ['info', 'success', 'warning', 'error'];

function readCallback(value: WireValue, what: string, problems: Problems): CallbackSpec | null {
  const spec = checkKeys(value, ['notify', 'message'], [], what, problems);
  const notify = spec['notify'];
  if (typeof notify !== 'string' || !LEVELS.includes(notify as NotificationLevel)) {
    problems.add('error', 'invalid_option', `${what}: notify must be one of ${LEVELS.join(', ')}, not ${shown(notify)}.`);
    return null;
  }
  const message = spec['message'];
  if (message !== undefined && typeof message !== 'string') {
    problems.add('error', 'invalid_option', `${what}: message must be text (it may use {dag}, {task}, {run}, {try}, {error}).`);
    return null;
  }
  return { notify: notify as NotificationLevel, ...(message === undefined ? {} : { message }) };
}

/** Callbacks as data: `{ onFailure: { notify: 'error', message: 'Run {run} failed.' } }` → a notification. */
export function readCallbacks<K extends string>(value: WireValue | undefined, kinds: readonly K[], problems: Problems): Partial<Record<K, CallbackSpec>> | undefined {
  if (value === undefined) return undefined;
  const spec = checkKeys(value, kinds, [], 'callbacks', problems);
  const out: Partial<Record<K, CallbackSpec>> = {};
  for (const kind of kinds) {
    const raw = spec[kind];
    if (raw === undefined) continue;
    const callback = readCallback(raw, `callbacks.${kind}`, problems);
    if (callback) out[kind] = callback;
  }
  return out;
}

export const DAG_CALLBACKS: readonly (keyof DagCallbacks)[] = ['onSuccess', 'onFailure'];
export const TASK_CALLBACKS: readonly (keyof TaskCallbacks)[] = ['onExecute', 'onSuccess', 'onFailure', 'onRetry'];

/** A duration option in ms, or undefined (absent or refused). */
export function readDuration(value: WireValue | undefined, name: string, problems: Problems): number | undefined {
  if (value === undefined) return undefined;
  const parsed = parseDuration(value);
  if (parsed.ok) return parsed.ms;
  problems.add('error', 'invalid_option', `${name}: ${parsed.message}.`);
  return undefined;
}

export function readNumber(value: WireValue | undefined, name: string, problems: Problems): number | undefined {
  if (value === undefined || typeof value === 'number') return value;
  problems.add('error', 'invalid_option', `${name} must be a number, not ${shown(value)}.`);
  return undefined;
}

export function readText(value: WireValue | undefined, name: string, problems: Problems): string | undefined {
  if (value === undefined || typeof value === 'string') return value;
  problems.add('error', 'invalid_option', `${name} must be text, not ${shown(value)}.`);
  return undefined;
}

export function readTriggerRule(value: WireValue | undefined, problems: Problems): TriggerRule | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string' && TRIGGER_RULES.includes(value as TriggerRule)) return value as TriggerRule;
  problems.add('error', 'invalid_option', `triggerRule must be one of ${TRIGGER_RULES.join(', ')}, not ${shown(value)}.`);
  return undefined;
}

/** Airflow 3 takes a multiplier (0 = off); the playground's backoff doubles, so `true`, `false`, 0 and 2 are read. */
export function readBackoff(value: WireValue | undefined, problems: Problems): boolean | undefined {
  if (value === undefined || typeof value === 'boolean') return value;
  if (value === 0 || value === 2) return value === 2;
  problems.add('error', 'invalid_option', `retryExponentialBackoff must be true or false (or Airflow's 0 / 2), not ${shown(value)}.`);
  return undefined;
}
