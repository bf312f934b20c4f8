/**
 * A left-to-right layered ("Sugiyama-style") layout for DAGs, as Airflow's graph view draws them: each node sits in
 * the column of its longest path from a root, so every edge points rightwards.
 *
 * Pure: no DOM, deterministic for a given input, and O(V + E) per pass (plus a sort per layer), so a 1,000-node graph
 * lays out in milliseconds.
 */

export interface LayoutNodeInput {
  id: string;
  /** Overrides `options.nodeWidth` for this node (e.g. to fit a long label). */
  width?: number;
}

export interface LayoutEdgeInput {
  source: string;
  target: string;
}

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

export interface LaidOutNode {
  id: string;
  /** Left edge. */
  x: number;
  /** Top edge. */
  y: number;
  width: number;
  height: number;
  /** Column: length of the longest path from a root (roots are 0). */
  layer: number;
  /** Position in reading order: layer by layer, within a layer sub-column by sub-column, top to bottom. */
  order: number;
}

export interface LaidOutEdge {
  source: string;
  target: string;
  /** SVG path from the middle of the source's right side to the middle of the target's left side. */
  path: string;
}

export interface GraphLayout {
  /** In input order. */
  nodes: LaidOutNode[];
  /** In input order, duplicates dropped. */
  edges: LaidOutEdge[];
  /** Extent of all nodes: every node lies within [0, width] × [0, height]. */
  width: number;
  height: number;
}

export const LAYOUT_DEFAULTS: Readonly<Required<LayoutOptions>> = {
  columnGap: 64,
  rowGap: 24,
  nodeWidth: 170,
  nodeHeight: 52,
  maxRowsPerColumn: Number.POSITIVE_INFINITY,
};

// Long cycles and unknown-id lists are cut short in error messages so a bad 1,000-node input stays readable.
const MAX_NAMED = 10;

export function layeredLayout(
  nodes: readonly LayoutNodeInput[],
  edges: readonly LayoutEdgeInput[],
  options: LayoutOptions = {},
): GraphLayout {
  const { columnGap, rowGap, nodeWidth, nodeHeight, maxRowsPerColumn } = { ...LAYOUT_DEFAULTS, ...options };
  const maxRows = Math.max(1, Math.floor(maxRowsPerColumn));

  // Index nodes by id; the input index is the tie-breaker everywhere, which is what makes the layout deterministic.
  const indexOf = new Map<string, number>();
  nodes.forEach((node, i) => {
    if (indexOf.has(node.id)) throw new Error(`layeredLayout: duplicate node id "${node.id}"`);
    indexOf.set(node.id, i);
  });

  const unknown = new Set<string>();
  for (const edge of edges) {
    if (!indexOf.has(edge.source)) unknown.add(edge.source);
    if (!indexOf.has(edge.target)) unknown.add(edge.target);
  }
  if (unknown.size > 0) {
    throw new Error(`layeredLayout: edges reference unknown node ids: ${nameList([...unknown])}`);
  }

  // An edge is a relation: a repeated one would be drawn twice on the same spot and counted twice in barycenters.
  // Keyed by number (source · n + target), not by a string per edge: a 5,000-node graph has 10,000 of them.
  const n = nodes.length;
  const seen = new Set<number>();
  const uniqueEdges: { source: number; target: number; input: LayoutEdgeInput }[] = [];
  for (const edge of edges) {
    const source = indexOf.get(edge.source)!;
    const target = indexOf.get(edge.target)!;
    const key = source * n + target;
    if (seen.has(key)) continue;
    seen.add(key);
    uniqueEdges.push({ source, target, input: edge });
  }

  const successors: number[][] = Array.from({ length: n }, () => []);
  const predecessors: number[][] = Array.from({ length: n }, () => []);
  for (const { source, target } of uniqueEdges) {
    successors[source]!.push(target);
    predecessors[target]!.push(source);
  }

  const order = topologicalOrder(n, successors, predecessors, nodes);

  // Longest path from the roots: in topological order every predecessor's layer is already final.
  const layer = new Array<number>(n).fill(0);
  let layerCount = n > 0 ? 1 : 0;
  for (const v of order) {
    for (const p of predecessors[v]!) layer[v] = Math.max(layer[v]!, layer[p]! + 1);
    layerCount = Math.max(layerCount, layer[v]! + 1);
  }

  // Members of each layer, in input order.
  const layers: number[][] = Array.from({ length: layerCount }, () => []);
  for (let v = 0; v < n; v++) layers[layer[v]!]!.push(v);

  // Barycenter pass, left to right. Positions are measured from the centre of their column ("centred rank"), because
  // the columns are vertically centred on each other: rank 0 of a 1-node column and rank 1 of a 3-node column are on
  // the same row. Predecessors can sit in any earlier column (long edges), which centred ranks also make comparable.
  const centredRank = new Array<number>(n).fill(0);
  layers.forEach((members, l) => {
    if (l > 0) {
      const barycenter = new Map<number, number>();
      for (const v of members) {
        const preds = predecessors[v]!;
        let sum = 0;
        for (const p of preds) sum += centredRank[p]!;
        // Every node past the first layer has a predecessor (that is why it is not in layer 0).
        barycenter.set(v, sum / preds.length);
      }
      // Array.prototype.sort is stable, but ties are broken on input index explicitly so the order never depends on
      // what order `members` happened to be in.
      members.sort((a, b) => barycenter.get(a)! - barycenter.get(b)! || a - b);
    }
    const middle = (members.length - 1) / 2;
    members.forEach((v, rank) => {
      centredRank[v] = rank - middle;
    });
  });

  const widthOf = (v: number) => nodes[v]!.width ?? nodeWidth;

  // A layer is one column, or — past maxRows nodes — several sub-columns of at most maxRows each.
  const subColumns = layers.map((members) => {
    const count = Math.max(1, Math.ceil(members.length / maxRows));
    // Balanced: 998 nodes at most 32 a column make 32 columns of 31 or 32, not 31 full ones and a stub.
    const rows = Math.ceil(members.length / count);
    return Array.from({ length: count }, (_, i) => members.slice(i * rows, (i + 1) * rows));
  });

  // Sub-columns are as wide as their widest node; nodes are left-aligned in theirs so edges leaving a column start
  // from a common x where possible. Sub-columns of one layer sit a row gap apart, layers a column gap apart.
  const subColumnX: number[][] = [];
  let x = 0;
  subColumns.forEach((columns) => {
    const xs: number[] = [];
    columns.forEach((members, i) => {
      if (i > 0) x += rowGap;
      xs.push(x);
      x += members.reduce((max, v) => Math.max(max, widthOf(v)), 0);
    });
    subColumnX.push(xs);
    x += columnGap;
  });
  const width = layerCount > 0 ? x - columnGap : 0;

  const columnHeight = (count: number) => count * nodeHeight + Math.max(0, count - 1) * rowGap;
  const height = subColumns.reduce(
    (max, columns) => columns.reduce((m, members) => Math.max(m, columnHeight(members.length)), max),
    0,
  );

  const laidOut = new Array<LaidOutNode>(n);
  let readingPosition = 0;
  subColumns.forEach((columns, l) => {
    columns.forEach((members, c) => {
      const top = (height - columnHeight(members.length)) / 2;
      members.forEach((v, rank) => {
        laidOut[v] = {
          id: nodes[v]!.id,
          x: subColumnX[l]![c]!,
          y: top + rank * (nodeHeight + rowGap),
          width: widthOf(v),
          height: nodeHeight,
          layer: l,
          order: readingPosition++,
        };
      });
    });
  });

  const outEdges = uniqueEdges.map(({ source, target, input }) => ({
    source: input.source,
    target: input.target,
    path: edgePath(laidOut[source]!, laidOut[target]!),
  }));

  return { nodes: laidOut, edges: outEdges, width, height };
}

