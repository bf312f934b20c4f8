import { balanceBidi } from '../core/bidiText';
import { displayText, isolateText, visibleControls } from '../core/displayText';
import type { LaidOutNode } from './layeredLayout';
import { fitLabel, nodeWidthFor, type NodeKind } from './nodeShape';
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
  const label = nodeLabelText(node.label);
  // The sublabel is the playground's own words (state, try, row count): only the label is user text.
  const shown = node.sublabel ? `${label} ${node.sublabel}` : label;
  const state = STATE_STYLE[node.state].label;
  return shown.includes(state) ? shown : `${shown}, ${state}`;
}

/**
 * A node's text as SVG and canvas draw it (neither has a <bdi>): cut to the node's width when one is given (else to
 * DISPLAY_MAX_CHARS), control characters as pictures, balanced and wrapped in FSI … PDI when it is not plain ASCII, so
 * a right-to-left override in an id cannot reorder the rest of the label or the name built from it.
 */
export function nodeLabelText(text: string, width?: number, kind: 'label' | 'sublabel' = 'label'): string {
  if (width === undefined) return displayText(text);
  return isolateText(balanceBidi(fitLabel(visibleControls(text), width, kind)));
}

/** The box around the nodes of one layer (the first layer: where reading starts), or undefined if it has none. */
export function layerBox(nodes: readonly LaidOutNode[], layer: number): { x: number; y: number; width: number; height: number } | undefined {
  let [left, top, right, bottom] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const n of nodes) {
    if (n.layer !== layer) continue;
    left = Math.min(left, n.x);
    top = Math.min(top, n.y);
    right = Math.max(right, n.x + n.width);
    bottom = Math.max(bottom, n.y + n.height);
  }
  return left === Infinity ? undefined : { x: left, y: top, width: right - left, height: bottom - top };
}
