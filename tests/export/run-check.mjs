// `npm run test:export`: exports every DAG (the built-in ones and tests/export/hostile-dags.json, whose ids,
// descriptions, URIs and params are full of quotes, newlines and unicode) to a temporary directory, compiles each
// file with `python3 -m py_compile`, and compares each with the playground's DAG JSON (check_airflow_structure.py).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const run = (command, args) => {
  const result = spawnSync(command, args, { stdio: 'inherit' });
  if (result.error) throw result.error;
  return result.status ?? 1;
};

const python = spawnSync('python3', ['--version'], { encoding: 'utf8' });
if (python.error || python.status !== 0) {
  console.error('test:export needs python3 (Debian: sudo apt-get install -y python3).');
  process.exit(1);
}

const dir = mkdtempSync(join(tmpdir(), 'airflow-export-'));
let status = 1;
try {
  status = run('npm', ['run', '--silent', 'export:airflow', '--', dir, '--with', 'tests/export/hostile-dags.json']);
  if (status === 0) {
    const files = readdirSync(dir).filter((f) => f.endsWith('.py')).map((f) => join(dir, f));
    status = run('python3', ['-m', 'py_compile', ...files]);
    if (status === 0) console.log(`py_compile: ${files.length} file(s) compile.`);
  }
  if (status === 0) status = run('python3', ['tests/export/check_airflow_structure.py', dir]);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
process.exit(status);
