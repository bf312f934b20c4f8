import { describe, expect, it } from 'vitest';
import { authoredTask, createTaskSandboxPool, type AuthoredTaskOptions } from '../../../src/authoring/authoredTask';
import type { AuthoredCode } from '../../../src/authoring/authoredCode';
import { makeTable } from '../../../src/core/columns';
import { datasetId } from '../../../src/core/ids';
import type { JsonValue } from '../../../src/core/json';
import { fakeTry } from './fakeTaskContext';

const pool = createTaskSandboxPool(64 * 1_048_576);

/** A DAG file with one task `t` whose function body is `body`; `outlets` names assets declared in the file. */
function file(body: string, options = '{}', preamble = ''): string {
  return `import { Asset, Dag, getContext } from 'apache-airflow-ts-sdk';
const out = new Asset({ name: 'out' });
const other = new Asset({ name: 'other' });
const source = new Asset({ name: 'source' });
${preamble}
const dag = new Dag('authored');
const up = dag.task('up', async () => 1);
const t = dag.task('t', async ({ n }: { n: number }) => {
${body}
}, ${options});
t({ n: up() });
`;
}

async function run(
  text: string,
  setup: Parameters<typeof fakeTry>[0] = { task: 't' },
  outlets: string[] = ['out'],
  options: AuthoredTaskOptions & { executionTimeoutMs?: number } = {},
) {
  const fake = fakeTry(setup);
  const code: AuthoredCode = {
    source: { fileName: 'pipeline.ts', text },
    outlets: outlets.map(datasetId),
    ...(options.executionTimeoutMs === undefined ? {} : { executionTimeoutMs: options.executionTimeoutMs }),
  };
  try {
    const value = await authoredTask(code, { pool, ...options })(fake.context);
    return { ...fake, value, error: null as Error | null };
  } catch (error) {
    return { ...fake, value: undefined, error: error as Error };
  }
}

