import { describe, expect, it } from 'vitest';
import type { DagDefinition } from '../../../../src/core/dag';
import { dagId, datasetId, taskId } from '../../../../src/core/ids';
import { HOUSING_DAGS } from '../../../../src/pipelines/housing/dags';
import { HOUSING_DATASETS } from '../../../../src/pipelines/housing/datasets';
import { lineageModel } from '../../../../src/ui/datasets/lineageModel';
import { layeredLayout } from '../../../../src/viz/layeredLayout';

/** A DAG whose task updates a dataset that no definition lists (an imported document may do that). */
const odd: DagDefinition = {
  id: dagId('odd'),
  schedule: { type: 'manual' },
  tasks: [{ id: taskId('write'), upstream: [], operator: 'noop', outlets: [datasetId('nowhere')] }],
};

describe('lineageModel', () => {
  it('gives every dataset a DAG names a node, so no edge points nowhere and the layout never refuses the graph', () => {
    const model = lineageModel([...HOUSING_DAGS, odd], HOUSING_DATASETS, () => undefined, [], null);
    const ids = new Set(model.nodes.map((n) => n.id));
    expect(ids.has('dataset:nowhere')).toBe(true);
    for (const edge of model.edges) {
      expect(ids.has(edge.source) && ids.has(edge.target)).toBe(true);
    }
    expect(() => layeredLayout(model.nodes.map((n) => ({ id: n.id, width: 100 })), model.edges)).not.toThrow();
  });

  it('keeps one node per dataset whether it is declared, used, or both', () => {
    const model = lineageModel(HOUSING_DAGS, HOUSING_DATASETS, () => undefined, [], 'built_features');
    const datasetNodes = model.nodes.filter((n) => n.kind === 'dataset').map((n) => n.id);
    expect(new Set(datasetNodes).size).toBe(datasetNodes.length);
    expect(model.selectedId).toBe('dataset:built_features');
  });
});
