/**
 * A left-to-right layered ("Sugiyama-style") layout for DAGs, as Airflow's graph view draws them: each node sits in
 * the column of its longest path from a root, so every edge points rightwards.
 *
 * Pure: no DOM, deterministic for a given input, and O(V + E) per pass (plus a sort per layer), so a 1,000-node graph
 * lays out in milliseconds. This is the object-shaped face of the layout (node and edge objects, ids checked and named
 * in errors); the computation itself is on indices and typed arrays, in indexedLayout.ts.
 */

import { layoutIndexed, uniqueEdgePairs, type IndexedLayout, type LayoutOptions } from './indexedLayout';

export { LAYOUT_DEFAULTS, type LayoutOptions } from './indexedLayout';

export interface LayoutNodeInput {
  id: string;
  /** Overrides `options.nodeWidth` for this node (e.g. to fit a long label). */
  width?: number;
}

export interface LayoutEdgeInput {
  source: string;
  target: string;
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

export function layeredLayout(
  nodes: readonly LayoutNodeInput[],
  edges: readonly LayoutEdgeInput[],
  options: LayoutOptions = {},
): GraphLayout {
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

  const pairs = new Int32Array(2 * edges.length);
  edges.forEach((edge, i) => {
    pairs[2 * i] = indexOf.get(edge.source)!;
    pairs[2 * i + 1] = indexOf.get(edge.target)!;
  });
  const widths = Float64Array.from(nodes, (node) => node.width ?? Number.NaN);
  const ids = nodes.map((node) => node.id);
  return graphLayoutOf(ids, pairs, layoutIndexed({ widths, edges: pairs }, options, (i) => ids[i]!));
}

/**
 * The layout as objects, from its typed-array form: a node object per id, and an edge (with its path) per distinct
 * index pair, in input order.
 */
export function graphLayoutOf(ids: readonly string[], edges: Int32Array, layout: IndexedLayout): GraphLayout {
  const { boxes, ranks } = layout;
  const nodes = ids.map((id, i) => ({
    id,
    x: boxes[4 * i]!,
    y: boxes[4 * i + 1]!,
    width: boxes[4 * i + 2]!,
    height: boxes[4 * i + 3]!,
    layer: ranks[2 * i]!,
    order: ranks[2 * i + 1]!,
  }));
  const unique = uniqueEdgePairs(ids.length, edges);
  const laidOutEdges: LaidOutEdge[] = [];
  for (let i = 0; i < unique.length; i += 2) {
    const [s, t] = [unique[i]!, unique[i + 1]!];
    laidOutEdges.push({ source: ids[s]!, target: ids[t]!, path: edgePath(nodes[s]!, nodes[t]!) });
  }
  return { nodes, edges: laidOutEdges, width: layout.width, height: layout.height };
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

// Unknown-id lists are cut short in error messages so a bad 1,000-node input stays readable.
const MAX_NAMED = 10;

function nameList(ids: readonly string[]): string {
  const named = ids.slice(0, MAX_NAMED).map((id) => `"${id}"`).join(', ');
  return ids.length > MAX_NAMED ? `${named} and ${ids.length - MAX_NAMED} more` : named;
}
