import { describe, expect, it } from 'vitest';
import { createDagFilePool, MAX_DAG_FILE_BYTES, readDagFile, type ReadDagFileOptions } from '../../../src/authoring/readDagFile';
import { HOUSING_DATASETS } from '../../../src/pipelines/housing/datasets';

const pool = createDagFilePool();

/** Every diagnostic as `severity code line:column message`, the form a person reads them in. */
async function problems(text: string, options: ReadDagFileOptions = {}): Promise<string[]> {
  const result = await readDagFile(pool, text, { knownAssets: HOUSING_DATASETS, ...options });
  expect(result.ok).toBe(!result.diagnostics.some((d) => d.severity === 'error'));
  return result.diagnostics.map((d) => `${d.severity} ${d.code} ${d.line}:${d.column} ${d.message}`);
}

describe('a DAG file with a problem gets a diagnostic at the line and column of the TypeScript', () => {
  it('a syntax error, after lines whose types were stripped', async () => {
    expect(await problems(`const d: Dag = new Dag('d');\nconst n: number = ;\n`)).toEqual(['error syntax 2:19 SyntaxError: Unexpected token']);
  });

  it('an exception while the file is evaluated, in the TypeScript column although types before it were removed', async () => {
    const text = `const d = new Dag('d');\nconst size: Record<string, number> = {}; const bad: { x: number } = (null as any).x;\n`;
    expect(await problems(text)).toEqual(["error exception 2:82 TypeError: cannot read property 'x' of null"]);
  });

  it('a cycle, at the edge that closes it', async () => {
    const text = `const d = new Dag('d');\nconst a = d.task('a', operators.noop);\nconst b = d.task('b', operators.noop);\na.before(b);\nb.before(a);\n`;
    expect(await problems(text)).toEqual(['error cycle 5:3 DAG "d" has a cycle: "a" → "b" → "a".']);
  });

  it('duplicate DAG ids and duplicate task ids, at the second declaration', async () => {
    expect(await problems(`new Dag('d').task('t', operators.noop);\nnew Dag('d').task('u', operators.noop);\n`)).toEqual([
      'error duplicate_id 2:5 DAG "d" is declared twice in this file (first at line 1).',
    ]);
    expect(await problems(`const d = new Dag('d');\nd.task('t', operators.noop);\nd.task('t', operators.noop);\n`)).toEqual([
      'error exception 3:3 Error: Task "t" is already declared in DAG "d".',
    ]);
  });

  it('an unknown asset in a schedule or in outlets, and an asset declared twice with two URIs', async () => {
    expect(await problems(`new Dag('d', { schedule: Asset.ref({ name: 'nowhere' }) }).task('t', operators.noop);\n`)).toEqual([
      'error unknown_asset 1:5 schedule: unknown asset "nowhere": no new Asset({ name: "nowhere" }) in this file, and the playground has none of that name.',
    ]);
    expect(await problems(`new Dag('d').task('t', operators.noop, { outlets: [Asset.ref({ name: 'built_features' }), 'raw'] });\n`)).toEqual([
      'error invalid_option 1:14 Task "t" outlets takes assets, not "raw". Write new Asset({ name: "raw" }) or Asset.ref({ name: "raw" }).',
    ]);
    expect(await problems(`new Asset({ name: 'a', uri: 'x://1' });\nnew Asset({ name: 'a', uri: 'x://2' });\nnew Dag('d').task('t', operators.noop);\n`)).toEqual([
      'error duplicate_id 2:5 Asset "a" is declared again with another uri ("x://2", before "x://1").',
    ]);
  });

  it('invalid options: unknown ones, wrong types, out of range (the scheduler\'s own rules), a clock schedule', async () => {
    const text = [
      `const d = new Dag('d', { schedule: '@daily', maxActiveRuns: 0, retries: 1 });`,
      `d.task('a', operators.noop, { triggerRule: 'sometimes', retryDelay: '2 seconds', retries: -1, outlet: [] });`,
      `d.task('b', async (ctx: unknown, x: number) => x, { callbacks: { onFailure: { notify: 'loud' } } });`,
      `d.task('c', 42 as any, { params: 1 } as any);`,
    ].join('\n');
    expect(await problems(text)).toEqual([
      'error invalid_option 1:15 new Dag("d", …): unknown option "retries". The options are schedule, params, maxActiveRuns, maxActiveTasks, callbacks, description.',
      'error invalid_option 1:15 schedule "@daily": the playground has no clock schedules (cron, @daily); use null (run when triggered) or assets: an Asset, and(a, b), or(a, b).',
      'error invalid_option 2:3 Task "a": unknown option "outlet". The options are retries, retryDelay, retryExponentialBackoff, maxRetryDelay, executionTimeout, triggerRule, outlets, pool, poolSlots, callbacks, description.',
      'error invalid_option 2:3 triggerRule must be one of all_success, all_failed, all_done, all_skipped, one_success, one_failed, one_done, none_failed, none_failed_min_one_success, none_skipped, always, not "sometimes".',
      "error invalid_option 2:3 retryDelay: cannot read \"2 seconds\" as a duration: write a number and a unit (ms, s, m, h, d), e.g. '2s', '1m30s'.",
      'error invalid_option 3:3 Task "b": its function declares 2 parameters, but a task function takes one object of named inputs — async ({ rows }) => … — and reads its context with getContext().',
      'error invalid_option 3:3 callbacks.onFailure: notify must be one of info, success, warning, error, not "loud".',
      'error invalid_option 4:3 Task "c": unknown option "params". The options are retries, retryDelay, retryExponentialBackoff, maxRetryDelay, executionTimeout, triggerRule, outlets, pool, poolSlots, callbacks, description.',
      'error invalid_option 4:3 Task "c" needs an async function or a built-in operator (operators.noop, operators.housing.extract…), not number.',
      'error graph 1:15 DAG "d": maxActiveRuns must be a whole number ≥ 1, got 0.',
      'error graph 2:3 Task "a" in DAG "d": retries must be a whole number ≥ 0, got -1.',
    ]);
  });

  it('an import of anything but the authoring API', async () => {
    expect(await problems(`import { Dag } from 'apache-airflow-ts-sdk';\nimport fs from 'node:fs';\nnew Dag('d').task('t', async () => fs.readFileSync('x'));\n`)).toEqual([
      'error import 2:16 Cannot import "node:fs": a DAG file can import only "apache-airflow-ts-sdk".',
    ]);
  });

  it('a file over 1 MB is refused before anything reads it', async () => {
    const big = `// ${'x'.repeat(MAX_DAG_FILE_BYTES)}\nnew Dag('d');\n`;
    expect(await problems(big)).toEqual([`error too_large 1:1 The file is ${(MAX_DAG_FILE_BYTES + 18).toLocaleString('en-US')} bytes; a DAG file may have at most 1,048,576 (1 MB).`]);
  });

  it('a file that never ends is interrupted at its time limit; the next file reads as usual', async () => {
    const started = Date.now();
    const result = await problems(`new Dag('d');\nlet i = 0;\nwhile (true) { i++; }\n`, { timeLimitMs: 300 });
    expect(result).toHaveLength(1);
    expect(result[0]).toMatch(/^error timeout \d+:\d+ Reading the file took longer than 300 ms \(an endless loop\?\)/);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(await problems(`new Dag('ok').task('t', operators.noop);\n`)).toEqual([]);
  });

  it('a file that eats memory is stopped at its memory limit; the next file reads as usual', async () => {
    const small = createDagFilePool(16 * 1_048_576);
    for (const hoarding of ['new ArrayBuffer(1 << 20)', "'x'.repeat(1 << 20) + hoard.length", '{ n: hoard.length, list: [1, 2, 3] }']) {
      const text = `const hoard: unknown[] = [];\nwhile (true) hoard.push(${hoarding});\n`;
      const result = await readDagFile(small, text, { timeLimitMs: 30_000 });
      // Where it was stopped is known unless QuickJS ran out of memory making the error itself.
      expect(result.diagnostics.map((d) => `${d.code} ${d.message}`), hoarding).toEqual([
        expect.stringMatching(/^memory Reading the file used more than 16 MB of memory; it was stopped( here)?\.$/),
      ]);
      expect((await readDagFile(small, `new Dag('ok').task('t', operators.noop);\n`)).ok).toBe(true);
    }
    expect(small.host.generation).toBe(3);
  }, 60_000);

  it('runaway recursion is a RangeError at its line, not a crash', async () => {
    const result = await problems(`function down(n: number): number {\n  return down(n + 1) + 1;\n}\ndown(0);\n`);
    expect(result).toEqual(['error exception 2:10 RangeError: Maximum call stack size exceeded (too much recursion).']);
    expect(await problems(`new Dag('ok').task('t', operators.noop);\n`)).toEqual([]);
  });

  it('a top-level await that never finishes, and getContext() outside a task', async () => {
    expect(await problems(`await new Promise(() => {});\n`)).toEqual([
      'error exception 1:1 The file awaits something that never finishes, so it can never be read to its end.',
    ]);
    expect(await problems(`getContext();\n`)).toEqual([
      'error exception 1:1 Error: getContext() works only while a task runs, inside its function: not while the DAG file is read.',
    ]);
  });
});
