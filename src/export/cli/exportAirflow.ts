// `npm run export:airflow -- <dir> [--with <dags.json> …]`: writes one Airflow module per DAG (<dag_id>.py) and the
// playground's own JSON of the same DAGs (dags.json), which tests/export/check_airflow_structure.py compares them with.
// Built by Vite into node_modules/.cache (see vite.config.ts next to this file) and run with node: the same module
// resolution as the site, and no TypeScript runner to add.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { DagDefinition, DatasetDefinition } from '../../core/dag';
import { ALL_DAGS } from '../../pipelines/allDags';
import { HOUSING_DATASETS } from '../../pipelines/housing/datasets';
import { generateAirflowDag } from '../airflow/generateAirflow';
import { mergeDags, mergeDatasets } from '../../dagfile/dagCatalog';
import { dagDocument, documentText, exportFileName } from '../../dagfile/dagDocument';
import { importContext } from '../../dagfile/importContext';
import { errorText, parseDagDocument } from '../../dagfile/validateDagDocument';

function main(argv: readonly string[]): number {
  const positional: string[] = [];
  const extra: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--with') extra.push(argv[++i] ?? '');
    else if (argv[i] === '--help' || argv[i] === '-h') positional.length = 0;
    else positional.push(argv[i]!);
  }
  if (positional.length !== 1 || extra.includes('')) {
    console.error('Usage: npm run export:airflow -- <output dir> [--with <dag definitions .json> ...]');
    return 2;
  }
  let dags: DagDefinition[] = [...ALL_DAGS];
  let datasets: DatasetDefinition[] = [...HOUSING_DATASETS];
  for (const file of extra) {
    const result = parseDagDocument(readFileSync(file, 'utf8'), importContext(dags, datasets));
    if (!result.ok) {
      console.error(`${file} was refused:\n${result.errors.map((e) => `  ${errorText(e)}`).join('\n')}`);
      return 1;
    }
    dags = mergeDags(dags, result.document.dags);
    datasets = mergeDatasets(datasets, result.document.datasets ?? []);
  }
  const dir = resolve(positional[0]!);
  mkdirSync(dir, { recursive: true });
  const names = new Set<string>();
  for (const dag of dags) {
    let name = exportFileName(dag.id, 'py');
    for (let n = 2; names.has(name); n++) name = exportFileName(`${dag.id}_${n}`, 'py');
    names.add(name);
    writeFileSync(join(dir, name), generateAirflowDag(dag, { datasets }));
  }
  writeFileSync(join(dir, 'dags.json'), documentText(dagDocument(dags, datasets)));
  console.log(`Wrote ${dags.length} Airflow DAG file(s) and dags.json to ${dir}`);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
