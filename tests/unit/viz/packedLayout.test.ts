import { describe, expect, it } from 'vitest';
import { accessibleName } from '../../../src/viz/graphModel';
import { layeredLayout } from '../../../src/viz/layeredLayout';
import { layoutPacked, packGraph, unpackLayout } from '../../../src/viz/packedLayout';

const fan = (size: number) => {
  const middle = Array.from({ length: size - 2 }, (_, i) => `m${i}`);
  const nodes = [{ id: 'start' }, ...middle.map((id, i) => ({ id, width: 150 + (i % 3) * 10 })), { id: 'end' }];
  const edges = [...middle.map((id) => ({ source: 'start', target: id })), ...middle.map((id) => ({ source: id, target: 'end' }))];
  return { nodes, edges };
};

describe('packed layout (what crosses to the layout worker and back)', () => {
  it('gives exactly the layout layeredLayout gives, through typed arrays', () => {
    const { nodes, edges } = fan(1000);
    const options = { maxRowsPerColumn: 40, nodeHeight: 52 };
    const graph = packGraph(nodes, edges, options);
    expect(graph.widths).toBeInstanceOf(Float64Array);
    expect(graph.edges).toBeInstanceOf(Int32Array);
    const packed = layoutPacked(graph);
    expect(packed.boxes).toHaveLength(4 * 1000);
    expect(packed.ranks).toHaveLength(2 * 1000);
    expect(unpackLayout(graph, packed)).toEqual(layeredLayout(nodes, edges, options));
  });

  it('drops duplicate edges as layeredLayout does, and names a bad edge', () => {
    const nodes = [{ id: 'a' }, { id: 'b' }];
    const graph = packGraph(nodes, [{ source: 'a', target: 'b' }, { source: 'a', target: 'b' }]);
    expect(unpackLayout(graph, layoutPacked(graph)).edges).toHaveLength(1);
    expect(() => layoutPacked(packGraph(nodes, [{ source: 'a', target: 'ghost' }]))).toThrow(/edge 0 references a node id/);
  });
});

describe('accessibleName', () => {
  it('is the visible text, with the state in words only where the text does not say it', () => {
    expect(accessibleName({ label: 'extract', sublabel: 'success · try 1', state: 'success' })).toBe('extract success · try 1');
    expect(accessibleName({ label: 'extract', sublabel: 'none', state: 'none' })).toBe('extract none, no status');
    expect(accessibleName({ label: 'built_features', sublabel: '20,640 rows', state: 'dataset' })).toBe('built_features 20,640 rows, asset');
    expect(accessibleName({ label: 'train', state: 'upstream_failed' })).toBe('train, upstream failed');
  });
});
