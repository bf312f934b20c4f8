import { producedDatasets, scheduledDatasets, type DagDefinition, type DatasetDefinition } from '../../core/dag';
import { normalizeAssetUri } from '../../core/assetUri';
import type { DatasetId } from '../../core/ids';
import { datasetDefinition } from '../../dagfile/dagDocument';
import { DEFAULT_AUTHORED_TASK_MODE, type AuthoredTaskMode } from './authoredTasks';
import type { PythonHelper } from './bodyContext';
import { dagDecorator, taskBlock } from './decorators';
import { DEFAULT_AIRFLOW_VERSION, flavourOf, type AirflowVersion, type Flavour } from './flavour';
import { Identifiers, pyCommentText, pyString } from './python';
import { taskBody } from './taskBodies';
import commonPy from './py/common.py?raw';
import filesPy from './py/files.py?raw';
import housingDataPy from './py/housing_data.py?raw';
import housingModelPy from './py/housing_model.py?raw';
import splitPy from './py/seeded_split.py?raw';

/**
 * DagDefinition → a Python module for Apache Airflow 3 (the default: `airflow.sdk`, assets) or 2.9–2.10 (datasets),
 * TaskFlow API. Pure: same DAG in, same text out. What the scheduler reads from the definition becomes the matching
 * Airflow argument (decorators.ts); each task gets a body (taskBodies.ts) and the module the Python helpers those
 * bodies use (py/*.py, the same text for every module). Asset URIs are written as Airflow normalizes them. The module
 * ends with `dag.test()` under `__main__`, so `python <dag>.py` runs it in one process. tests/export/ reads the result
 * back with `ast` and runs it against a strict stand-in of Airflow.
 */
export interface AirflowExportOptions {
  /** Asset (dataset) URIs; one not listed gets `playground://<id>`. */
  readonly datasets: readonly DatasetDefinition[];
  /** 3 (default) or 2. */
  readonly airflow?: AirflowVersion;
  /** What a task written in TypeScript in the page becomes: `raise` (default) or `stub` (authoredTasks.ts). */
  readonly authored?: AuthoredTaskMode;
}

const HELPERS: readonly { readonly name: PythonHelper; readonly text: string }[] = [
  { name: 'files', text: filesPy },
  { name: 'split', text: splitPy },
  { name: 'housing', text: `${housingDataPy.trimEnd()}\n\n\n${housingModelPy}` },
];

/** The names a helper text binds at module level (functions and constants): no task function may shadow them. */
const definedNames = (text: string) => [...text.matchAll(/^(?:def\s+([A-Za-z_]\w*)|([A-Za-z_]\w*)\s*=)/gm)].map((m) => (m[1] ?? m[2])!);

const BASE_NAMES = ['json', 'logging', 'math', 'os', 'time', 'datetime', 'timedelta', 'log', 'DATA_DIR', 'SEED'];
const HELPER_NAMES = [commonPy, ...HELPERS.map((h) => h.text)].flatMap(definedNames);

