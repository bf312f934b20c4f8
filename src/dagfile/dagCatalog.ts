import type { DagDefinition, DatasetDefinition } from '../core/dag';
import { datasetDefinition, datasetsOfDag } from './dagDocument';

/**
 * The DAG list the playground runs: the built-in DAGs, with imported ones replacing a built-in DAG of the same id in
 * place and the others appended, in the order they were imported.
 */
export function mergeDags(builtIn: readonly DagDefinition[], imported: readonly DagDefinition[]): DagDefinition[] {
  const byId = new Map(imported.map((dag) => [dag.id as string, dag]));
  const merged = builtIn.map((dag) => byId.get(dag.id) ?? dag);
  const builtInIds = new Set(builtIn.map((dag) => dag.id as string));
  return [...merged, ...imported.filter((dag) => !builtInIds.has(dag.id))];
}

/** The imported DAGs after another import: same id replaced in place, new ones appended. */
export function addImported(previous: readonly DagDefinition[], incoming: readonly DagDefinition[]): DagDefinition[] {
  const incomingIds = new Map(incoming.map((dag) => [dag.id as string, dag]));
  const kept = previous.map((dag) => incomingIds.get(dag.id) ?? dag);
  const previousIds = new Set(previous.map((dag) => dag.id as string));
  return [...kept, ...incoming.filter((dag) => !previousIds.has(dag.id))];
}

/** Dataset definitions, later ones replacing earlier ones of the same id. */
export function mergeDatasets(...lists: readonly (readonly DatasetDefinition[])[]): DatasetDefinition[] {
  const byId = new Map<string, DatasetDefinition>();
  for (const list of lists) for (const dataset of list) byId.set(dataset.id, dataset);
  return [...byId.values()];
}

/**
 * The dataset definitions of a DAG list: the declared ones (later lists replacing earlier ones of the same id), then
 * every dataset a DAG names in an outlet or a schedule that no list declares, declared by its use with the URI the
 * export gives it (`playground://<id>`), as Airflow creates an asset the first time a DAG names it. So every view —
 * the lineage graph, the datasets table, the export — knows every dataset a DAG can update or wait for.
 */
export function catalogDatasets(dags: readonly DagDefinition[], ...declared: readonly (readonly DatasetDefinition[])[]): DatasetDefinition[] {
  const merged = mergeDatasets(...declared);
  const known = new Set<string>(merged.map((dataset) => dataset.id));
  for (const dag of dags) {
    for (const id of datasetsOfDag(dag)) {
      if (known.has(id)) continue;
      known.add(id);
      merged.push(datasetDefinition(id, []));
    }
  }
  return merged;
}

/** What an import does to the DAG list, for the summary a person reads. */
export interface ImportSummary {
  readonly added: readonly string[];
  readonly replaced: readonly string[];
  /** DAGs no longer scheduled (a reset removes the imported ones); their runs stay stored. */
  readonly removed: readonly string[];
}

export function summarizeImport(current: readonly DagDefinition[], incoming: readonly DagDefinition[]): ImportSummary {
  const ids = new Set(current.map((dag) => dag.id as string));
  return {
    added: incoming.filter((dag) => !ids.has(dag.id)).map((dag) => dag.id),
    replaced: incoming.filter((dag) => ids.has(dag.id)).map((dag) => dag.id),
    removed: [],
  };
}
