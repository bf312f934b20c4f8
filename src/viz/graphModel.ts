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

/**
 * Nodes with the width their text needs: widths are part of the structure, a longer sublabel can widen a column. Given
 * the previous model and its sizes, a node whose text did not change keeps its width without measuring it again (a run
 * of thousands of tasks re-sends every node on every change).
 */
export function sizedNodes(model: GraphModel, previous?: { model: GraphModel; sized: LayoutInput['sized'] }): LayoutInput['sized'] {
  const before = previous && previous.model.nodes.length === model.nodes.length ? previous : null;
  return model.nodes.map((node, i) => {
    const old = before?.model.nodes[i];
    if (old && old.id === node.id && old.label === node.label && old.sublabel === node.sublabel) return before!.sized[i]!;
    return { id: node.id, width: nodeWidthFor(node.label, node.sublabel) };
  });
}

/** What a layout depends on: node ids and widths, and the edges. */
export interface LayoutInput {
  readonly sized: readonly { id: string; width: number }[];
  readonly edges: GraphModel['edges'];
}

/**
 * Whether two layout inputs give the same layout, so a state change only repaints. Compared field by field, without
 * building a key: a 5,000-node graph changes state hundreds of times a second, and a string of every id and edge per
 * update measured as most of a frame.
 */
export function sameLayoutInput(a: LayoutInput | null, b: LayoutInput): boolean {
  if (!a || a.sized.length !== b.sized.length || a.edges.length !== b.edges.length) return false;
  for (let i = 0; i < b.sized.length; i++) {
    if (a.sized[i]!.id !== b.sized[i]!.id || a.sized[i]!.width !== b.sized[i]!.width) return false;
  }
  if (a.edges === b.edges) return true;
  for (let i = 0; i < b.edges.length; i++) {
    if (a.edges[i]!.source !== b.edges[i]!.source || a.edges[i]!.target !== b.edges[i]!.target) return false;
  }
  return true;
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
