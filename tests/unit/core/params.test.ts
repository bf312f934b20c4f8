import { describe, expect, it } from 'vitest';
import type { JsonValue } from '../../../src/core/json';
import { validateParams, type ParamSpec } from '../../../src/core/params';

const SPECS: Record<string, ParamSpec> = {
  epochs: { type: 'integer', default: 30, minimum: 1, maximum: 500 },
  learning_rate: { type: 'number', default: 0.05, minimum: 0.0001, maximum: 1 },
  model: { type: 'string', default: 'linear', enum: ['linear', 'mlp'] },
  label: { type: 'string', default: 'run' },
  verbose: { type: 'boolean', default: false },
};

function errorsFor(given: Record<string, JsonValue>, specs: Record<string, ParamSpec> | 'none' = SPECS): readonly string[] {
  const result = validateParams(specs === 'none' ? undefined : specs, given);
  if (result.ok) throw new Error(`expected errors for ${JSON.stringify(given)}`);
  return result.errors;
}

describe('validateParams: defaults', () => {
  it('fills every declared param with its default when nothing is given', () => {
    expect(validateParams(SPECS, {})).toEqual({
      ok: true,
      values: { epochs: 30, learning_rate: 0.05, model: 'linear', label: 'run', verbose: false },
    });
  });

  it('keeps given values and fills the rest', () => {
    expect(validateParams(SPECS, { epochs: 5, model: 'mlp', verbose: true })).toEqual({
      ok: true,
      values: { epochs: 5, learning_rate: 0.05, model: 'mlp', label: 'run', verbose: true },
    });
  });

  it('accepts nothing for a DAG without params', () => {
    expect(validateParams(undefined, {})).toEqual({ ok: true, values: {} });
    expect(validateParams({}, {})).toEqual({ ok: true, values: {} });
  });

  it('accepts the bounds themselves', () => {
    expect(validateParams(SPECS, { epochs: 1, learning_rate: 1 }).ok).toBe(true);
    expect(validateParams(SPECS, { epochs: 500, learning_rate: 0.0001 }).ok).toBe(true);
  });
});

describe('validateParams: errors name the param', () => {
  it.each<[string, Record<string, JsonValue>, RegExp]>([
    ['a number param given text', { learning_rate: 'fast' }, /Param "learning_rate" must be a number, got "fast"/],
    ['an integer param given text', { epochs: '10' }, /Param "epochs" must be a number, got "10"/],
    ['an integer param given a fraction', { epochs: 2.5 }, /Param "epochs" must be a whole number, got 2.5/],
    ['a number below its minimum', { learning_rate: 0 }, /Param "learning_rate" must be ≥ 0.0001, got 0/],
    ['an integer above its maximum', { epochs: 501 }, /Param "epochs" must be ≤ 500, got 501/],
    ['an integer below its minimum', { epochs: 0 }, /Param "epochs" must be ≥ 1, got 0/],
    ['a value outside its enum', { model: 'forest' }, /Param "model" must be one of linear, mlp, got "forest"/],
    ['a string param given a number', { label: 3 }, /Param "label" must be text, got 3/],
    ['a boolean param given text', { verbose: 'yes' }, /Param "verbose" must be true or false, got "yes"/],
    ['a number param given null', { learning_rate: null }, /Param "learning_rate" must be a number, got null/],
  ])('%s', (_, given, message) => {
    const errors = errorsFor(given);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(message);
  });

  it('reports every bad param at once, each by name', () => {
    const errors = errorsFor({ epochs: 0, model: 'forest', verbose: 1 });
    expect(errors).toHaveLength(3);
    expect(errors.some((e) => e.includes('"epochs"'))).toBe(true);
    expect(errors.some((e) => e.includes('"model"'))).toBe(true);
    expect(errors.some((e) => e.includes('"verbose"'))).toBe(true);
  });

  it('checks defaults too (a DAG with a bad default cannot be triggered without overriding it)', () => {
    const errors = errorsFor({}, { n: { type: 'integer', default: 0, minimum: 1 } });
    expect(errors).toEqual([expect.stringMatching(/Param "n" must be ≥ 1, got 0/)]);
    expect(validateParams({ n: { type: 'integer', default: 0, minimum: 1 } }, { n: 3 })).toEqual({ ok: true, values: { n: 3 } });
  });
});

describe('validateParams: unknown params', () => {
  it('rejects a param the DAG does not declare, listing the declared ones', () => {
    const errors = errorsFor({ epoch: 10 });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/Unknown param "epoch"/);
    expect(errors[0]).toContain('epochs, learning_rate, model, label, verbose');
  });

  it('rejects any param for a DAG that declares none', () => {
    expect(errorsFor({ lr: 0.1 }, 'none')).toEqual([expect.stringMatching(/Unknown param "lr".*declares none/)]);
    expect(errorsFor({ lr: 0.1 }, {})).toEqual([expect.stringMatching(/Unknown param "lr".*declares none/)]);
  });

  it('treats names of Object.prototype members like any other unknown name', () => {
    for (const name of ['constructor', 'toString', 'hasOwnProperty']) {
      expect(errorsFor({ [name]: 1 })).toEqual([expect.stringMatching(new RegExp(`Unknown param "${name}"`))]);
    }
  });

  it('uses the default when a declared param named like an Object.prototype member is not given', () => {
    const specs: Record<string, ParamSpec> = { valueOf: { type: 'integer' as const, default: 3 } };
    expect(validateParams(specs, {})).toEqual({ ok: true, values: { valueOf: 3 } });
  });

  it('reports unknown and invalid params together', () => {
    const errors = errorsFor({ nope: 1, epochs: -1 });
    expect(errors).toHaveLength(2);
    expect(errors.join(' ')).toMatch(/"nope"/);
    expect(errors.join(' ')).toMatch(/"epochs"/);
  });
});
