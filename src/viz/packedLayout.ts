import { layoutIndexed, type IndexedGraph, type IndexedLayout, type LayoutOptions } from './indexedLayout';
import { graphLayoutOf, type GraphLayout, type LayoutEdgeInput, type LayoutNodeInput } from './layeredLayout';

/**
 * The layout's input and output as typed-array columns, the form in which a graph crosses to the layout worker and
 * back: node ids once as strings, everything numeric as transferable buffers (no per-node objects are cloned).
 */
export interface PackedGraph extends IndexedGraph {
  /** The nodes' ids; `widths` and the edges' indices are in this order. */
  readonly ids: readonly string[];
  readonly options: LayoutOptions;
}

/** x, y, width, height (`boxes`) and layer, reading order (`ranks`) of each node, in input order. */
export type PackedLayout = IndexedLayout;

export function packGraph(
  nodes: readonly LayoutNodeInput[],
  edges: readonly LayoutEdgeInput[],
  options: LayoutOptions = {},
): PackedGraph {
  const index = new Map(nodes.map((node, i) => [node.id, i]));
  const packed = new Int32Array(edges.length * 2);
  edges.forEach((edge, i) => {
    // An unknown id becomes -1, which layoutPacked reports by name (as layeredLayout does) rather than guessing.
    packed[2 * i] = index.get(edge.source) ?? -1;
    packed[2 * i + 1] = index.get(edge.target) ?? -1;
  });
  const widths = Float64Array.from(nodes, (node) => node.width ?? Number.NaN);
  return { ids: nodes.map((node) => node.id), widths, edges: packed, options };
}

/** Runs the layered layout on a packed graph, on its typed arrays as they arrived; what the layout worker does. */
export function layoutPacked(graph: PackedGraph): PackedLayout {
  const { ids, edges } = graph;
  for (let i = 0; i < edges.length; i++) {
    if (edges[i]! < 0 || edges[i]! >= ids.length) {
      throw new Error(`layeredLayout: edge ${i >> 1} references a node id that is not in the graph`);
    }
  }
  if (graph.widths.length !== ids.length) throw new Error('layeredLayout: a packed graph needs one width per node id');
  return layoutIndexed(graph, graph.options, (i) => ids[i]!);
}

/**
 * The full layout again, on the receiving side: nodes from the columns, edge paths drawn from the node boxes (cheap:
 * a string per edge), duplicates dropped as layeredLayout drops them.
 */
export function unpackLayout(graph: Pick<PackedGraph, 'ids' | 'edges'>, packed: PackedLayout): GraphLayout {
  return graphLayoutOf(graph.ids, graph.edges, packed);
}
