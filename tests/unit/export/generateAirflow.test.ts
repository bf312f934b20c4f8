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
import { ML_BATCH_PREDICT, ML_CONSUMER, ML_PRODUCER } from '../../../src/pipelines/housing/dags';
import { REGISTERED_TASKS } from '../../../src/pipelines/registeredTasks';
import { HOUSING_BODY_IDS } from '../../../src/export/airflow/housingBodies';
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
  it('writes the producer for Airflow 3 by default: airflow.sdk, assets, TaskFlow with its settings, branch and dependencies', () => {
    const py = generateAirflowDag(ML_PRODUCER, options);
    expect(py).toContain('from airflow.sdk import Asset, Param, TriggerRule, dag, task\n');
    expect(py).not.toMatch(/airflow\.(datasets|decorators|models|utils)/);
    expect(py).toContain('    dag_id="ml_producer",\n    schedule=None,');
    expect(py).toContain('"corrupt_rows": Param(0, type="integer", minimum=0, maximum=20640,');
    // Airflow 3.2 reads retry_exponential_backoff as the multiplier: 2.0 doubles, True would mean 1 (no backoff).
    expect(py).toMatch(/@task\(\n\s+task_id="extract",\n\s+retries=2,\n\s+retry_delay=timedelta\(seconds=1\),\n\s+retry_exponential_backoff=2\.0,\n\s+max_retry_delay=timedelta\(seconds=10\),\n\s+execution_timeout=timedelta\(seconds=10\),/);
    expect(py).toMatch(/@task\.branch\(\n\s+task_id="check_data",/);
    expect(py).toContain('return "featurize" if report["passed"] else "quarantine_data"');
    expect(py).toContain('outlets=[ASSET_BUILT_FEATURES]');
    expect(py).toContain('ASSET_BUILT_FEATURES = Asset(name="built_features", uri="playground://housing/built_features")');
    expect(py).toContain('context["outlet_events"][ASSET_BUILT_FEATURES].extra = extra');
    for (const edge of ['t_extract >> t_save_raw_data', 't_extract >> t_check_data', 't_check_data >> t_featurize', 't_check_data >> t_quarantine_data']) {
      expect(py).toContain(`    ${edge}\n`);
    }
    expect(py).toContain('on_failure_callback=_callback("error", "Producer run {run} failed.")');
    expect(py).toMatch(/\nml_producer_dag = ml_producer\(\)\n\nif __name__ == "__main__":\n.*\n    ml_producer_dag\.test\(\)\n$/);
    expect(pyCompile(py)).toEqual({ ok: true, stderr: '' });
  });

  it('writes Airflow 2.9-2.10 on request: datasets, airflow.decorators, a boolean backoff, no outlet_events', () => {
    const py = generateAirflowDag(ML_PRODUCER, { ...options, airflow: 2 });
    expect(py).toContain('from airflow.datasets import Dataset\nfrom airflow.decorators import dag, task\nfrom airflow.models.param import Param\nfrom airflow.utils.trigger_rule import TriggerRule\n');
    expect(py).not.toContain('airflow.sdk');
    expect(py).toContain('DATASET_BUILT_FEATURES = Dataset("playground://housing/built_features")');
    expect(py).toContain('retry_exponential_backoff=True,');
    expect(py).not.toContain('outlet_events');
    expect(py).toContain('for Apache Airflow 2.9-2.10 (TaskFlow API)');
    expect(pyCompile(py)).toEqual({ ok: true, stderr: '' });
  });

  it('writes the consumer with its asset schedule, the playground\'s seeded split, clipped scaling and residual sign', () => {
    const py = generateAirflowDag(ML_CONSUMER, options);
    expect(py).toContain('schedule=[ASSET_BUILT_FEATURES],');
    expect(py).toContain('max_active_runs=1,');
    expect(py).toContain('split = _split_rows(len(y), SEED)');
    expect(py).toContain('def _mulberry32(seed):');
    expect(py).toContain('scaler = _fit_scaler(x_all[:, :-1], split["train"], features)');
    expect(py).toContain('CLIP = 5.0');
    expect(py).toContain('frame["residual"] = (prediction.astype("float64") - actual).astype("float32")');
    expect(py).toContain('batch_size=options["batch_size"]');
    expect(py).toContain('trained = context["ti"].xcom_pull(task_ids="train")');
    expect(py).not.toMatch(/StandardScaler|default_rng|fetch_california_housing|early_stopping=True/);
    expect(pyCompile(py).ok).toBe(true);
  });

  it('writes ml_batch_predict without reaching for a train task it does not have', () => {
    const py = generateAirflowDag(ML_BATCH_PREDICT, options);
    expect(py).not.toContain('task_ids="train"');
    expect(py).toContain('requested = context["params"].get("model_id")');
    expect(py).toContain('made = context["ti"].xcom_pull(task_ids="predict") or {}');
  });

  it('writes AND / OR asset conditions with & and | and parentheses where needed, URIs as Airflow normalizes them', () => {
    const [a, b, c] = ['a', 'b', 'c'].map(datasetId);
    const dag: DagDefinition = {
      id: dagId('cond'),
      schedule: { type: 'datasets', condition: allOf(anyOf(onDataset(a!), onDataset(b!)), onDataset(c!)) },
      tasks: [{ id: taskId('t'), upstream: [], operator: 'noop' }],
    };
    const py = generateAirflowDag(dag, { datasets: [{ id: b!, uri: 'S3://Bucket/key//?z=1&a=2#top' }] });
    expect(py).toContain('schedule=(ASSET_A | ASSET_B) & ASSET_C,');
    expect(py).toContain('ASSET_A = Asset(name="a", uri="playground://a/")');
    expect(py).toContain('ASSET_B = Asset(name="b", uri="s3://Bucket/key?a=2&z=1")');
  });

  it('gives the sleep and fail operators the playground\'s behaviour, and an unported task a body that raises', () => {
    const dag: DagDefinition = {
      id: dagId('ops'),
      schedule: { type: 'manual' },
      tasks: [
        { id: taskId('nap'), upstream: [], operator: 'sleep' },
        { id: taskId('boom'), upstream: [], operator: 'fail' },
        { id: taskId('mystery'), upstream: [], operator: 'teleport', description: 'Does something.' },
        { id: taskId('extract'), upstream: [] },
      ],
    };
    const py = generateAirflowDag(dag, { datasets: [] });
    expect(py).toContain('slept_ms = _sleep_ms(context["params"].get("sleep_ms"))\n        time.sleep(slept_ms / 1000)');
    expect(py).not.toContain('time.sleep(1.0)');
    expect(py).toContain('raise RuntimeError("Task %s runs the fail operator, which fails every try (try %d)." % ("\\"boom\\"", context["ti"].try_number))');
    expect(py).toContain('        """Does something.\n\n        In Pipeline Playground this task runs the operator "teleport".\n        """');
    expect(py).toContain('raise NotImplementedError("Task \\"mystery\\" of \\"ops\\" has no Python body');
    // A task id the housing DAGs use gets housing code only in its own DAG.
    expect(py).toContain('raise NotImplementedError("Task \\"extract\\" of \\"ops\\" has no Python body: in the playground it runs code registered');
    expect(pyCompile(py).ok).toBe(true);
  });

  it('never lets a task function shadow a module-level helper its body calls', () => {
    const ids = ['FEATURES', '_load_source', '_split_rows', 'log', 'SEED', '_callback', 'Asset'];
    const dag: DagDefinition = {
      id: dagId('shadow'),
      schedule: { type: 'manual' },
      tasks: ids.map((id) => ({ id: taskId(id), upstream: [], operator: 'noop' })),
    };
    const py = generateAirflowDag(dag, { datasets: [] });
    for (const id of ids) {
      expect(py).toContain(`task_id=${pyString(id)}`);
      expect(py).not.toMatch(new RegExp(`^    def ${id}\\(`, 'm'));
    }
  });

  it('has a Python body for every task the playground registers code for, and only for those', () => {
    const sorted = (table: Readonly<Record<string, readonly string[]>>) => Object.fromEntries(Object.entries(table).map(([dag, ids]) => [dag, [...ids].sort()]));
    expect(sorted(HOUSING_BODY_IDS)).toEqual(sorted(REGISTERED_TASKS));
  });

  it('compiles whatever the ids, descriptions, URIs and params hold, and says which asset Airflow would refuse', () => {
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
    for (const airflow of [3, 2] as const) {
      const py = generateAirflowDag(dag, { datasets: [{ id: datasetId('d"""'), uri: hostile, description: hostile }], airflow });
      expect(pyCompile(py)).toEqual({ ok: true, stderr: '' });
      expect(py).toMatch(/^[\x09\x0a\x20-\x7e]*$/);
      expect(py).toContain(`# Airflow will refuse this ${airflow === 3 ? 'asset' : 'dataset'} at import: an asset URI must only consist of ASCII characters`);
      // Nothing of the hostile text escaped its literal: no line starts with the injected statement.
      expect(py).not.toMatch(/^\s*import os; os\.system/m);
      // Each task id is written as a literal Python reads back unchanged.
      const ids = [...py.matchAll(/task_id=("(?:[^"\\]|\\.)*")/g)].map((m) => m[1]!);
      expect(pythonEval(ids.map((id) => `${id}.encode("utf-8", "backslashreplace").decode("utf-8")`))).toEqual(
        HOSTILE.map((s) => s.replace('\ud800', '\\ud800')),
      );
    }
  }, 60_000);
});