describe('a task written in the page, run in the sandbox', () => {
  it('gets its inputs (upstream XCom), params, tryNumber and xcom(), logs to the task log and returns JSON', async () => {
    const r = await run(file(`const ctx = getContext();\nconsole.log('n', n, ctx.params.k);\nctx.log.warning('careful');\nctx.progress(3, 10, 'rows');\nreturn { n, k: ctx.params.k, up: ctx.xcom('up'), tryNumber: ctx.tryNumber, none: ctx.xcom('nobody') ?? null };`), {
      task: 't',
      upstream: { up: 41 },
      params: { k: 'v' },
      tryNumber: 3,
    });
    expect(r.error).toBeNull();
    expect(r.value).toEqual({ n: 41, k: 'v', up: 41, tryNumber: 3, none: null });
    expect(r.logs).toEqual(['info: n 41 v', 'warning: careful', 'info: Progress: 3 of 10 (30%) — rows']);
  });

  it('reads asset columns bit-exact and writes a derived column to its declared outlet, bit-exact', async () => {
    const rows = 20_640;
    const x = new Float32Array(rows).map((_, i) => Math.fround(Math.sin(i) * 1e3));
    x[0] = Number.NaN;
    x[1] = -0;
    x[2] = Number.POSITIVE_INFINITY;
    const y = new Float64Array(rows).map((_, i) => i / 7);
    const r = await run(
      file(`const ctx = getContext();
const table = await ctx.readAsset(source);
const { x, y } = table.columns;
const z = new Float64Array(table.rowCount);
for (let i = 0; i < z.length; i++) z[i] = x[i] * 2 + y[i];
await ctx.writeAsset(out, { names: ['x', 'z'], columns: { x, z } }, { note: 'derived' });
return { rows: table.rowCount, names: table.names, kinds: [x.constructor.name, y.constructor.name] };`),
      { task: 't', upstream: { up: 1 }, assets: { source: makeTable({ x, y }) } },
    );
    expect(r.error).toBeNull();
    expect(r.value).toEqual({ rows, names: ['x', 'y'], kinds: ['Float32Array', 'Float64Array'] });
    const written = r.written.get('out')!;
    expect(written.extra).toEqual({ note: 'derived' });
    expect(written.table.names).toEqual(['x', 'z']);
    const back = written.table.columns['x'] as Float32Array;
    expect(back).toBeInstanceOf(Float32Array);
    expect(Buffer.compare(new Uint8Array(back.buffer), new Uint8Array(x.buffer))).toBe(0);
    const z = written.table.columns['z'] as Float64Array;
    const expected = Float64Array.from(x, (v, i) => v * 2 + y[i]!);
    expect(Buffer.compare(new Uint8Array(z.buffer), new Uint8Array(expected.buffer))).toBe(0);
  }, 30_000);

  it('passes columns between tasks of a run with writeOutput / readOutput', async () => {
    const r = await run(file(`const ctx = getContext();\nconst t = await ctx.readOutput('up');\nawait ctx.writeOutput({ columns: { v: [t.columns.a[0]! + 1, 2.5] } });`), {
      task: 't',
      upstream: { up: 1 },
      upstreamOutputs: { up: makeTable({ a: Float32Array.of(41) }) },
    });
    expect(r.error).toBeNull();
    expect(Array.from(r.outputs[0]!.columns['v']!)).toEqual([42, 2.5]);
  });

  it('fails the try when it writes an asset it did not declare, and stores nothing', async () => {
    const r = await run(file(`await getContext().writeAsset(other, { columns: { a: [1] } });`), { task: 't', upstream: { up: 1 } }, ['out']);
    expect(r.error?.message).toBe(
      'Task "t" may write only the assets it declares as outlets (out), not "other". Add it to the task\'s outlets: { outlets: [other] }. (pipeline.ts:9:20)',
    );
    expect(r.written.size).toBe(0);
  });

  it('fails with a message naming what is not JSON in its return value', async () => {
    const cases: [string, string][] = [
      ['return new Map();', 'The return value of task "t" must be JSON (null, true/false, numbers, text, arrays, plain objects), but it is a Map.'],
      ['return { a: [1, NaN] };', 'The return value of task "t" must be JSON, but it.a[1] is NaN.'],
      ['return { when: new Date(0) };', 'The return value of task "t" must be JSON (null, true/false, numbers, text, arrays, plain objects), but it.when is a Date.'],
      [
        'return { col: new Float32Array(2) };',
        'The return value of task "t" must be JSON (null, true/false, numbers, text, arrays, plain objects), but it.col is a Float32Array. Write columns with getContext().writeAsset(asset, table) instead.',
      ],
      ['const o: any = {}; o.self = o; return o;', 'The return value of task "t" must be JSON, but it.self refers back to itself.'],
      ['return { f: () => 1 };', 'The return value of task "t" must be JSON (null, true/false, numbers, text, arrays, plain objects), but it.f is a function.'],
    ];
    for (const [body, message] of cases) {
      const r = await run(file(body), { task: 't', upstream: { up: 1 } });
      expect(r.error?.name, body).toBe('TypeError');
      expect(r.error?.message, body).toBe(message);
    }
  });

  it('reports an exception at the line and column of the TypeScript, with a mapped stack', async () => {
    const text = file(`const label: string = 'x'; const count: number = n; const bad = (null as unknown as { x: number }).x;\nreturn label + count + bad;`);
    const r = await run(text, { task: 't', upstream: { up: 1 } });
    expect(r.error?.name).toBe('TypeError');
    expect(r.error?.message).toBe("cannot read property 'x' of null (pipeline.ts:9:99)");
    expect(text.split('\n')[8]!.slice(98, 100)).toBe('.x');
    expect(r.error?.stack).toContain('at <anonymous> (pipeline.ts:9:99)');
  });

  it('stops a busy loop at its execution timeout with a clear message, and the next try runs in the same worker', async () => {
    const r = await run(file(`let i = 0;\nwhile (true) { i++; }`), { task: 't', upstream: { up: 1 } }, ['out'], { executionTimeoutMs: 500 });
    expect(r.error?.name).toBe('AirflowTaskTimeout');
    expect(r.error?.message).toMatch(/^Try 1 of "t" ran longer than its time limit of 450 ms and was stopped at line \d+, column \d+\.$/);
    const next = await run(file('return n + 1;'), { task: 't', upstream: { up: 1 } });
    expect(next.value).toBe(2);
  });

  it('stops a task that would wait forever (the default time limit), and one that awaits what never happens at once', async () => {
    const slept = await run(file(`await getContext().sleep('10s');`), { task: 't', upstream: { up: 1 } }, ['out'], { defaultTimeLimitMs: 300 });
    expect(slept.error?.name).toBe('AirflowTaskTimeout');
    expect(slept.error?.message).toBe('Try 1 of "t" ran longer than its time limit of 300 ms and was stopped.');
    const stuck = await run(file(`await new Promise(() => {});`), { task: 't', upstream: { up: 1 } });
    expect(stuck.error?.name).toBe('TaskNeverFinishes');
    expect(stuck.error?.message).toBe('"t" awaits something that will never happen, so it could never finish.');
  });

  it('fails cleanly at its memory limit, even with big typed arrays, and the worker keeps working', async () => {
    for (const body of ['const a: Float64Array[] = [];\nwhile (true) a.push(new Float64Array(1 << 17));', 'new ArrayBuffer(512 * 1024 * 1024);']) {
      const r = await run(file(body), { task: 't', upstream: { up: 1 } });
      expect(r.error?.name, body).toBe('MemoryLimitExceeded');
      expect(r.error?.message, body).toMatch(/^"t" used more than 64 MB of memory and was stopped/);
      const next = await run(file('return n * 2;'), { task: 't', upstream: { up: 1 } });
      expect(next.value).toBe(2);
    }
  });

  it('a try of a task that the file no longer declares, or a file that fails when read again, fails with the reason', async () => {
    const gone = await run(`new Dag('authored').task('other', async () => 1);\n`, { task: 't' });
    expect(gone.error?.message).toBe('The DAG file no longer declares task "t" of DAG "authored".');
    const broken = await run(`throw new Error('config missing');\n`, { task: 't' });
    expect(broken.error?.message).toBe('config missing while its DAG file was read for this try (pipeline.ts:1:11)');
  });

  it('sleeps without blocking (a host timer)', async () => {
    const r = await run(file(`const t0 = Date.now();\nawait getContext().sleep('50ms');\nreturn Date.now() - t0 >= 45;`), { task: 't', upstream: { up: 1 } });
    expect(r.value).toBe(true);
  });
});

