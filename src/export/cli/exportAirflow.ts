// `npm run export:airflow -- <dir> [--airflow 3|2] [--with <dags.json> …]`: writes one Airflow module per DAG
// (<dag_id>.py), the playground's own JSON of the same DAGs (dags.json, which tests/export/check_airflow_structure.py
// compares them with) and, when a housing DAG is among them, the California housing CSV its tasks read
// (california_housing.csv, beside the modules: the export runs offline). Built by Vite into node_modules/.cache (see
// vite.config.ts next to this file) and run with node: the same module resolution as the site, no TypeScript runner.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DagDefinition, DatasetDefinition } from '../../core/dag';
import { ALL_DAGS } from '../../pipelines/allDags';
import { HOUSING_CSV_PATH, HOUSING_DATASETS } from '../../pipelines/housing/datasets';
import { REGISTERED_TASKS } from '../../pipelines/registeredTasks';
import { DEFAULT_AIRFLOW_VERSION, parseAirflowVersion, type AirflowVersion } from '../airflow/flavour';
import { generateAirflowDag } from '../airflow/generateAirflow';
import { mergeDags, mergeDatasets } from '../../dagfile/dagCatalog';
import { dagDocument, documentText, exportFileName } from '../../dagfile/dagDocument';
import { importContext } from '../../dagfile/importContext';
import { errorText, parseDagDocument } from '../../dagfile/validateDagDocument';

const USAGE = 'Usage: npm run export:airflow -- <output dir> [--airflow 3|2] [--with <dag definitions .json> ...]';

/** The repository root: this file runs from node_modules/.cache/pipeline-playground-export/. */
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

interface Arguments {
  readonly dir: string;
  readonly airflow: AirflowVersion;
  readonly extra: readonly string[];
}

function parseArguments(argv: readonly string[]): Arguments | string {
  const positional: string[] = [];
  const extra: string[] = [];
  let airflow = DEFAULT_AIRFLOW_VERSION;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--with') extra.push(argv[++i] ?? '');
    else if (arg === '--airflow') {
      try {
        airflow = parseAirflowVersion(argv[++i] ?? '');
      } catch (error) {
        return (error as Error).message;
      }
    } else if (arg === '--help' || arg === '-h' || arg.startsWith('-')) return USAGE;
    else positional.push(arg);
  }
  if (positional.length !== 1 || extra.includes('')) return USAGE;
  return { dir: resolve(positional[0]!), airflow, extra };
}

function main(argv: readonly string[]): number {
  const args = parseArguments(argv);
  if (typeof args === 'string') {
    console.error(args);
    return 2;
  }
  let dags: DagDefinition[] = [...ALL_DAGS];
  let datasets: DatasetDefinition[] = [...HOUSING_DATASETS];
  for (const file of args.extra) {
    const result = parseDagDocument(readFileSync(file, 'utf8'), importContext(dags, datasets));
    if (!result.ok) {
      console.error(`${file} was refused:\n${result.errors.map((e) => `  ${errorText(e)}`).join('\n')}`);
      return 1;
    }
    dags = mergeDags(dags, result.document.dags);
    datasets = mergeDatasets(datasets, result.document.datasets ?? []);
  }
  mkdirSync(args.dir, { recursive: true });
  const names = new Set<string>();
  for (const dag of dags) {
    let name = exportFileName(dag.id, 'py');
    for (let n = 2; names.has(name); n++) name = exportFileName(`${dag.id}_${n}`, 'py');
    names.add(name);
    writeFileSync(join(args.dir, name), generateAirflowDag(dag, { datasets, airflow: args.airflow }));
  }
  writeFileSync(join(args.dir, 'dags.json'), documentText(dagDocument(dags, datasets)));
  const housing = dags.some((dag) => Object.hasOwn(REGISTERED_TASKS, dag.id));
  if (housing) copyFileSync(join(ROOT, 'public', HOUSING_CSV_PATH), join(args.dir, 'california_housing.csv'));
  console.log(
    `Wrote ${dags.length} Airflow ${args.airflow} DAG file(s), dags.json${housing ? ' and california_housing.csv' : ''} to ${args.dir}`,
  );
  return 0;
}

process.exitCode = main(process.argv.slice(2));
