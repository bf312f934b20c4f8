import type { JsonValue } from './json';
import { displayText, listText, quoted } from './displayText';

/** A DAG param as Airflow's `Param(default, type=..., minimum=..., maximum=..., enum=...)` declares it. */
export type ParamSpec =
  | {
      readonly type: 'number' | 'integer';
      readonly default: number;
      readonly minimum?: number;
      readonly maximum?: number;
      readonly description?: string;
    }
  | {
      readonly type: 'string';
      readonly default: string;
      readonly enum?: readonly string[];
      readonly description?: string;
    }
  | { readonly type: 'boolean'; readonly default: boolean; readonly description?: string };

export type ParamsResult =
  | { readonly ok: true; readonly values: Readonly<Record<string, JsonValue>> }
  | { readonly ok: false; readonly errors: readonly string[] };

/** Fills defaults and checks every given value against its declaration; each error names the param. */
export function validateParams(
  specs: Readonly<Record<string, ParamSpec>> | undefined,
  given: Readonly<Record<string, JsonValue>>,
): ParamsResult {
  const declared = specs ?? {};
  const errors: string[] = [];
  // Filled by name; a param may be called `__proto__` or `constructor` (own properties only, see ownKeys.ts).
  const values: [string, JsonValue][] = [];
  for (const key of Object.keys(given)) {
    if (!Object.hasOwn(declared, key)) {
      const known = Object.keys(declared);
      errors.push(`Unknown param ${quoted(key)}${known.length ? `; this DAG declares ${listText(known)}` : '; this DAG declares none'}.`);
    }
  }
  for (const [name, spec] of Object.entries(declared)) {
    const value = Object.hasOwn(given, name) ? given[name]! : spec.default;
    const error = checkParam(name, spec, value);
    if (error) errors.push(error);
    else values.push([name, value]);
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, values: Object.fromEntries(values) };
}

function checkParam(name: string, spec: ParamSpec, value: JsonValue): string | null {
  switch (spec.type) {
    case 'number':
    case 'integer': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return `Param ${quoted(name)} must be a number, got ${show(value)}.`;
      if (spec.type === 'integer' && !Number.isInteger(value)) return `Param ${quoted(name)} must be a whole number, got ${value}.`;
      if (spec.minimum !== undefined && value < spec.minimum) return `Param ${quoted(name)} must be ≥ ${spec.minimum}, got ${value}.`;
      if (spec.maximum !== undefined && value > spec.maximum) return `Param ${quoted(name)} must be ≤ ${spec.maximum}, got ${value}.`;
      return null;
    }
    case 'string':
      if (typeof value !== 'string') return `Param ${quoted(name)} must be text, got ${show(value)}.`;
      if (spec.enum && !spec.enum.includes(value)) return `Param ${quoted(name)} must be one of ${listText(spec.enum)}, got ${quoted(value)}.`;
      return null;
    case 'boolean':
      return typeof value === 'boolean' ? null : `Param ${quoted(name)} must be true or false, got ${show(value)}.`;
  }
}

const show = (value: JsonValue) => displayText(JSON.stringify(value));
