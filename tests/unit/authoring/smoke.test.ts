import { describe, expect, it } from 'vitest';
import { createDagFilePool, readDagFile } from '../../../src/authoring/readDagFile';

describe('smoke', () => {
  it('reads a file', async () => {
    const pool = createDagFilePool();
    const source = `import { Dag, Asset, and } from 'apache-airflow-ts-sdk';
const a = new Asset({ name: 'a' });
const dag = new Dag('hello', { schedule: null, maxActiveRuns: 2 });
const extract = dag.task('extract', async (): Promise<number> => 42, { retries: 2, retryDelay: '2s' });
const load = dag.task('load', async ({ rows }: { rows: number }) => {
  console.log(rows);
}, { outlets: [a] });
load({ rows: extract() });
console.log('read');
`;
    const result = await readDagFile(pool, source);
    console.log(JSON.stringify(result, null, 1));
    const bad = await readDagFile(pool, `const d = new Dag('x');\nconst t = d.task('a', async () => 1);\nfoo.bar;\n`);
    console.log(JSON.stringify(bad.diagnostics));
    const loop = await readDagFile(pool, `const d = new Dag('x');\nwhile (true) {}\n`);
    console.log(JSON.stringify(loop.diagnostics));
    expect(result.ok).toBe(true);
  });
});
