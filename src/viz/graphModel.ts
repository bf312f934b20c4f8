import type { LaidOutNode } from './layeredLayout';
import { nodeWidthFor, type NodeKind } from './nodeShape';
import { STATE_STYLE, type VizState } from './stateStyle';

/** What a graph view shows: plain data a React view computes from the store; the view owns everything else. */
export interface GraphNode {
  id: string;
  label: string;
  /** Second line, e.g. "success · try 2": the state in words, so it reads without colour. */
  sublabel?: string;
  state: VizState;
  kind: NodeKind;
}

export interface GraphEdge {
  source: string;
  target: string;
}

export interface GraphModel {
  nodes: readonly GraphNode[];
  edges: readonly GraphEdge[];
  selectedId?: string | null;
}

export type NodeDatum = GraphNode & LaidOutNode;

export const edgeKey = (edge: { source: string; target: string }) => `${edge.source}\u2192${edge.target}`;

/** Nodes with the width their text needs: widths are part of the structure, a longer sublabel can widen a column. */
export const sizedNodes = (model: GraphModel) =>
  model.nodes.map((node) => ({ id: node.id, width: nodeWidthFor(node.label, node.sublabel) }));

/** What a layout depends on (ids, widths, edges): equal keys, same layout, so a state change only repaints. */
export function layoutKeyOf(sized: readonly { id: string; width: number }[], edges: GraphModel['edges']): string {
  return [sized.map((n) => `${n.id}\u0000${n.width}`).join('\u0001'), edges.map(edgeKey).join('\u0001')].join('\u0002');
}

/**
 * A node's accessible name: the text it shows, in the order it shows it (so speech users can say what they see), then
 * the state in words when the shown text does not already say it (a dataset's "20,640 rows", an "upstream_failed").
 */
export function accessibleName(node: Pick<GraphNode, 'label' | 'sublabel' | 'state'>): string {
  const shown = node.sublabel ? `${node.label} ${node.sublabel}` : node.label;
  const state = STATE_STYLE[node.state].label;
  return shown.includes(state) ? shown : `${shown}, ${state}`;
}
