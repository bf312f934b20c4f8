import type { DatasetId } from './ids';
import { assertNever } from './states';
import { quoted } from './displayText';

/**
 * A dataset schedule as Airflow 2.9 writes it: `Dataset("a") & (Dataset("b") | Dataset("c"))`. A DAG runs once the
 * condition holds over the datasets that have a new event since its previous run.
 */
export type DatasetCondition =
  | { readonly type: 'dataset'; readonly id: DatasetId }
  | { readonly type: 'all'; readonly of: readonly DatasetCondition[] }
  | { readonly type: 'any'; readonly of: readonly DatasetCondition[] };

export const onDataset = (id: DatasetId): DatasetCondition => ({ type: 'dataset', id });
export const allOf = (...of: DatasetCondition[]): DatasetCondition => ({ type: 'all', of });
export const anyOf = (...of: DatasetCondition[]): DatasetCondition => ({ type: 'any', of });

/** Every dataset named in the condition, in order, once. */
export function datasetsIn(condition: DatasetCondition): DatasetId[] {
  const out: DatasetId[] = [];
  const visit = (c: DatasetCondition): void => {
    switch (c.type) {
      case 'dataset':
        if (!out.includes(c.id)) out.push(c.id);
        break;
      case 'all':
      case 'any':
        c.of.forEach(visit);
        break;
      default:
        assertNever(c, 'dataset condition');
    }
  };
  visit(condition);
  return out;
}

export function isSatisfied(condition: DatasetCondition, updated: (id: DatasetId) => boolean): boolean {
  switch (condition.type) {
    case 'dataset':
      return updated(condition.id);
    case 'all':
      return condition.of.every((c) => isSatisfied(c, updated));
    case 'any':
      return condition.of.some((c) => isSatisfied(c, updated));
    default:
      return assertNever(condition, 'dataset condition');
  }
}

/** `built_features & raw_housing`, `a | b`, `(a | b) & c`: the notation of Airflow's conditional schedules. */
export function conditionText(condition: DatasetCondition, nested = false): string {
  switch (condition.type) {
    case 'dataset':
      return condition.id;
    case 'all':
    case 'any': {
      const text = condition.of.map((c) => conditionText(c, true)).join(condition.type === 'all' ? ' & ' : ' | ');
      return nested && condition.of.length > 1 ? `(${text})` : text;
    }
    default:
      return assertNever(condition, 'dataset condition');
  }
}

export class ConditionSyntaxError extends Error {
  override name = 'ConditionSyntaxError';
}

/** Parses the notation of `conditionText` (`&` binds tighter than `|`, parentheses group). */
export function parseCondition(text: string): DatasetCondition {
  const tokens = text.match(/[()&|]|[^\s()&|]+/g) ?? [];
  let pos = 0;
  const fail = (what: string): never => {
    throw new ConditionSyntaxError(`${what} at token ${pos + 1} of ${quoted(text)}.`);
  };
  const primary = (): DatasetCondition => {
    const token = tokens[pos];
    if (token === undefined) return fail('Expected a dataset name');
    if (token === '(') {
      pos++;
      const inner = orExpr();
      if (tokens[pos] !== ')') fail('Expected ")"');
      pos++;
      return inner;
    }
    if (token === ')' || token === '&' || token === '|') return fail(`Unexpected ${quoted(token)}`);
    pos++;
    return onDataset(token as DatasetId);
  };
  const andExpr = (): DatasetCondition => {
    const parts = [primary()];
    while (tokens[pos] === '&') {
      pos++;
      parts.push(primary());
    }
    return parts.length === 1 ? parts[0]! : allOf(...parts);
  };
  const orExpr = (): DatasetCondition => {
    const parts = [andExpr()];
    while (tokens[pos] === '|') {
      pos++;
      parts.push(andExpr());
    }
    return parts.length === 1 ? parts[0]! : anyOf(...parts);
  };
  const result = orExpr();
  if (pos < tokens.length) fail(`Unexpected ${quoted(tokens[pos]!)}`);
  return result;
}
