// `npm run export:airflow -- <dir> [--airflow 3|2] [--with <dags.json> …] [--file <dags.ts> …] [--lesson <name> …]
// [--authored raise|stub]`: writes one Airflow module per DAG (<dag_id>.py), the playground's own JSON of the same DAGs (dags.json, which tests/export/check_airflow_structure.py
// compares them with) and, when a housing DAG is among them, the California housing CSV its tasks read
// (california_housing.csv, beside the modules: the export runs offline). Built by Vite into node_modules/.cache (see
// vite.config.ts next to this file) and run with node: the same module resolution as the site, no TypeScript runner.
// A DAG file written in the page (--file, or a lesson by name) is read by the page's own engine (QuickJS, under Node
// here); with --authored stub its TypeScript tasks become @task.stub and typescript/ holds their handlers.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DagDefinition, DatasetDefinition } from '../../core/dag';
import { ALL_DAGS } from '../../pipelines/allDags';
import { HOUSING_CSV_PATH, HOUSING_DATASETS } from '../../pipelines/housing/datasets';
import { REGISTERED_TASKS } from '../../pipelines/registeredTasks';
import { DEFAULT_AIRFLOW_VERSION, parseAirflowVersion, type AirflowVersion } from '../airflow/flavour';
import { generateAirflowDag } from '../airflow/generateAirflow';
import { DEFAULT_AUTHORED_TASK_MODE, parseAuthoredTaskMode, type AuthoredTaskMode } from '../airflow/authoredTasks';
import { typescriptBundle } from '../airflow/typescriptHandlers';
import { LESSONS, lessonNamed } from '../../authoring/lessons';
import { createDagFilePool, readDagFile } from '../../authoring/readDagFile';
import { mergeDags, mergeDatasets } from '../../dagfile/dagCatalog';
import { dagDocument, documentText, exportFileName } from '../../dagfile/dagDocument';
import { importContext } from '../../dagfile/importContext';
import { errorText, parseDagDocument } from '../../dagfile/validateDagDocument';

const USAGE = [
  'Usage: npm run export:airflow -- <output dir> [--airflow 3|2] [--with <dag definitions .json> ...]',
  '         [--file <DAG file .ts> ...] [--lesson <name> ...] [--authored raise|stub]',
  `  --lesson: one of ${LESSONS.map((l) => l.name).join(', ')}`,
].join('\n');

/** The repository root: this file runs from node_modules/.cache/pipeline-playground-export/. */
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

interface Arguments {
  readonly dir: string;
  readonly airflow: AirflowVersion;
  readonly extra: readonly string[];
  /** DAG files written in the page: a path, or a lesson's name. */
  readonly files: readonly { readonly path?: string; readonly lesson?: string }[];
  readonly authored: AuthoredTaskMode;
}

function parseArguments(argv: readonly string[]): Arguments | string {
  const positional: string[] = [];
  const extra: string[] = [];
  const files: { path?: string; lesson?: string }[] = [];
  let airflow = DEFAULT_AIRFLOW_VERSION;
  let authored = DEFAULT_AUTHORED_TASK_MODE;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--with') extra.push(argv[++i] ?? '');
    else if (arg === '--file') files.push({ path: argv[++i] ?? '' });
    else if (arg === '--lesson') {
      const name = argv[++i] ?? '';
      if (!lessonNamed(name)) return `Unknown lesson ${JSON.stringify(name)}: one of ${LESSONS.map((l) => l.name).join(', ')}.`;
      files.push({ lesson: name });
    } else if (arg === '--authored') {
      try {
        authored = parseAuthoredTaskMode(argv[++i] ?? '');
      } catch (error) {
        return (error as Error).message;
      }
    }
    else if (arg === '--airflow') {
      try {
        airflow = parseAirflowVersion(argv[++i] ?? '');
      } catch (error) {
        return (error as Error).message;
      }
    } else if (arg === '--help' || arg === '-h' || arg.startsWith('-')) return USAGE;
    else positional.push(arg);
  }
  if (positional.length !== 1 || extra.includes('') || files.some((f) => f.path === '')) return USAGE;
  return { dir: resolve(positional[0]!), airflow, extra, files, authored };
}

/** Reads a DAG file with the page's engine; its DAGs and assets, or every problem as `file:line:column: message`. */
async function readFile(file: { path?: string; lesson?: string }, known: readonly DatasetDefinition[]) {
  const lesson = file.lesson === undefined ? undefined : lessonNamed(file.lesson)!;
  const fileName = lesson ? lesson.fileName : basename(file.path!);
  const text = lesson ? lesson.text : readFileSync(file.path!, 'utf8');
  const result = await readDagFile(createDagFilePool(), text, { fileName, knownAssets: known });
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  return { fileName, result, errors: errors.map((d) => `  ${fileName}:${d.line}:${d.column}: ${d.message}`) };
}

async function main(argv: readonly string[]): Promise<number> {
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
  for (const file of args.files) {
    const { fileName, result, errors } = await readFile(file, datasets);
    if (!result.ok || errors.length > 0) {
      console.error(`${fileName} was refused:\n${errors.join('\n')}`);
      return 1;
    }
    dags = mergeDags(dags, result.dags);
    datasets = mergeDatasets(datasets, result.assets);
  }
  mkdirSync(args.dir, { recursive: true });
  const names = new Set<string>();
  for (const dag of dags) {
    let name = exportFileName(dag.id, 'py');
    for (let n = 2; names.has(name); n++) name = exportFileName(`${dag.id}_${n}`, 'py');
    names.add(name);
    writeFileSync(join(args.dir, name), generateAirflowDag(dag, { datasets, airflow: args.airflow, authored: args.authored }));
  }
  const handlers = args.authored === 'stub' ? typescriptBundle(dags) : [];
  for (const file of handlers) {
    mkdirSync(dirname(join(args.dir, file.path)), { recursive: true });
    writeFileSync(join(args.dir, file.path), file.text);
  }
  writeFileSync(join(args.dir, 'dags.json'), documentText(dagDocument(dags, datasets)));
  const housing = dags.some((dag) => Object.hasOwn(REGISTERED_TASKS, dag.id));
  if (housing) copyFileSync(join(ROOT, 'public', HOUSING_CSV_PATH), join(args.dir, 'california_housing.csv'));
  console.log(
    `Wrote ${dags.length} Airflow ${args.airflow} DAG file(s), dags.json${housing ? ', california_housing.csv' : ''}${handlers.length > 0 ? `, ${handlers.length} file(s) of TypeScript handlers in typescript/` : ''} to ${args.dir}`,
  );
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
