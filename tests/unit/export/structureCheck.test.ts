import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DagDefinition, DatasetDefinition } from '../../../src/core/dag';
import { dagId, datasetId, taskId } from '../../../src/core/ids';
import type { AirflowVersion } from '../../../src/export/airflow/flavour';
import { generateAirflowDag } from '../../../src/export/airflow/generateAirflow';
import { dagDocument, documentText } from '../../../src/dagfile/dagDocument';
import { HOUSING_DAGS } from '../../../src/pipelines/housing/dags';
import { HOUSING_DATASETS } from '../../../src/pipelines/housing/datasets';

/**
 * tests/export/check_airflow_structure.py is what CI trusts to say an export matches its DAG: it must pass on a true
 * export (for Airflow 3 and 2) and name each difference on a tampered one.
 */
describe('check_airflow_structure.py', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  interface ExportOptions {
    readonly dags?: readonly DagDefinition[];
    readonly datasets?: readonly DatasetDefinition[];
    readonly airflow?: AirflowVersion;
    readonly tamper?: (dagId: string, source: string) => string;
  }

  function exportTo({ dags = HOUSING_DAGS, datasets = HOUSING_DATASETS, airflow = 3, tamper = (_, s) => s }: ExportOptions = {}): string {
    const dir = mkdtempSync(join(tmpdir(), 'structure-'));
    dirs.push(dir);
    for (const dag of dags) writeFileSync(join(dir, `${dag.id}.py`), tamper(dag.id, generateAirflowDag(dag, { datasets, airflow })));
    writeFileSync(join(dir, 'dags.json'), documentText(dagDocument(dags, datasets)));
    return dir;
  }

  const check = (dir: string) => spawnSync('python3', ['tests/export/check_airflow_structure.py', dir], { encoding: 'utf8' });

  it.each([3, 2] as const)('passes a true export for Airflow %i', (airflow) => {
    const result = check(exportTo({ airflow }));
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain(`3 exported DAG(s) for Airflow ${airflow} match dags.json`);
    expect(result.status).toBe(0);
  });

  it('names a lost dependency, a changed retry count, a dropped outlet and a manual schedule that became an asset one', () => {
    const result = check(
      exportTo({
        tamper: (dagId, source) =>
          dagId !== 'ml_producer'
            ? source
            : source
                .replace('    t_check_data >> t_featurize\n', '')
                .replace('retries=2,', 'retries=3,')
                .replace('outlets=[ASSET_RAW_HOUSING],', '')
                .replace('schedule=None,', 'schedule=[ASSET_RAW_HOUSING],'),
      }),
    );
    expect(result.status).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toEqual([
      "DAG 'ml_producer' (ml_producer.py): schedule differs: expected None, got {'dataset': ('raw_housing', 'playground://housing/raw')}",
      expect.stringMatching(/^DAG 'ml_producer' \(ml_producer\.py\): task 'extract' differs: expected \{.*'retries': 2.*\}, got \{.*'retries': 3.*\}$/),
      expect.stringMatching(/^DAG 'ml_producer' \(ml_producer\.py\): task 'save_raw_data' differs: expected \{.*'outlets': \[\('raw_housing', 'playground:\/\/housing\/raw'\)\].*\}, got \{.*'outlets': \[\].*\}$/),
      expect.stringMatching(/^DAG 'ml_producer' \(ml_producer\.py\): task 'featurize' differs: expected \{.*'upstream': \{'check_data'\}.*\}, got \{.*'upstream': set\(\).*\}$/),
      expect.stringMatching(/^DAG 'ml_producer' \(ml_producer\.py\): assets produced differs: /),
    ]);
  });

  it('compares URIs as Airflow normalizes them: x://a is stored as x://a/', () => {
    const dags: DagDefinition[] = [
      { id: dagId('pub'), schedule: { type: 'manual' }, tasks: [{ id: taskId('t'), upstream: [], operator: 'noop', outlets: [datasetId('x'), datasetId('y')] }] },
    ];
    const datasets: DatasetDefinition[] = [{ id: datasetId('x'), uri: 'x://a' }];
    expect(check(exportTo({ dags, datasets })).status).toBe(0);
    const result = check(exportTo({ dags, datasets, tamper: (_, source) => source.replace('uri="x://a/"', 'uri="x://a"') }));
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("'outlets': [('x', 'x://a/'), ('y', 'playground://y/')]");
    expect(result.stderr).toContain("got {'kind': 'task', 'upstream': set(), 'outlets': [('x', 'x://a'), ('y', 'playground://y/')]");
  });

  it("refuses Airflow 2's vocabulary in an Airflow 3 module, and a boolean backoff that Airflow 3.2 would read as ×1", () => {
    const mixed = check(exportTo({ tamper: (dagId, source) => (dagId === 'ml_consumer' ? source.replace('from airflow.sdk import Asset', 'from airflow.datasets import Dataset\nfrom airflow.sdk import Asset') : source) }));
    expect(mixed.status).toBe(1);
    expect(mixed.stderr).toContain("ml_consumer.py: imports ['airflow.datasets', 'airflow.sdk'], expected ['airflow.sdk'] for Airflow 3");
    const backoff = check(exportTo({ tamper: (_, source) => source.replace('retry_exponential_backoff=2.0', 'retry_exponential_backoff=True') }));
    expect(backoff.status).toBe(1);
    expect(backoff.stderr).toContain("retry_exponential_backoff=True of 'extract' in an Airflow 3 module");
  });

  it('names a DAG with no module', () => {
    const dir = exportTo();
    rmSync(join(dir, 'ml_consumer.py'));
    const result = check(dir);
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe("DAG 'ml_consumer': no exported module declares it");
  });
});
