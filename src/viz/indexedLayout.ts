/**
 * The layered layout's computation on node indices and typed arrays: what `layeredLayout` does for a list of node
 * objects and what the layout worker does for a packed graph, with no string, Map or object per node or edge.
 *
 * Why a core of its own: the layout worker runs this once per large graph, so it always runs cold (bytecode, no
 * optimised code yet). Written over ids, with an object per edge and a path string per edge the worker then threw away,
 * a 1,000-node fan took ~30 ms of the worker's CPU in the page; on a busy 2-core machine the worker got a third of a
 * core, which made that most of `graph_layout_1000_ms`. Over Int32Array adjacency lists the same layout is a few ms.
 *
 * Pure and deterministic: the input index is the tie-breaker everywhere.
 */

export interface LayoutOptions {
  /** Horizontal space between columns (where the edges run). */
  columnGap?: number;
  /** Vertical space between nodes of one column. */
  rowGap?: number;
  nodeWidth?: number;
  nodeHeight?: number;
  /**
   * A layer with more nodes than this is wrapped into several side-by-side sub-columns (in barycenter order, top to
   * bottom, then the next sub-column). Without it, a fan-out of 998 tasks would be one column 75,000 px tall that no
   * zoom level can show legibly. Default: no wrapping.
   */
  maxRowsPerColumn?: number;
}

export const LAYOUT_DEFAULTS: Readonly<Required<LayoutOptions>> = {
  columnGap: 64,
  rowGap: 24,
  nodeWidth: 170,
  nodeHeight: 52,
  maxRowsPerColumn: Number.POSITIVE_INFINITY,
};

export interface IndexedGraph {
  /** Width of each node; NaN takes `options.nodeWidth`. Its length is the node count. */
  readonly widths: Float64Array;
  /** Edges as index pairs, source at 2i and target at 2i + 1, every index a node's. Repeated edges count once. */
  readonly edges: Int32Array;
}

export interface IndexedLayout {
  /** x (left), y (top), width, height of each node, in input order: 4 numbers a node. */
  readonly boxes: Float64Array;
  /**
   * Layer (the length of the node's longest path from a root) and reading order (layer by layer, within a layer
   * sub-column by sub-column, top to bottom) of each node: 2 numbers a node.
   */
  readonly ranks: Int32Array;
  /** Extent of all nodes: every node lies within [0, width] × [0, height]. */
  readonly width: number;
  readonly height: number;
}

// Long cycles are cut short in error messages so a bad 1,000-node input stays readable.
const MAX_NAMED = 10;

/**
 * The edges without repeats, first occurrence first. Keyed by number (source · n + target), not by a string per edge:
 * a 5,000-node graph has 10,000 of them.
 */
export function uniqueEdgePairs(nodeCount: number, edges: Int32Array): Int32Array {
  const seen = new Set<number>();
  const unique = new Int32Array(edges.length);
  let length = 0;
  for (let i = 0; i < edges.length; i += 2) {
    const key = edges[i]! * nodeCount + edges[i + 1]!;
    if (seen.has(key)) continue;
    seen.add(key);
    unique[length++] = edges[i]!;
    unique[length++] = edges[i + 1]!;
  }
  return length === unique.length ? unique : unique.slice(0, length);
}

