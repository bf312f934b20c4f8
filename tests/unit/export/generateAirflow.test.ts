import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DagDefinition } from '../../../src/core/dag';
import { allOf, anyOf, onDataset } from '../../../src/core/datasetCondition';
import { dagId, datasetId, taskId } from '../../../src/core/ids';
import { generateAirflowDag } from '../../../src/export/airflow/generateAirflow';
import { Identifiers, pyString } from '../../../src/export/airflow/python';
import { ML_CONSUMER, ML_PRODUCER } from '../../../src/pipelines/housing/dags';
import { HOUSING_DATASETS } from '../../../src/pipelines/housing/datasets';

const options = { datasets: HOUSING_DATASETS };

/** Evaluates Python literals with python3 (present on the CI machine, see .ci/run) and returns what they mean. */
function pythonEval(expressions: readonly string[]): unknown {
  const program = `import json\nprint(json.dumps([${expressions.join(', ')}], ensure_ascii=True))`;
  const result = spawnSync('python3', ['-c', program], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(result.stderr);
  return JSON.parse(result.stdout);
}

function pyCompile(source: string): { ok: boolean; stderr: string } {
  const dir = mkdtempSync(join(tmpdir(), 'pycompile-'));
  try {
    const file = join(dir, 'dag.py');
    writeFileSync(file, source);
    const result = spawnSync('python3', ['-m', 'py_compile', file], { encoding: 'utf8' });
    return { ok: result.status === 0, stderr: result.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const HOSTILE = ['it\'s "quoted"', 'back\\slash', 'line\nbreak\r\n', '"""', "'''", 'tab\t', 'nul\u0000', 'é ü ⟴', '😀 🚀', 'lone \ud800 surrogate', '\u2028\u2029', '#{dag}'];

describe('pyString', () => {
  it('writes literals Python reads back as the same text', () => {
    const expected = HOSTILE.map((s) => s.replace('\ud800', '\\ud800'));
    const decoded = pythonEval(HOSTILE.map((s) => `${pyString(s)}.encode("utf-8", "backslashreplace").decode("utf-8")`)) as string[];
    expect(decoded).toEqual(expected);
  });

  it('is printable ASCII only', () => {
    for (const s of HOSTILE) expect(pyString(s)).toMatch(/^[\x20-\x7e]*$/);
  });
});

describe('Identifiers', () => {
  it('sanitises ids into unique Python names that are not keywords', () => {
    const ids = new Identifiers(['dag']);
    expect(['class', '1st', 'a-b.c', 'a_b_c', 'dag', '', '__init__', 'x y'].map((t) => ids.make(t))).toEqual([
      'class_',
      '_1st',
      'a_b_c',
      'a_b_c_2',
      'dag_',
      'x',
      '__init___',
      'x_y',
    ]);
  });
});

describe('generateAirflowDag', () => {
  it('writes the producer as TaskFlow with its settings, branch and dependencies', () => {
    const py = generateAirflowDag(ML_PRODUCER, options);
    expect(py).toContain('from airflow.datasets import Dataset');
    expect(py).toContain('    dag_id="ml_producer",\n    schedule=None,');
    expect(py).toContain('"corrupt_rows": Param(0, type="integer", minimum=0, maximum=20640,');
    expect(py).toMatch(/@task\(\n\s+task_id="extract",\n\s+retries=2,\n\s+retry_delay=timedelta\(seconds=1\),\n\s+retry_exponential_backoff=True,\n\s+max_retry_delay=timedelta\(seconds=10\),\n\s+execution_timeout=timedelta\(seconds=10\),/);
    expect(py).toMatch(/@task\.branch\(\n\s+task_id="check_data",/);
    expect(py).toContain('return "featurize" if not problems else "quarantine_data"');
    expect(py).toContain('outlets=[DS_BUILT_FEATURES]');
    expect(py).toContain('DS_BUILT_FEATURES = Dataset("playground://housing/built_features")');
    for (const edge of ['t_extract >> t_save_raw_data', 't_extract >> t_check_data', 't_check_data >> t_featurize', 't_check_data >> t_quarantine_data']) {
      expect(py).toContain(`    ${edge}\n`);
    }
    expect(py).toContain('on_failure_callback=_callback("error", "Producer run {run} failed.")');
    expect(pyCompile(py)).toEqual({ ok: true, stderr: '' });
  });

  it('writes the consumer with its dataset schedule and a scikit-learn training body fitted on the training rows', () => {
    const py = generateAirflowDag(ML_CONSUMER, options);
    expect(py).toContain('schedule=[DS_BUILT_FEATURES],');
    expect(py).toContain('max_active_runs=1,');
    expect(py).toContain('scaler = StandardScaler().fit(x[train_rows])');
    expect(py).toContain('model = LinearRegression()');
    expect(py).toContain('MLPRegressor(');
    expect(py).toContain('split = _split(len(df), SEED)');
    expect(py).toContain('out["residual"] = out[TARGET] - out["prediction"]');
    expect(pyCompile(py).ok).toBe(true);
  });

  it('writes AND / OR dataset conditions with Airflow 2.9 operators and parentheses where needed', () => {
    const [a, b, c] = ['a', 'b', 'c'].map(datasetId);
    const dag: DagDefinition = {
      id: dagId('cond'),
      schedule: { type: 'datasets', condition: allOf(anyOf(onDataset(a!), onDataset(b!)), onDataset(c!)) },
      tasks: [{ id: taskId('t'), upstream: [], operator: 'noop' }],
    };
    const py = generateAirflowDag(dag, { datasets: [] });
    expect(py).toContain('schedule=(DS_A | DS_B) & DS_C,');
    expect(py).toContain('DS_A = Dataset("playground://a")');
  });

  it('compiles whatever the ids, descriptions, URIs and params hold', () => {
    const hostile = HOSTILE.join(' ');
    const dag: DagDefinition = {
      id: dagId('class"; import os; os.system("x") #'),
      description: hostile,
      schedule: { type: 'datasets', condition: anyOf(onDataset(datasetId('d"""')), onDataset(datasetId('import'))) },
      params: { [hostile]: { type: 'string', default: hostile, enum: [hostile, '"""'], description: hostile } },
      callbacks: { onFailure: { notify: 'error', message: hostile } },
      tasks: HOSTILE.map((text, i) => ({
        id: taskId(text),
        upstream: i === 0 ? [] : [taskId(HOSTILE[i - 1]!)],
        description: text,
        outlets: [datasetId(text)],
        operator: ['noop', 'sleep', 'fail', 'mystery'][i % 4]!,
        kind: i === 1 ? ('branch' as const) : 'task',
        pool: text,
        callbacks: { onRetry: { notify: 'warning' as const, message: text } },
      })),
    };
    const py = generateAirflowDag(dag, { datasets: [{ id: datasetId('d"""'), uri: hostile, description: hostile }] });
    expect(pyCompile(py)).toEqual({ ok: true, stderr: '' });
    // Nothing of the hostile text escaped its literal: no line starts with the injected statement.
    expect(py).not.toMatch(/^\s*import os; os\.system/m);
    // Each task id is written as a literal Python reads back unchanged.
    const ids = [...py.matchAll(/task_id=("(?:[^"\\]|\\.)*")/g)].map((m) => m[1]!);
    expect(pythonEval(ids.map((id) => `${id}.encode("utf-8", "backslashreplace").decode("utf-8")`))).toEqual(
      HOSTILE.map((s) => s.replace('\ud800', '\\ud800')),
    );
  });
});