/**
 * The SVG path of an edge: from the middle of the source's right side to the middle of the target's left side, a cubic
 * curve with horizontal tangents at both ends (d3's linkHorizontal, written out: the same path string, without a path
 * object per edge, which measured as a third of laying out a 5,000-node graph). It leaves the source and enters the
 * target level, which reads as "flows left to right" even when the rows differ.
 */
export function edgePath(s: Readonly<Pick<LaidOutNode, 'x' | 'y' | 'width' | 'height'>>, t: Readonly<Pick<LaidOutNode, 'x' | 'y' | 'height'>>): string {
  const [x0, y0, x1, y1] = [s.x + s.width, s.y + s.height / 2, t.x, t.y + t.height / 2];
  const middle = (x0 + x1) / 2;
  return `M${x0},${y0}C${middle},${y0},${middle},${y1},${x1},${y1}`;
}

/** Kahn's algorithm, ready queue in input order. Throws naming a concrete cycle if there is one. */
function topologicalOrder(
  n: number,
  successors: readonly number[][],
  predecessors: readonly number[][],
  nodes: readonly LayoutNodeInput[],
): number[] {
  const indegree = predecessors.map((preds) => preds.length);
  const order: number[] = [];
  for (let v = 0; v < n; v++) if (indegree[v] === 0) order.push(v);
  // `order` doubles as the queue: index i is the next node to release.
  for (let i = 0; i < order.length; i++) {
    for (const next of successors[order[i]!]!) {
      const left = indegree[next]! - 1;
      indegree[next] = left;
      if (left === 0) order.push(next);
    }
  }
  if (order.length === n) return order;

  // Every node Kahn could not release still has a predecessor that was not released either. Walking backwards along
  // such predecessors must revisit a node, and the walk from that node's first visit is a cycle.
  let v = indegree.findIndex((d) => d > 0);
  const visitedAt = new Map<number, number>();
  const walk: number[] = [];
  while (!visitedAt.has(v)) {
    visitedAt.set(v, walk.length);
    walk.push(v);
    v = predecessors[v]!.find((p) => indegree[p]! > 0)!;
  }
  // The walk went against the edges; reverse it so the message reads in edge direction.
  const cycle = walk.slice(visitedAt.get(v)!).reverse().map((i) => nodes[i]!.id);
  const shown = cycle.length > MAX_NAMED ? [...cycle.slice(0, MAX_NAMED), '…'] : [...cycle, cycle[0]!];
  throw new Error(`layeredLayout: edges form a cycle: ${shown.join(' → ')}`);
}

function nameList(ids: readonly string[]): string {
  const named = ids.slice(0, MAX_NAMED).map((id) => `"${id}"`).join(', ');
  return ids.length > MAX_NAMED ? `${named} and ${ids.length - MAX_NAMED} more` : named;
}
