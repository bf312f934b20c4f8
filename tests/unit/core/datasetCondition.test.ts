import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  allOf,
  anyOf,
  ConditionSyntaxError,
  conditionText,
  datasetsIn,
  isSatisfied,
  onDataset,
  parseCondition,
  type DatasetCondition,
} from '../../../src/core/datasetCondition';
import { datasetId, type DatasetId } from '../../../src/core/ids';

const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((id) => onDataset(datasetId(id))) as [
  DatasetCondition,
  DatasetCondition,
  DatasetCondition,
  DatasetCondition,
];

const updated = (...ids: string[]) => (id: DatasetId) => ids.includes(id);

describe('isSatisfied', () => {
  it('a single dataset holds once it was updated', () => {
    expect(isSatisfied(a, updated())).toBe(false);
    expect(isSatisfied(a, updated('b'))).toBe(false);
    expect(isSatisfied(a, updated('a'))).toBe(true);
  });

  it('a & b needs both', () => {
    const cond = allOf(a, b);
    expect(isSatisfied(cond, updated('a'))).toBe(false);
    expect(isSatisfied(cond, updated('b'))).toBe(false);
    expect(isSatisfied(cond, updated('a', 'b'))).toBe(true);
  });

  it('a | b needs either', () => {
    const cond = anyOf(a, b);
    expect(isSatisfied(cond, updated())).toBe(false);
    expect(isSatisfied(cond, updated('a'))).toBe(true);
    expect(isSatisfied(cond, updated('b'))).toBe(true);
    expect(isSatisfied(cond, updated('c'))).toBe(false);
  });

  it('(a | b) & c needs c and one of a, b', () => {
    const cond = allOf(anyOf(a, b), c);
    const cases: [string[], boolean][] = [
      [[], false],
      [['a'], false],
      [['c'], false],
      [['a', 'b'], false],
      [['a', 'c'], true],
      [['b', 'c'], true],
      [['a', 'b', 'c'], true],
    ];
    for (const [ids, expected] of cases) expect(isSatisfied(cond, updated(...ids)), ids.join(',')).toBe(expected);
  });

  it('asks only about datasets the condition names', () => {
    const asked = new Set<string>();
    isSatisfied(allOf(anyOf(a, b), c), (id) => {
      asked.add(id);
      return true;
    });
    for (const id of asked) expect(['a', 'b', 'c']).toContain(id);
  });
});

describe('datasetsIn', () => {
  it('lists every dataset once, in order of first mention', () => {
    expect(datasetsIn(a)).toEqual(['a']);
    expect(datasetsIn(allOf(anyOf(c, a), anyOf(a, b), c))).toEqual(['c', 'a', 'b']);
  });

  it('is empty for an empty all/any', () => {
    expect(datasetsIn(allOf())).toEqual([]);
    expect(datasetsIn(anyOf())).toEqual([]);
  });
});

describe('conditionText', () => {
  it('writes Airflow notation, parenthesising nested groups only', () => {
    expect(conditionText(a)).toBe('a');
    expect(conditionText(allOf(a, b))).toBe('a & b');
    expect(conditionText(anyOf(a, b))).toBe('a | b');
    expect(conditionText(allOf(anyOf(a, b), c))).toBe('(a | b) & c');
    expect(conditionText(anyOf(a, allOf(b, c)))).toBe('a | (b & c)');
    expect(conditionText(allOf(a, anyOf(b, allOf(c, d))))).toBe('a & (b | (c & d))');
  });

  it('does not parenthesise a nested group of one', () => {
    expect(conditionText(allOf(anyOf(a), b))).toBe('a & b');
  });
});

describe('parseCondition', () => {
  it('parses single names, & and |', () => {
    expect(parseCondition('a')).toEqual(a);
    expect(parseCondition('a & b')).toEqual(allOf(a, b));
    expect(parseCondition('a | b | c')).toEqual(anyOf(a, b, c));
    expect(parseCondition('(a | b) & c')).toEqual(allOf(anyOf(a, b), c));
  });

  it('binds & tighter than |', () => {
    expect(parseCondition('a | b & c')).toEqual(anyOf(a, allOf(b, c)));
    expect(parseCondition('a & b | c')).toEqual(anyOf(allOf(a, b), c));
    expect(parseCondition('a & b | c & d')).toEqual(anyOf(allOf(a, b), allOf(c, d)));
    // And so `a | b & c` holds with a alone, `(a | b) & c` does not.
    expect(isSatisfied(parseCondition('a | b & c'), updated('a'))).toBe(true);
    expect(isSatisfied(parseCondition('(a | b) & c'), updated('a'))).toBe(false);
  });

  it('ignores whitespace and keeps dataset names with dots, dashes and slashes', () => {
    expect(parseCondition('  a&b  ')).toEqual(allOf(a, b));
    expect(parseCondition('s3://bucket/raw.csv | built-features_v2')).toEqual(
      anyOf(onDataset(datasetId('s3://bucket/raw.csv')), onDataset(datasetId('built-features_v2'))),
    );
  });

  it('round-trips conditionText for hand-written conditions', () => {
    const conditions = [a, allOf(a, b), anyOf(a, b), allOf(anyOf(a, b), c), anyOf(a, allOf(b, c)), allOf(a, anyOf(b, allOf(c, d)))];
    for (const cond of conditions) {
      expect(parseCondition(conditionText(cond))).toEqual(cond);
      expect(conditionText(parseCondition(conditionText(cond)))).toBe(conditionText(cond));
    }
  });

  it('round-trips conditionText for random conditions (groups of two or more)', () => {
    const leaf = fc.constantFrom('a', 'b', 'c', 'd', 'raw_housing', 'built.features').map((id) => onDataset(datasetId(id)));
    const { cond } = fc.letrec<{ cond: DatasetCondition }>((tie) => ({
      cond: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        leaf,
        fc.array(tie('cond'), { minLength: 2, maxLength: 3 }).map((of) => allOf(...of)),
        fc.array(tie('cond'), { minLength: 2, maxLength: 3 }).map((of) => anyOf(...of)),
      ),
    }));
    fc.assert(
      fc.property(cond, fc.subarray(['a', 'b', 'c', 'd', 'raw_housing', 'built.features']), (condition, ids) => {
        const parsed = parseCondition(conditionText(condition));
        expect(parsed).toEqual(condition);
        expect(isSatisfied(parsed, updated(...ids))).toBe(isSatisfied(condition, updated(...ids)));
      }),
      { seed: 42, numRuns: 200 },
    );
  });

  it.each([
    ['', 'Expected an asset name at token 1'],
    ['a &', 'Expected an asset name at token 3'],
    ['a & | b', 'Unexpected "|" at token 3'],
    ['(a | b', 'Expected ")" at token 5'],
    ['a b', 'Unexpected "b" at token 2'],
    [')', 'Unexpected ")" at token 1'],
    ['a | (b & c))', 'Unexpected ")" at token 8'],
  ])('rejects %j, naming the position: %s', (text, message) => {
    let thrown: unknown;
    try {
      parseCondition(text);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConditionSyntaxError);
    expect((thrown as Error).name).toBe('ConditionSyntaxError');
    expect((thrown as Error).message).toContain(message);
    expect((thrown as Error).message).toContain(JSON.stringify(text));
  });
});
