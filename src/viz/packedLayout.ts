import { edgePath, layeredLayout, type GraphLayout, type LayoutEdgeInput, type LayoutNodeInput, type LayoutOptions } from './layeredLayout';

/**
 * The layout's input and output as typed-array columns, the form in which a graph crosses to the layout worker and
 * back: node ids once as strings, everything numeric as transferable buffers (no per-node objects are cloned).
 */
export interface PackedGraph {
  readonly ids: readonly string[];
  /** Width of each node, in `ids` order. */
  readonly widths: Float64Array;
  /** Edges as index pairs into `ids`: source at 2i, target at 2i + 1. */
  readonly edges: Int32Array;
  readonly options: LayoutOptions;
}

export interface PackedLayout {
  /** x, y, width, height of each node, in input order: 4 numbers a node. */
  readonly boxes: Float64Array;
  /** layer and reading order of each node: 2 numbers a node. */
  readonly ranks: Int32Array;
  readonly width: number;
  readonly height: number;
}

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

/** Runs the layered layout on a packed graph; what the layout worker does. */
export function layoutPacked(graph: PackedGraph): PackedLayout {
  const nodes = graph.ids.map((id, i) => (Number.isNaN(graph.widths[i]!) ? { id } : { id, width: graph.widths[i]! }));
  const edges: LayoutEdgeInput[] = [];
  for (let i = 0; i < graph.edges.length; i += 2) {
    const [s, t] = [graph.edges[i]!, graph.edges[i + 1]!];
    if (s < 0 || t < 0) throw new Error(`layeredLayout: edge ${i / 2} references a node id that is not in the graph`);
    edges.push({ source: graph.ids[s]!, target: graph.ids[t]! });
  }
  const layout = layeredLayout(nodes, edges, graph.options);
  const boxes = new Float64Array(layout.nodes.length * 4);
  const ranks = new Int32Array(layout.nodes.length * 2);
  layout.nodes.forEach((node, i) => {
    boxes.set([node.x, node.y, node.width, node.height], 4 * i);
    ranks.set([node.layer, node.order], 2 * i);
  });
  return { boxes, ranks, width: layout.width, height: layout.height };
}

/**
 * The full layout again, on the receiving side: nodes from the columns, edge paths drawn from the node boxes (cheap:
 * a string per edge), duplicates dropped as layeredLayout drops them.
 */
export function unpackLayout(graph: Pick<PackedGraph, 'ids' | 'edges'>, packed: PackedLayout): GraphLayout {
  const { boxes, ranks } = packed;
  const nodes = graph.ids.map((id, i) => ({
    id,
    x: boxes[4 * i]!,
    y: boxes[4 * i + 1]!,
    width: boxes[4 * i + 2]!,
    height: boxes[4 * i + 3]!,
    layer: ranks[2 * i]!,
    order: ranks[2 * i + 1]!,
  }));
  const seen = new Set<number>();
  const edges: GraphLayout['edges'] = [];
  const n = graph.ids.length;
  for (let i = 0; i < graph.edges.length; i += 2) {
    const [s, t] = [graph.edges[i]!, graph.edges[i + 1]!];
    const key = s * n + t;
    if (seen.has(key)) continue;
    seen.add(key);
    edges.push({ source: graph.ids[s]!, target: graph.ids[t]!, path: edgePath(nodes[s]!, nodes[t]!) });
  }
  return { nodes, edges, width: packed.width, height: packed.height };
}
