import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDagFilePool, readDagFile } from '../../../src/authoring/readDagFile';
import { lessonNamed } from '../../../src/authoring/lessons';
import type { DagDefinition, DatasetDefinition } from '../../../src/core/dag';
import { dedent, functionText, parseAuthoredTaskMode, sourceText } from '../../../src/export/airflow/authoredTasks';
import { generateAirflowDag } from '../../../src/export/airflow/generateAirflow';
import { typescriptBundle } from '../../../src/export/airflow/typescriptHandlers';
import { HOUSING_DAGS } from '../../../src/pipelines/housing/dags';
import { HOUSING_DATASETS } from '../../../src/pipelines/housing/datasets';

const pool = createDagFilePool();

async function read(text: string, fileName = 'mixed.ts'): Promise<{ dags: readonly DagDefinition[]; assets: readonly DatasetDefinition[] }> {
  const result = await readDagFile(pool, text, { fileName, knownAssets: HOUSING_DATASETS });
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return result;
}

/** Writes the module into a temporary directory and runs a Python program with it as `module.py` (stand-in first on the path). */
function withModule(source: string, program: string): { status: number | null; stdout: string; stderr: string } {
  const dir = mkdtempSync(join(tmpdir(), 'authored-export-'));
  try {
    writeFileSync(join(dir, 'module.py'), source);
    const prelude = `import sys\nsys.path.insert(0, "tests/export/standin")\nsys.path.insert(0, ${JSON.stringify(dir)})\n`;
    return spawnSync('python3', ['-B', '-c', prelude + program], { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// A file whose task code holds what breaks naive quoting: triple quotes, backslashes, non-ASCII, an emoji.
const MIXED = `import { Asset, Dag, getContext, operators } from 'apache-airflow-ts-sdk';
const out = new Asset({ name: 'mixed_out', uri: 'x://mixed' });
const dag = new Dag('mixed', { description: 'Operators and code.', params: { n: { type: 'integer', default: 2, minimum: 0 } } });
const start = dag.task('start', operators.noop);
const shout = dag.task(
  'shout',
  async () => {
    const text = "say \\"\\"\\" and '''\\\\n" + 'héllo 😀 \\\\ end"';
    getContext().log.info(text);
    return text.length;
  },
  { retries: 1, retryDelay: '2s', outlets: [out], triggerRule: 'all_done', pool: 'p1', callbacks: { onFailure: { notify: 'error' } } },
);
const pick = dag.branch('pick', async () => ['finish']);
const finish = dag.task('finish', operators.noop, { triggerRule: 'none_failed_min_one_success' });
start.before(shout);
shout.before(pick);
pick.before(finish);
`;

describe('an authored DAG exported to Airflow', () => {
  it('keeps each TypeScript task in a docstring Python reads back as the code, and raises NotImplementedError naming the task and the file', async () => {
    const { dags, assets } = await read(MIXED);
    const dag = dags[0]!;
    const shout = dag.tasks.find((t) => t.id === 'shout')!;
    const code = functionText(MIXED, shout.callable!);
    expect(code).toContain('héllo 😀');
    expect(code.startsWith('async () => {')).toBe(true);
    const py = generateAirflowDag(dag, { datasets: assets });
    expect(py).toMatch(/^[\x09\x0a\x20-\x7e]*$/);
    expect(py).toContain('@task(\n        task_id="shout",\n        retries=1,\n        retry_delay=timedelta(seconds=2),\n        trigger_rule=TriggerRule.ALL_DONE,');
    const program = `
import ast, json, textwrap
source = open(sys.path[0] + "/module.py").read()
docs = {}
for node in ast.walk(ast.parse(source)):
    if isinstance(node, ast.FunctionDef) and node.name in ("shout", "pick"):
        raw = ast.get_docstring(node, clean=False)
        docs[node.name] = textwrap.dedent(raw.split("written in the page (mixed.ts, ")[1].split("\\n", 2)[2])
import module
from airflow._run import run_dag
run = run_dag(module.mixed_dag)
print(json.dumps({"docs": docs, "states": run.states, "errors": run.errors}))
`;
    const result = withModule(py, program);
    expect(result.status, result.stderr).toBe(0);
    const out = JSON.parse(result.stdout) as { docs: Record<string, string>; states: Record<string, string>; errors: Record<string, string> };
    expect(out.docs['shout']!.trimEnd()).toBe(code);
    expect(out.docs['pick']!.trimEnd()).toBe(functionText(MIXED, dag.tasks.find((t) => t.id === 'pick')!.callable!));
    // The operators run as the built-in ones do; the code raises, by name, and the trigger rules decide the rest.
    expect(out.states).toEqual({ start: 'success', shout: 'failed', pick: 'upstream_failed', finish: 'upstream_failed' });
    expect(out.errors['shout']).toBe(
      'NotImplementedError: Task "shout" of "mixed" is TypeScript written in the page (mixed.ts, lines 7-11): this export has no Python for it. Port the code in this docstring to Python here, or export with --authored stub to run it in Airflow\'s TypeScript SDK.',
    );
  });

  it('with --authored stub: @task.stub(queue="typescript") for plain tasks, handlers laid out for the TypeScript SDK; a branch stays a Python task', async () => {
    const { dags, assets } = await read(MIXED);
    const dag = dags[0]!;
    const py = generateAirflowDag(dag, { datasets: assets, authored: 'stub', airflow: 3 });
    expect(py).toContain('    @task.stub(\n        task_id="shout",\n        queue="typescript",\n        retries=1,');
    expect(py).toContain('    def shout():\n');
    expect(py).toContain('    @task.branch(\n        task_id="pick",\n    )\n    def pick(**context):');
    expect(py).toContain('raise NotImplementedError("Task \\"pick\\" of \\"mixed\\" is TypeScript written in the page (mixed.ts, line 14): this export has no Python for it. Port the code in this docstring to Python here.")');
    const compiled = withModule(py, 'import ast\nast.parse(open(sys.path[0] + "/module.py").read())');
    expect(compiled.status, compiled.stderr).toBe(0);

    const files = typescriptBundle(dags);
    expect(files.map((f) => f.path)).toEqual(['typescript/package.json', 'typescript/README.md', 'typescript/src/main.ts', 'typescript/src/mixed.ts']);
    const pkg = JSON.parse(files[0]!.text) as { scripts: Record<string, string>; dependencies: Record<string, string> };
    expect(pkg.scripts['build']).toBe('airflow-ts-pack src/main.ts --outdir dist');
    expect(Object.keys(pkg.dependencies)).toEqual(['apache-airflow-ts-sdk']);
    expect(files[2]!.text).toContain("import { handlers as mixed_handlers } from \"./mixed.js\";\n\nconst bundle = new Bundle();\nbundle.register(...mixed_handlers);\nawait bundle.serve();");
    const module = files[3]!.text;
    expect(module).toContain(`export const shout = ${functionText(MIXED, dag.tasks.find((t) => t.id === 'shout')!.callable!)};`);
    expect(module).toContain('new TaskHandler("mixed", "shout", shout),');
    // Only plain tasks written as code are stubs: not the operators, not the branch.
    expect(module.match(/new TaskHandler\(/g)).toHaveLength(1);
    // A built-in DAG has nothing to stub.
    expect(typescriptBundle(HOUSING_DAGS)).toEqual([]);
  });

  it('writes the housing operators of the producer/consumer lesson as the same Python as the built-in pipeline', async () => {
    const lesson = lessonNamed('producer-consumer')!;
    const { dags, assets } = await read(lesson.text, lesson.fileName);
    for (const dag of dags) {
      const builtIn = HOUSING_DAGS.find((d) => d.id === dag.id)!;
      for (const airflow of [3, 2] as const) {
        const authored = generateAirflowDag(dag, { datasets: assets, airflow });
        const expected = generateAirflowDag(builtIn, { datasets: HOUSING_DATASETS, airflow });
        // Only the module's docstring says where the DAG was written.
        const withoutOrigin = authored.replace(/Written in the page as producer-consumer\.ts: [^\n]*\n[^\n]*\n\n/, '');
        expect(withoutOrigin).not.toBe(authored);
        expect(withoutOrigin).toBe(expected);
      }
    }
  });

  it('keeps a hostile file name inside the comments of the handler module and the strings of the module', () => {
    const text = 'dag.task("t", async () => 1);';
    const fileName = 'x\u2028alert(1)*/\n"""\\.ts';
    const dag: DagDefinition = {
      id: 'h' as DagDefinition['id'],
      schedule: { type: 'manual' },
      tasks: [{ id: 't' as DagDefinition['tasks'][number]['id'], upstream: [], callable: { line: 1, column: 15, endLine: 1, endColumn: 28 } }],
      source: { fileName, text },
    };
    const module = typescriptBundle([dag])[3]!.text;
    expect(module).not.toMatch(/[\u2028\u2029]/);
    // The name shows only in comments, and never closes one.
    const lines = module.split('\n').filter((line) => line.includes('alert(1)'));
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).toMatch(/^(\/\/|\/\*\*)/);
    expect(module).not.toContain('alert(1)*/');
    expect(module).toContain('export const t = async () => 1;');
    const py = generateAirflowDag(dag, { datasets: [] });
    const ran = withModule(py, 'import module\nfrom airflow._run import run_dag\nprint(run_dag(module.h_dag).errors["t"])');
    expect(ran.status, ran.stderr).toBe(0);
    expect(ran.stdout).toContain('NotImplementedError: Task "t" of "h" is TypeScript written in the page (x\u2028alert(1)*/\n"""\\.ts, line 1)');
  });

  it('reads --authored and cuts functions out of their file as written', () => {
    expect(parseAuthoredTaskMode('stub')).toBe('stub');
    expect(() => parseAuthoredTaskMode('python')).toThrow(/--authored must be raise .* or stub .*, got "python"/);
    const text = 'x = f(async () => {\r\n    return 1;\r\n  });\nnext';
    expect(sourceText(text, { line: 1, column: 7, endLine: 3, endColumn: 4 })).toBe('async () => {\n    return 1;\n  }');
    expect(functionText(text, { line: 1, column: 7, endLine: 3, endColumn: 4 })).toBe('async () => {\n    return 1;\n  }');
    expect(dedent('    a\n\n      b\n   \n    c')).toBe('a\n\n  b\n\nc');
  });
});