/** `nameOf(i)` names node i in the error thrown when the edges form a cycle. */
export function layoutIndexed(graph: IndexedGraph, options: LayoutOptions, nameOf: (node: number) => string): IndexedLayout {
  const { columnGap, rowGap, nodeWidth, nodeHeight, maxRowsPerColumn } = { ...LAYOUT_DEFAULTS, ...options };
  const maxRows = Math.max(1, Math.floor(maxRowsPerColumn));
  const n = graph.widths.length;
  const edges = uniqueEdgePairs(n, graph.edges);
  const predecessors = adjacency(n, edges, 1);
  const successors = adjacency(n, edges, 0);

  const order = topologicalOrder(n, predecessors, successors, nameOf);

  // Longest path from the roots: in topological order every predecessor's layer is already final.
  const layer = new Int32Array(n);
  let layerCount = n > 0 ? 1 : 0;
  for (const v of order) {
    for (let k = predecessors.start[v]!; k < predecessors.start[v + 1]!; k++) {
      layer[v] = Math.max(layer[v]!, layer[predecessors.list[k]!]! + 1);
    }
    layerCount = Math.max(layerCount, layer[v]! + 1);
  }

  // Members of each layer, in input order (a counting sort): layer l is members[layerStart[l], layerStart[l + 1]).
  const layerStart = new Int32Array(layerCount + 1);
  for (let v = 0; v < n; v++) layerStart[layer[v]! + 1]!++;
  for (let l = 0; l < layerCount; l++) layerStart[l + 1]! += layerStart[l]!;
  const members = new Int32Array(n);
  const fill = layerStart.slice(0, layerCount);
  for (let v = 0; v < n; v++) members[fill[layer[v]!]!++] = v;

  // Barycenter pass, left to right. Positions are measured from the centre of their column ("centred rank"), because
  // the columns are vertically centred on each other: rank 0 of a 1-node column and rank 1 of a 3-node column are on
  // the same row. Predecessors can sit in any earlier column (long edges), which centred ranks also make comparable.
  const centredRank = new Float64Array(n);
  const barycenter = new Float64Array(n);
  for (let l = 0; l < layerCount; l++) {
    const from = layerStart[l]!;
    const to = layerStart[l + 1]!;
    if (l > 0) {
      for (let i = from; i < to; i++) {
        const v = members[i]!;
        let sum = 0;
        for (let k = predecessors.start[v]!; k < predecessors.start[v + 1]!; k++) sum += centredRank[predecessors.list[k]!]!;
        // Every node past the first layer has a predecessor (that is why it is not in layer 0).
        barycenter[v] = sum / (predecessors.start[v + 1]! - predecessors.start[v]!);
      }
      // Ties are broken on input index explicitly, so the order never depends on the sort's stability.
      members.subarray(from, to).sort((a, b) => barycenter[a]! - barycenter[b]! || a - b);
    }
    const middle = (to - from - 1) / 2;
    for (let i = from; i < to; i++) centredRank[members[i]!] = i - from - middle;
  }

  // A layer is one column, or — past maxRows nodes — several sub-columns of at most maxRows each, balanced: 998 nodes
  // at most 32 a column make 32 columns of 31 or 32, not 31 full ones and a stub. Sub-columns are as wide as their
  // widest node; nodes are left-aligned in theirs so edges leaving a column start from a common x where possible.
  // Sub-columns of one layer sit a row gap apart, layers a column gap apart. The members array is already in reading
  // order: a sub-column is a slice of its layer.
  const widthOf = (v: number) => (Number.isNaN(graph.widths[v]!) ? nodeWidth : graph.widths[v]!);
  const columnHeight = (count: number) => count * nodeHeight + Math.max(0, count - 1) * rowGap;
  const boxes = new Float64Array(4 * n);
  const ranks = new Int32Array(2 * n);
  const subColumns = (from: number, to: number, each: (start: number, end: number, index: number) => void) => {
    const count = Math.max(1, Math.ceil((to - from) / maxRows));
    const rows = Math.ceil((to - from) / count);
    for (let c = 0; c < count; c++) each(Math.min(to, from + c * rows), Math.min(to, from + (c + 1) * rows), c);
  };

  let x = 0;
  let height = 0;
  for (let l = 0; l < layerCount; l++) {
    subColumns(layerStart[l]!, layerStart[l + 1]!, (start, end, c) => {
      if (c > 0) x += rowGap;
      let widest = 0;
      for (let i = start; i < end; i++) {
        const v = members[i]!;
        boxes[4 * v] = x;
        boxes[4 * v + 2] = widthOf(v);
        boxes[4 * v + 3] = nodeHeight;
        ranks[2 * v] = l;
        ranks[2 * v + 1] = i;
        widest = Math.max(widest, widthOf(v));
      }
      x += widest;
      height = Math.max(height, columnHeight(end - start));
    });
    x += columnGap;
  }
  const width = layerCount > 0 ? x - columnGap : 0;

  for (let l = 0; l < layerCount; l++) {
    subColumns(layerStart[l]!, layerStart[l + 1]!, (start, end) => {
      const top = (height - columnHeight(end - start)) / 2;
      for (let i = start; i < end; i++) boxes[4 * members[i]! + 1] = top + (i - start) * (nodeHeight + rowGap);
    });
  }

  return { boxes, ranks, width, height };
}

/** Each node's neighbours on one side (`end` 1: predecessors, 0: successors) as a CSR list, in edge order. */
function adjacency(n: number, edges: Int32Array, end: 0 | 1): { start: Int32Array; list: Int32Array } {
  const start = new Int32Array(n + 1);
  for (let i = end; i < edges.length; i += 2) start[edges[i]! + 1]!++;
  for (let v = 0; v < n; v++) start[v + 1]! += start[v]!;
  const list = new Int32Array(edges.length / 2);
  const fill = start.slice(0, n);
  for (let i = 0; i < edges.length; i += 2) list[fill[edges[i + end]!]!++] = edges[i + 1 - end]!;
  return { start, list };
}

type Adjacency = ReturnType<typeof adjacency>;

/** Kahn's algorithm, ready queue in input order. Throws naming a concrete cycle if there is one. */
function topologicalOrder(n: number, predecessors: Adjacency, successors: Adjacency, nameOf: (node: number) => string): Int32Array {
  const indegree = new Int32Array(n);
  for (let v = 0; v < n; v++) indegree[v] = predecessors.start[v + 1]! - predecessors.start[v]!;
  const order = new Int32Array(n);
  let released = 0;
  for (let v = 0; v < n; v++) if (indegree[v] === 0) order[released++] = v;
  // `order` doubles as the queue: index i is the next node to release.
  for (let i = 0; i < released; i++) {
    const v = order[i]!;
    for (let k = successors.start[v]!; k < successors.start[v + 1]!; k++) {
      const next = successors.list[k]!;
      if (--indegree[next]! === 0) order[released++] = next;
    }
  }
  if (released === n) return order;

  // Every node Kahn could not release still has a predecessor that was not released either. Walking backwards along
  // such predecessors must revisit a node, and the walk from that node's first visit is a cycle.
  let v = indegree.findIndex((d) => d > 0);
  const visitedAt = new Map<number, number>();
  const walk: number[] = [];
  while (!visitedAt.has(v)) {
    visitedAt.set(v, walk.length);
    walk.push(v);
    const from = predecessors.start[v]!;
    const to = predecessors.start[v + 1]!;
    let next = -1;
    for (let k = from; k < to && next < 0; k++) if (indegree[predecessors.list[k]!]! > 0) next = predecessors.list[k]!;
    v = next;
  }
  // The walk went against the edges; reverse it so the message reads in edge direction.
  const cycle = walk.slice(visitedAt.get(v)!).reverse().map(nameOf);
  const shown = cycle.length > MAX_NAMED ? [...cycle.slice(0, MAX_NAMED), '…'] : [...cycle, cycle[0]!];
  throw new Error(`layeredLayout: edges form a cycle: ${shown.join(' → ')}`);
}
