import type { DagDefinition } from '../../core/dag';
import { functionText, whereInFile } from './authoredTasks';

/**
 * With `--authored stub`, the TypeScript side of the export, laid out as Airflow's TypeScript SDK
 * (`apache-airflow-ts-sdk`, `ts-sdk/` of apache/airflow; its `example/` has the same shape) expects it: a bundle
 * project whose `src/main.ts` registers one `TaskHandler(dagId, taskId, fn)` per `@task.stub(queue="typescript")`
 * task and serves them, built into `dist/bundle.min.mjs` by the SDK's `airflow-ts-pack`. Each handler is the task's
 * function exactly as written in the page, one module per DAG. Pure: same DAGs in, same files out.
 */
export interface GeneratedFile {
  /** Relative to the export directory, `/`-separated. */
  readonly path: string;
  readonly text: string;
}

export const TYPESCRIPT_DIR = 'typescript';

/** The tasks that become stubs: plain tasks with a function of the file (a branch or short-circuit stays Python). */
export const stubTasks = (dag: DagDefinition) => (dag.source ? dag.tasks.filter((t) => t.callable && (t.kind ?? 'task') === 'task') : []);

const RESERVED = new Set(['handlers', 'TaskHandler', 'Bundle', 'getContext', 'getClient', 'bundle']);
const JS_KEYWORDS = new Set(
  'break case catch class const continue debugger default delete do else enum export extends false finally for function if import in instanceof new null return super switch this throw true try typeof var void while with yield let static implements interface package private protected public await async'.split(' '),
);

function jsName(text: string, used: Set<string>): string {
  let base = text.replace(/[^A-Za-z0-9_$]+/g, '_');
  if (/^[0-9]/.test(base) || base === '') base = `_${base}`;
  if (JS_KEYWORDS.has(base) || RESERVED.has(base)) base = `${base}_`;
  let name = base;
  for (let n = 2; used.has(name); n++) name = `${base}_${n}`;
  used.add(name);
  return name;
}

const moduleName = (dagId: string) => dagId.replace(/[^A-Za-z0-9_.-]+/g, '_').replace(/^[.]+/, '_');
/** Text for a comment: no line break of any kind (U+2028 ends a `//` comment too), no star-slash. */
const comment = (text: string) => text.replace(/\*\//g, '* /').replace(/[\r\n\u2028\u2029]+/g, ' ');

/** One DAG's handler module (`typescript/src/<dag_id>.ts`), or null when the DAG has no task to stub. */
export function handlerModule(dag: DagDefinition): GeneratedFile | null {
  const tasks = stubTasks(dag);
  if (!dag.source || tasks.length === 0) return null;
  const source = dag.source;
  const used = new Set<string>();
  const out: string[] = [
    `// Handlers of the Dag ${comment(JSON.stringify(dag.id))}, exported from Pipeline Playground (written in the page as ${comment(JSON.stringify(source.fileName))}),`,
    `// for Apache Airflow's TypeScript SDK. Its Python side is ${moduleName(dag.id)}.py, where each of these tasks is`,
    '// @task.stub(queue="typescript"); ./main.ts registers them. Each function is the task\'s code as written in the page.',
    '//',
    '// What to check before it runs in Airflow (the playground\'s authoring API is shaped like the SDK, not the same):',
    '// - named inputs: the playground passed each upstream task\'s result by name; the exported Dag sets dependencies',
    '//   with >> and passes no arguments, so read an upstream\'s result with getClient().getXCom({ key: "return_value", taskId }).',
    '// - getContext(): params, log, readAsset/writeAsset, notify and sleep are the playground\'s; port them to the SDK\'s',
    '//   context and client.',
    '// - names of the original file (its assets, constants, operators) are not in this module: bring what a function uses.',
    "import { TaskHandler, getContext } from 'apache-airflow-ts-sdk';",
    '',
    '// Referenced so that the import stays when no function uses it.',
    'void getContext;',
  ];
  const registered: string[] = [];
  for (const task of tasks) {
    const name = jsName(task.id, used);
    out.push('', `/** Task ${comment(JSON.stringify(task.id))} (${comment(whereInFile(source, task.callable!))}). */`);
    out.push(`export const ${name} = ${functionText(source.text, task.callable!)};`);
    registered.push(`  new TaskHandler(${JSON.stringify(dag.id)}, ${JSON.stringify(task.id)}, ${name}),`);
  }
  out.push('', '/** One handler per (Dag id, task id) pair, as the SDK binds them. */', 'export const handlers = [', ...registered, '];', '');
  return { path: `${TYPESCRIPT_DIR}/src/${moduleName(dag.id)}.ts`, text: out.join('\n') };
}

/** The bundle project for every DAG with stubbed tasks: package.json, src/main.ts, one module per DAG, a README. */
export function typescriptBundle(dags: readonly DagDefinition[]): GeneratedFile[] {
  const modules = dags.map((dag) => ({ dag, file: handlerModule(dag) })).filter((m) => m.file !== null);
  if (modules.length === 0) return [];
  const used = new Set<string>();
  const imports = modules.map(({ dag }) => ({ name: jsName(`${dag.id}_handlers`, used), from: `./${moduleName(dag.id)}.js` }));
  const main = [
    '// The bundle\'s entry point: registers every exported handler and serves them to Airflow\'s Node coordinator.',
    "import { Bundle } from 'apache-airflow-ts-sdk';",
    ...imports.map((i) => `import { handlers as ${i.name} } from ${JSON.stringify(i.from)};`),
    '',
    'const bundle = new Bundle();',
    `bundle.register(${imports.map((i) => `...${i.name}`).join(', ')});`,
    'await bundle.serve();',
    '',
  ].join('\n');
  const packageJson = {
    name: 'pipeline-playground-typescript-tasks',
    private: true,
    version: '0.0.0',
    type: 'module',
    scripts: { build: 'airflow-ts-pack src/main.ts --outdir dist' },
    dependencies: { 'apache-airflow-ts-sdk': '^0.1.0-beta1' },
    devDependencies: { esbuild: '^0.28.2' },
  };
  const readme = [
    '# TypeScript tasks of the exported Dags',
    '',
    'Exported from Pipeline Playground with `--authored stub`. Each Python task declared',
    '`@task.stub(queue="typescript")` in the Dag files beside this folder runs the handler registered here for its',
    '(Dag id, task id), through Apache Airflow\'s TypeScript SDK (`apache-airflow-ts-sdk`, Airflow 3.4+, alpha).',
    '',
    '```sh',
    'npm install',
    'npm run build            # airflow-ts-pack: dist/bundle.min.mjs',
    '```',
    '',
    'Then route the `typescript` queue to the SDK\'s Node coordinator with `bundles_root` pointing at this folder\'s',
    '`dist/` (`AIRFLOW__SDK__COORDINATORS` and `AIRFLOW__SDK__QUEUE_TO_COORDINATOR`; see the SDK\'s `example/README.md`).',
    'Read the notes at the top of each module in `src/` first: the playground\'s task context is not the SDK\'s.',
    '',
  ].join('\n');
  return [
    { path: `${TYPESCRIPT_DIR}/package.json`, text: `${JSON.stringify(packageJson, null, 2)}\n` },
    { path: `${TYPESCRIPT_DIR}/README.md`, text: readme },
    { path: `${TYPESCRIPT_DIR}/src/main.ts`, text: main },
    ...modules.map((m) => m.file!),
  ];
}
