import type { JsonValue } from '../../core/json';
import type { ParamSpec } from '../../core/params';
import { quoted } from '../../core/displayText';

/** What a form field holds: the text of a number or string input, or a checkbox's state. */
export type FieldValue = string | boolean;

/** The fields as the form first shows them: each param's default. */
export function defaultFields(specs: Readonly<Record<string, ParamSpec>>): Record<string, FieldValue> {
  const fields: Record<string, FieldValue> = {};
  for (const [name, spec] of Object.entries(specs)) {
    fields[name] = spec.type === 'string' || spec.type === 'boolean' ? spec.default : String(spec.default);
  }
  return fields;
}

export type FieldsResult =
  | { readonly ok: true; readonly values: Record<string, JsonValue> }
  | { readonly ok: false; readonly errors: readonly string[] };

/**
 * Turns the form's fields into param values. Only what the form itself must decide is checked here — a number field
 * that is empty or is not a number (Number('') is 0 and Number('x') is NaN, neither of which the person typed) —
 * ranges, whole numbers and enums are left to the trigger's own validation, so there is one source of those rules.
 */
export function fieldsToParams(specs: Readonly<Record<string, ParamSpec>>, fields: Readonly<Record<string, FieldValue>>): FieldsResult {
  const values: Record<string, JsonValue> = {};
  const errors: string[] = [];
  for (const [name, spec] of Object.entries(specs)) {
    const field = fields[name] ?? defaultFields({ [name]: spec })[name]!;
    if (spec.type === 'number' || spec.type === 'integer') {
      const text = String(field).trim();
      const value = Number(text);
      if (text === '') errors.push(`Param ${quoted(name)} needs a number.`);
      else if (!Number.isFinite(value)) errors.push(`Param ${quoted(name)} must be a number, got ${quoted(text)}.`);
      else values[name] = value;
    } else if (spec.type === 'boolean') {
      values[name] = field === true;
    } else {
      values[name] = String(field);
    }
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, values };
}
