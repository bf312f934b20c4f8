import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { generateAirflowDag } from '../../../src/export/airflow/generateAirflow';
import { dagDocument, documentText } from '../../../src/dagfile/dagDocument';
import { HOUSING_DAGS } from '../../../src/pipelines/housing/dags';
import { HOUSING_DATASETS } from '../../../src/pipelines/housing/datasets';

/**
 * tests/export/check_airflow_structure.py is what CI trusts to say an export matches its DAG: it must pass on a true
 * export and name each difference on a tampered one.
 */
describe('check_airflow_structure.py', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  function exportTo(tamper: (dagId: string, source: string) => string = (_, s) => s): string {
    const dir = mkdtempSync(join(tmpdir(), 'structure-'));
    dirs.push(dir);
    for (const dag of HOUSING_DAGS) writeFileSync(join(dir, `${dag.id}.py`), tamper(dag.id, generateAirflowDag(dag, { datasets: HOUSING_DATASETS })));
    writeFileSync(join(dir, 'dags.json'), documentText(dagDocument(HOUSING_DAGS, HOUSING_DATASETS)));
    return dir;
  }

  const check = (dir: string) => spawnSync('python3', ['tests/export/check_airflow_structure.py', dir], { encoding: 'utf8' });

  it('passes a true export', () => {
    const result = check(exportTo());
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('names a lost dependency, a changed retry count, a dropped outlet and a manual schedule that became a dataset one', () => {
    const result = check(
      exportTo((dagId, source) =>
        dagId !== 'ml_producer'
          ? source
          : source
              .replace('    t_check_data >> t_featurize\n', '')
              .replace('retries=2,', 'retries=3,')
              .replace('outlets=[DS_RAW_HOUSING],', '')
              .replace('schedule=None,', 'schedule=[DS_RAW_HOUSING],'),
      ),
    );
    expect(result.status).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toEqual([
      "DAG 'ml_producer' (ml_producer.py): schedule differs: expected None, got {'dataset': 'playground://housing/raw'}",
      expect.stringMatching(/^DAG 'ml_producer' \(ml_producer\.py\): task 'extract' differs: expected \{.*'retries': 2.*\}, got \{.*'retries': 3.*\}$/),
      expect.stringMatching(/^DAG 'ml_producer' \(ml_producer\.py\): task 'save_raw_data' differs: expected \{.*'outlets': \['playground:\/\/housing\/raw'\].*\}, got \{.*'outlets': \[\].*\}$/),
      expect.stringMatching(/^DAG 'ml_producer' \(ml_producer\.py\): task 'featurize' differs: expected \{.*'upstream': \{'check_data'\}.*\}, got \{.*'upstream': set\(\).*\}$/),
      expect.stringMatching(/^DAG 'ml_producer' \(ml_producer\.py\): datasets produced differs: /),
    ]);
  });

  it('names a DAG with no module', () => {
    const dir = exportTo();
    rmSync(join(dir, 'ml_consumer.py'));
    const result = check(dir);
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe("DAG 'ml_consumer': no exported module declares it");
  });
});
