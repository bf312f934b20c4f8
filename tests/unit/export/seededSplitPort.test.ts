import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { seededPermutation, seededRandom } from '../../../src/core/random';
import { parseAirflowVersion } from '../../../src/export/airflow/flavour';
import { splitRows } from '../../../src/pipelines/ml/split';

/**
 * The export's Python port of the seeded generator and split (src/export/airflow/py/seeded_split.py) against the
 * TypeScript it ports. `npm run test:export` compares the exported modules' split for more seeds and sizes; this is
 * the fast check of the port itself.
 */
function python(program: string): unknown {
  const source = `import json, math\n${readFileSync('src/export/airflow/py/seeded_split.py', 'utf8')}\n${program}`;
  const result = spawnSync('python3', ['-c', source], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(result.stderr);
  return JSON.parse(result.stdout);
}

describe('the Python port of the seeded split', () => {
  it('draws the same numbers as mulberry32 for any 32-bit seed', () => {
    const seeds = [0, 1, 42, 0x7fffffff, 0x80000000, 0xffffffff];
    const expected = seeds.map((seed) => {
      const random = seededRandom(seed);
      return Array.from({ length: 50 }, () => random());
    });
    expect(python(`r = [_mulberry32(s) for s in ${JSON.stringify(seeds)}]\nprint(json.dumps([[g() for _ in range(50)] for g in r]))`)).toEqual(expected);
  });

  it('shuffles and splits the same rows, halves rounded up as Math.round does (n = 10, 30, 50)', () => {
    const cases = [10, 30, 50, 70, 101, 997].flatMap((n) => [0, 7, 42].map((seed) => ({ n, seed })));
    const expected = cases.map(({ n, seed }) => {
      const split = splitRows(n, seed);
      return { order: Array.from(seededPermutation(n, seededRandom(seed))), train: Array.from(split.train), validation: Array.from(split.validation), test: Array.from(split.test), codes: Array.from(split.codes) };
    });
    const program = `out = []
for case in ${JSON.stringify(cases)}:
    split = _split_rows(case["n"], case["seed"])
    out.append({"order": _seeded_permutation(case["n"], _mulberry32(case["seed"])), "train": split["train"], "validation": split["validation"], "test": split["test"], "codes": split["codes"]})
print(json.dumps(out))`;
    expect(python(program)).toEqual(expected);
  });

  it('refuses too few rows with the browser\'s message', () => {
    expect(() => splitRows(3, 1)).toThrow('3 rows are too few to split into train, validation and test sets.');
    expect(python(`try:\n    _split_rows(3, 1)\nexcept ValueError as e:\n    print(json.dumps(str(e)))`)).toBe('3 rows are too few to split into train, validation and test sets.');
  });
});

describe('parseAirflowVersion', () => {
  it('reads 3 and 2 and refuses anything else with what it expects', () => {
    expect(parseAirflowVersion('3')).toBe(3);
    expect(parseAirflowVersion('2')).toBe(2);
    expect(() => parseAirflowVersion('2.10')).toThrow('The Airflow version must be 3 (the default: Airflow 3.2+) or 2 (Airflow 2.9-2.10), got "2.10".');
  });
});