export function generateAirflowDag(dag: DagDefinition, options: AirflowExportOptions): string {
  const flavour = flavourOf(options.airflow ?? DEFAULT_AIRFLOW_VERSION);
  const taken = [...BASE_NAMES, ...flavour.importedNames, ...HELPER_NAMES];
  const moduleNames = new Identifiers(taken);
  const assetIds = [...new Set([...scheduledDatasets(dag), ...producedDatasets(dag)])];
  const assetVars = new Map<DatasetId, string>(assetIds.map((id) => [id, moduleNames.make(id.toUpperCase(), flavour.assetVariablePrefix)]));
  const dagFunction = moduleNames.make(dag.id);
  const dagObject = moduleNames.make(`${dag.id}_dag`);
  const asset = (id: DatasetId) => assetVars.get(id) ?? assetCall(id, options.datasets, flavour).call;

  const downstreamOf = new Map<string, string[]>(dag.tasks.map((t) => [t.id, []]));
  for (const task of dag.tasks) for (const up of task.upstream) downstreamOf.get(up)?.push(task.id);

  const scope = new Identifiers([...taken, dagFunction, dagObject, ...assetVars.values()]);
  const names = dag.tasks.map((task) => ({ fn: scope.make(task.id), variable: scope.make(task.id, 't_') }));
  const helpers = new Set<PythonHelper>();
  const taskBlocks = dag.tasks.map((task, i) => {
    const body = taskBody({
      dagId: dag.id,
      task,
      kind: task.kind ?? 'task',
      downstream: downstreamOf.get(task.id) ?? [],
      flavour,
      asset,
      ...(dag.source ? { source: dag.source } : {}),
      authored: options.authored ?? DEFAULT_AUTHORED_TASK_MODE,
    });
    for (const helper of body.helpers) helpers.add(helper);
    return taskBlock(task, names[i]!.fn, body, asset, flavour);
  });

  const out: string[] = [];
  out.push(`"""${moduleDocstring(dag, flavour)}"""`);
  out.push('from __future__ import annotations', '');
  out.push('import json', 'import logging', 'import math', 'import os', 'import time', 'from datetime import datetime, timedelta', '');
  out.push(...flavour.importLines, '');
  out.push('log = logging.getLogger(__name__)', '');
  out.push(`# Where ${flavour.assetWord}s, task outputs and models live (the playground keeps them in IndexedDB, in the browser).`);
  out.push('DATA_DIR = os.environ.get("PLAYGROUND_DATA_DIR", "/tmp/pipeline_playground")');
  out.push('# The playground\'s ?seed= (default 42): the same split, the same shuffles, the same corrupted rows.');
  out.push('SEED = int(os.environ.get("PLAYGROUND_SEED", "42"))', '');
  if (assetIds.length > 0) {
    out.push(`# ${flavour.assetWord === 'asset' ? 'Assets (Airflow 2 called them datasets), named and' : 'Datasets,'} identified by URI as Airflow normalizes it.`);
    for (const id of assetIds) {
      const def = datasetDefinition(id, options.datasets);
      if (def.description) out.push(`# ${pyCommentText(`${id}: ${def.description}`)}`);
      const { call, problem } = assetCall(id, options.datasets, flavour);
      if (problem) out.push(`# Airflow will refuse this ${flavour.assetWord} at import: ${pyCommentText(problem)}`);
      out.push(`${assetVars.get(id)!} = ${call}`);
    }
    out.push('');
  }
  out.push(commonPy.trimEnd(), '');
  for (const helper of HELPERS) if (helpers.has(helper.name)) out.push('', helper.text.trimEnd(), '');
  out.push('');
  out.push(...dagDecorator(dag, asset));
  out.push(`def ${dagFunction}():`);
  if (dag.description) out.push(`    ${pyString(dag.description)}`);
  for (const block of taskBlocks) out.push('', ...block.map((line) => (line === '' ? '' : `    ${line}`)));
  out.push('');
  out.push(`    # Instantiate the tasks (TaskFlow: calling a decorated function adds the task to this ${flavour.dagWord}).`);
  dag.tasks.forEach((_, i) => out.push(`    ${names[i]!.variable} = ${names[i]!.fn}()`));
  const edges = dag.tasks.flatMap((task, i) =>
    task.upstream.map((up) => {
      const from = dag.tasks.findIndex((t) => t.id === up);
      return from < 0 ? `    # unknown upstream task ${pyCommentText(up)}` : `    ${names[from]!.variable} >> ${names[i]!.variable}`;
    }),
  );
  if (edges.length > 0) out.push('', '    # Dependencies: upstream >> downstream.', ...edges);
  out.push('', '', `${dagObject} = ${dagFunction}()`, '');
  out.push('if __name__ == "__main__":');
  out.push(`    # \`python ${pyCommentText(dag.id)}.py\` runs every task once, in this process, as \`airflow dags test\` does.`);
  out.push(`    ${dagObject}.test()`, '');
  return out.join('\n');
}

/** An asset's constructor call with its URI as Airflow normalizes it, and why Airflow would refuse it, if it would. */
function assetCall(id: DatasetId, known: readonly DatasetDefinition[], flavour: Flavour): { call: string; problem: string | null } {
  const raw = datasetDefinition(id, known).uri;
  const normalized = normalizeAssetUri(raw);
  const uri = normalized.ok ? normalized.uri : raw;
  return { call: flavour.assetCall(pyString(id), pyString(uri)), problem: normalized.ok ? null : normalized.message };
}

function moduleDocstring(dag: DagDefinition, flavour: Flavour): string {
  // The docstring is a plain literal's content: escape it as a string and strip the quotes, so no `"""` closes it.
  const text = pyString(dag.description ?? '').slice(1, -1);
  return [
    `${pyString(dag.id).slice(1, -1)}: exported from Pipeline Playground for ${flavour.label} (TaskFlow API).`,
    '',
    text,
    '',
    ...(dag.source
      ? [
          `Written in the page as ${pyString(dag.source.fileName).slice(1, -1)}: its tasks written in TypeScript keep that code in their docstrings`,
          '(README, "Export to Airflow": authored DAGs).',
          '',
        ]
      : []),
    'Differences from the browser version (README, "Export to Airflow"):',
    `- the playground stores ${flavour.assetWord}s in IndexedDB as typed-array columns; here tasks write CSV files under DATA_DIR;`,
    '- its tasks run in Web Workers (danfojs, TensorFlow.js); here the executor runs them (pandas, scikit-learn);',
    `- ${flavour.assetWord === 'asset' ? 'an' : 'a'} ${flavour.assetWord}-triggered run there reads exactly the version whose event triggered it; here, the newest file.`,
    '',
  ].join('\n');
}
