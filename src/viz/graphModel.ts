import type { LaidOutNode } from './layeredLayout';
import type { NodeKind } from './nodeShape';
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

/**
 * A node's accessible name: the text it shows, in the order it shows it (so speech users can say what they see), then
 * the state in words when the shown text does not already say it (a dataset's "20,640 rows", an "upstream_failed").
 */
export function accessibleName(node: Pick<GraphNode, 'label' | 'sublabel' | 'state'>): string {
  const shown = node.sublabel ? `${node.label} ${node.sublabel}` : node.label;
  const state = STATE_STYLE[node.state].label;
  return shown.includes(state) ? shown : `${shown}, ${state}`;
}
