import { it, expect } from 'vitest';
import { authoredTask, createTaskSandboxPool } from '../../../src/authoring/authoredTask';
import { makeTable } from '../../../src/core/columns';
import { fakeTry } from './fakeTaskContext';

it('runs', async () => {
  const pool = createTaskSandboxPool();
  const text = `import { Dag, Asset, getContext } from 'apache-airflow-ts-sdk';
const raw = new Asset({ name: 'raw' });
const out = new Asset({ name: 'out' });
const dag = new Dag('authored');
const a = dag.task('a', async () => 21);
const b = dag.task('b', async ({ n }: { n: number }) => {
  const ctx = getContext() as any;
  console.log('n is', n, ctx.params.k);
  const t = await ctx.readAsset(raw);
  const x = t.columns.x;
  const y = new Float32Array(x.length);
  for (let i = 0; i < x.length; i++) y[i] = x[i] * 2;
  await ctx.writeAsset(out, { columns: { y } });
  await ctx.sleep('10ms');
  return { doubled: n * 2, rows: t.rowCount };
}, { outlets: [out] });
b({ n: a() });
`;
  const fake = fakeTry({ task: 'b', upstream: { a: 21 }, params: { k: 'v' }, assets: { raw: makeTable({ x: Float32Array.of(1, 2, 3.5) }) } });
  const t0 = performance.now();
  const value = await authoredTask({ source: { fileName: 'f.ts', text }, outlets: ['out' as never] }, { pool })(fake.context);
  console.log(performance.now() - t0, value, fake.logs, [...fake.written.entries()]);
  expect(value).toEqual({ doubled: 42, rows: 3 });
});
