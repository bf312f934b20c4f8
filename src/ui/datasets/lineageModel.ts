import { producedDatasets, scheduledDatasets, type DagDefinition, type DatasetDefinition } from '../../core/dag';
import type { DagRun } from '../../core/model';
import type { DatasetVersionMeta } from '../../core/records';
import type { GraphModel } from '../../viz/graphModel';
import type { VizState } from '../../viz/stateStyle';
import { formatCount } from '../format';

export const dagNode = (id: string) => `dag:${id}`;
export const datasetNode = (id: string) => `dataset:${id}`;

/**
 * The lineage graph of the datasets view: a node per DAG and per dataset, an edge from each DAG to the datasets it
 * updates and from each dataset to the DAGs it schedules. A dataset a DAG names without a definition still gets its
 * node (the catalog declares such datasets by their use; this keeps the graph whole even if a list falls behind):
 * one odd reference never leaves an edge to nowhere, which the layout refuses, blanking the whole view.
 */
export function lineageModel(
  dags: readonly DagDefinition[],
  datasets: readonly DatasetDefinition[],
  lastRunOf: (dag: DagDefinition) => DagRun | undefined,
  versions: readonly DatasetVersionMeta[],
  selectedDatasetId: string | null,
): GraphModel {
  const datasetIds = new Set<string>(datasets.map((dataset) => dataset.id));
  for (const dag of dags) for (const id of [...producedDatasets(dag), ...scheduledDatasets(dag)]) datasetIds.add(id);
  const nodes = [
    ...dags.map((dag) => {
      const last = lastRunOf(dag);
      const state: VizState = last?.state ?? 'dag';
      return { id: dagNode(dag.id), label: dag.id, sublabel: last ? `last run ${last.state}` : 'no runs', state, kind: 'dag' as const };
    }),
    ...[...datasetIds].map((id) => {
      const latest = versions.find((v) => v.datasetId === id);
      return {
        id: datasetNode(id),
        label: id,
        sublabel: latest ? `${formatCount(latest.rowCount)} rows` : 'no version yet',
        state: 'dataset' as const,
        kind: 'dataset' as const,
      };
    }),
  ];
  const edges = dags.flatMap((dag) => [
    ...producedDatasets(dag).map((ds) => ({ source: dagNode(dag.id), target: datasetNode(ds) })),
    ...scheduledDatasets(dag).map((ds) => ({ source: datasetNode(ds), target: dagNode(dag.id) })),
  ]);
  return { nodes, edges, selectedId: selectedDatasetId ? datasetNode(selectedDatasetId) : null };
}
