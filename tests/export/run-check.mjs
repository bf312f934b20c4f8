// `npm run test:export` (part of `npm test`): exports every DAG for Airflow 3 and for Airflow 2, checks each module,
// and runs them. In order:
//  0. every export includes the trigger-rules lesson, a DAG file written in the page (`--lesson trigger-rules`):
//     built-in operators and TypeScript tasks; a third export (`--authored stub`) adds the asset-conditions lesson;
//  1. tests/export/hostile-dags.json (ids, descriptions, URIs and params full of quotes, newlines and unicode) is
//     refused, because Airflow refuses its non-ASCII asset URI; a copy with an ASCII URI that still holds quotes,
//     a backslash, a space, an unsorted query and a fragment is exported instead, with the built-in DAGs;
//  2. `python3 -m py_compile` and tests/export/check_airflow_structure.py (ast: assets as Airflow normalizes them,
//     schedules, tasks, dependencies, retries, rules, params) on both exports;
//  3. tests/export/browserReference.ts computes the browser's numbers with the playground's own code;
//  4. tests/export/run_exported.py runs both exports against the strict Airflow stand-in the way dag.test() does and
//     compares rows and R² with the browser's; the lesson's TypeScript tasks must raise NotImplementedError naming them.
// Python: Debian's /usr/bin/python3 with python3-pandas and python3-sklearn (.ci/run installs them), else python3;
// -B, so that no __pycache__ is left in the repository.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const started = performance.now();
const elapsed = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;
const run = (command, args, options = {}) =>
  new Promise((resolve) => {
    const child = spawn(command, args, { stdio: options.capture ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
    let output = '';
    if (options.capture) for (const stream of [child.stdout, child.stderr]) stream.on('data', (chunk) => (output += chunk));
    child.on('error', (error) => resolve({ status: 1, output: String(error) }));
    child.on('close', (status) => resolve({ status: status ?? 1, output }));
  });

function findPython() {
  for (const candidate of ['/usr/bin/python3', 'python3']) {
    const probe = spawnSync(candidate, ['-c', 'import pandas, sklearn, numpy'], { encoding: 'utf8' });
    if (!probe.error && probe.status === 0) return candidate;
  }
  return null;
}

const python = findPython();
if (!python) {
  console.error('test:export needs python3 with pandas and scikit-learn (Debian: sudo apt-get install -y python3-pandas python3-sklearn).');
  process.exit(1);
}

const dir = mkdtempSync(join(tmpdir(), 'airflow-export-'));
const failures = [];
const step = (ok, what) => {
  if (!ok) failures.push(what);
  return ok;
};
try {
  const referenceFile = join(dir, 'browser-reference.json');
  const reference = run('npx', ['vite', 'build', '--config', 'tests/export/vite.config.ts']).then((built) =>
    built.status === 0 ? run('node', ['node_modules/.cache/pipeline-playground-export-check/browser-reference.mjs', referenceFile]) : built,
  );

  // 1. The hostile file is refused for its non-ASCII URI; an ASCII copy is exported.
  const refused = await run('npm', ['run', '--silent', 'export:airflow', '--', join(dir, 'refused'), '--with', 'tests/export/hostile-dags.json'], { capture: true });
  step(
    refused.status === 1 && /datasets\[0\]\.uri: an asset URI must only consist of ASCII characters/.test(refused.output),
    `the hostile DAG file must be refused for its non-ASCII asset URI; got status ${refused.status}:\n${refused.output}`,
  );
  const hostile = JSON.parse(readFileSync('tests/export/hostile-dags.json', 'utf8'));
  hostile.datasets[0].uri = 'S3://bucket/"quoted"\\path/with space/?b=2&a=1#fragment';
  const patched = join(dir, 'hostile-ascii.json');
  writeFileSync(patched, JSON.stringify(hostile));
  const exports = [
    ['3', join(dir, 'airflow3')],
    ['2', join(dir, 'airflow2')],
  ];
  // 2. Compile and read back (both versions at once).
  await Promise.all(
    exports.map(async ([version, out]) => {
      const exported = await run('node', ['node_modules/.cache/pipeline-playground-export/export-airflow.mjs', out, '--airflow', version, '--with', patched, '--lesson', 'trigger-rules']);
      if (!step(exported.status === 0, `export for Airflow ${version}`)) return;
      const compiled = await run(python, ['-B', '-c', 'import compileall, sys; sys.exit(0 if compileall.compile_dir(sys.argv[1], quiet=1) else 1)', out]);
      step(compiled.status === 0, `py_compile of the Airflow ${version} export`);
      const structure = await run(python, ['-B', 'tests/export/check_airflow_structure.py', out]);
      step(structure.status === 0, `structure of the Airflow ${version} export`);
    }),
  );

  // 2b. The same lesson, and one made only of TypeScript tasks, with --authored stub: @task.stub and the handlers.
  const stubDir = join(dir, 'stub');
  const stubbed = await run('node', ['node_modules/.cache/pipeline-playground-export/export-airflow.mjs', stubDir, '--lesson', 'trigger-rules', '--lesson', 'asset-conditions', '--authored', 'stub']);
  if (step(stubbed.status === 0, 'export with --authored stub')) {
    const compiled = await run(python, ['-B', '-c', 'import compileall, sys; sys.exit(0 if compileall.compile_dir(sys.argv[1], quiet=1) else 1)', stubDir]);
    step(compiled.status === 0, 'py_compile of the --authored stub export');
    const structure = await run(python, ['-B', 'tests/export/check_airflow_structure.py', stubDir, '--authored', 'stub']);
    step(structure.status === 0, 'structure of the --authored stub export (stubs, handlers)');
  }
  console.log(`[${elapsed()}] all exports written, compiled and read back`);
  // 3-4. The browser's numbers, then both exports run.
  step((await reference).status === 0, 'the browser reference');
  console.log(`[${elapsed()}] browser reference ready`);
  if (failures.length === 0) {
    const runs = await Promise.all(exports.map(([, out]) => run(python, ['-B', 'tests/export/run_exported.py', out, referenceFile], { capture: true })));
    exports.forEach(([version], i) => {
      console.log(runs[i].output.trimEnd());
      step(runs[i].status === 0, `running the Airflow ${version} export`);
    });
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
if (failures.length > 0) {
  console.error(`test:export failed (${elapsed()}):\n${failures.map((f) => `  - ${f}`).join('\n')}`);
  process.exit(1);
}
console.log(`test:export passed in ${elapsed()}.`);