describe('nothing of the page is reachable from a task', () => {
  it('finds no page global, no way to the host through the context, and no bridge', async () => {
    const probes: Record<string, string> = {
      fetch: 'typeof fetch',
      indexedDB: 'typeof indexedDB',
      document: 'typeof document',
      importScripts: 'typeof importScripts',
      self: 'typeof self',
      postMessage: 'typeof postMessage',
      WebAssembly: 'typeof WebAssembly',
      process: 'typeof process',
      require: 'typeof require',
      Worker: 'typeof Worker',
      XMLHttpRequest: 'typeof XMLHttpRequest',
      setTimeout: 'typeof setTimeout',
      functionThis: "Object.keys(Function('return this')()).filter((k) => !['Dag', 'Asset', 'AssetNameRef', 'AssetCondition', 'and', 'or', 'operators', 'getContext', 'console'].includes(k)).join(',') || 'only the API'",
      viaContext: "typeof (getContext() as any).constructor.constructor('return typeof fetch + typeof document')",
      contextCtor: "(getContext() as any).constructor.constructor('return typeof fetch + typeof indexedDB')()",
      methodCtor: "(getContext().xcom as any).constructor('return typeof importScripts')()",
      proto: "Object.getOwnPropertyNames(Object.getPrototypeOf(getContext())).join(',')",
      bridge: "[typeof (globalThis as any).__airflowHost, typeof (globalThis as any).__airflowInternal, typeof (globalThis as any).__airflowState].join(',')",
      frozen: "(() => { try { (getContext() as any).params.k = 'changed'; return 'changed'; } catch (e) { return String(e); } })()",
      evalInside: "eval('typeof fetch')",
    };
    const body = `return {\n${Object.entries(probes)
      .map(([key, expr]) => `  ${key}: ${expr},`)
      .join('\n')}\n};`;
    const r = await run(file(body), { task: 't', upstream: { up: 1 }, params: { k: 'v' } });
    expect(r.error).toBeNull();
    expect(r.value as Record<string, JsonValue>).toEqual({
      fetch: 'undefined',
      indexedDB: 'undefined',
      document: 'undefined',
      importScripts: 'undefined',
      self: 'undefined',
      postMessage: 'undefined',
      WebAssembly: 'undefined',
      process: 'undefined',
      require: 'undefined',
      Worker: 'undefined',
      XMLHttpRequest: 'undefined',
      setTimeout: 'undefined',
      functionThis: 'only the API',
      viaContext: 'function',
      contextCtor: 'undefinedundefined',
      methodCtor: 'undefined',
      // The context is a plain object of the sandbox: its prototype is the sandbox's Object.prototype, nothing more.
      proto: 'toString,toLocaleString,valueOf,hasOwnProperty,isPrototypeOf,propertyIsEnumerable,__proto__,__defineGetter__,__defineSetter__,__lookupGetter__,__lookupSetter__,constructor',
      bridge: 'undefined,undefined,undefined',
      frozen: "TypeError: 'k' is read-only",
      evalInside: 'undefined',
    });
  });

  it('cannot write an undeclared asset by forging one, nor reach another task\'s values', async () => {
    const forged = await run(file(`await getContext().writeAsset({ name: 'other' } as any, { columns: { a: [1] } });`), { task: 't', upstream: { up: 1 } });
    expect(forged.error?.message).toContain('may write only the assets it declares as outlets (out), not "other"');
    const ref = await run(file(`await getContext().writeAsset(Asset.ref({ name: 'other' }), { columns: { a: [1] } });`), { task: 't', upstream: { up: 1 } });
    expect(ref.error?.message).toContain('not "other"');
    expect(ref.written.size + forged.written.size).toBe(0);
  });

  it('runaway recursion fails the try as a RangeError at its line; the worker goes on', async () => {
    const r = await run(file('return n;', '{}', 'function down(k: number): number { return down(k + 1) + 1; }\ndown(0);'), { task: 't', upstream: { up: 1 } });
    expect(r.error?.name).toBe('RangeError');
    expect(r.error?.message).toBe('Maximum call stack size exceeded (too much recursion). while its DAG file was read for this try (pipeline.ts:5:43)');
    expect((await run(file('return n;'), { task: 't', upstream: { up: 1 } })).value).toBe(1);
  });
});
