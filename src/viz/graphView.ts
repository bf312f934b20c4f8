import { select, type Selection } from 'd3';
import { renderEdges, type EdgeElements } from './graphEdges';
import { layerBox, sameLayoutInput, sizedNodes, type GraphModel, type LayoutInput, type NodeDatum } from './graphModel';
import { createNodeLayer } from './graphNodes';
import { createPulser } from './graphPulse';
import { createZoom } from './graphZoom';
import type { GraphLayout } from './layeredLayout';
import { layoutGraph, WORKER_LAYOUT_THRESHOLD } from './layoutClient';
import { NODE_HEIGHT } from './nodeShape';

export type { GraphEdge, GraphModel, GraphNode } from './graphModel';

/**
 * The D3-owned graph view: an SVG with zoom and pan, nodes joined by id, state colours that transition, running nodes
 * that glow, and a pulse that travels along edges. A create/update/destroy factory in the style of xyflow's D3
 * behaviours: it lives inside a container element React renders empty and never touches, so React and D3 never fight
 * over the same nodes. The concepts live in their own modules: zoom (graphZoom), nodes (graphNodes), edges
 * (graphEdges), the pulse (graphPulse), layout on or off the main thread (layoutClient).
 *
 * Large graphs (a 1,000-task DAG) are laid out in a worker, and their state changes are painted once per animation
 * frame, only on the nodes that changed: a run that changes hundreds of states a second costs a few attribute writes
 * per frame, not a re-join of every node.
 */
export interface GraphViewOptions {
  ariaLabel: string;
  onSelect?: (id: string) => void;
  /** No travelling pulse, no glow animation, no position or colour animation. */
  reducedMotion?: boolean;
  /** An empty element for the overview (minimap) of a large graph; the canvas view draws into it. */
  overview?: HTMLElement;
}

export interface GraphViewHandle {
  update(model: GraphModel): void;
  /** Send a pulse along consecutive edges of `path` (node ids), highlighting each node it reaches. */
  pulse(path: readonly string[]): void;
  zoomIn(): void;
  zoomOut(): void;
  /** Fits the graph into the view at a readable size: whole when it fits so, else from its start (see graphZoom). */
  fit(): void;
  /** The whole graph in the view, however small. */
  fitAll(): void;
  /** Brings a node into view at a readable size and gives it the keyboard focus; false when there is no such node. */
  focusNode(id: string): boolean;
  destroy(): void;
}

type SvgSelection = Selection<SVGSVGElement, unknown, null, undefined>;
type GSelection = Selection<SVGGElement, unknown, null, undefined>;

const MOVE_MS = 300;
const ZOOM_STEP = 1.4;
/** A layer longer than this wraps into side-by-side sub-columns: 998 parallel tasks become a block, not a 75,000 px column. */
const MAX_ROWS_PER_COLUMN = 40;
/** Painting waits for an animation frame; in a hidden tab (no frames) it still happens within this time. */
const PAINT_FALLBACK_MS = 250;

// Marker ids must be unique in the document: several graph views can be on one page.
let instanceCounter = 0;

export function createGraphView(container: HTMLElement, options: GraphViewOptions): GraphViewHandle {
  instanceCounter += 1;
  const markerId = `graph-arrow-${instanceCounter}`;
  const reducedMotion = options.reducedMotion ?? false;

  const svg: SvgSelection = select(container)
    .append('svg')
    .attr('class', 'graph-svg')
    .attr('role', 'group')
    .attr('aria-label', options.ariaLabel)
    .attr('data-layout', 'pending');

  svg
    .append('defs')
    .append('marker')
    .attr('id', markerId)
    .attr('viewBox', '0 0 10 10')
    // The tip is at x = 10, so the arrow ends exactly where the edge path ends: on the target's left side.
    .attr('refX', 10)
    .attr('refY', 5)
    .attr('markerWidth', 9)
    .attr('markerHeight', 9)
    // User-space units keep the arrow the same size when the edge stroke thickens (hover, pulse).
    .attr('markerUnits', 'userSpaceOnUse')
    .attr('orient', 'auto')
    .append('path')
    .attr('class', 'graph-edge-arrow')
    .attr('d', 'M0,0 L10,5 L0,10 z');

  const viewport: GSelection = svg.append('g').attr('class', 'graph-viewport');
  const edgesLayer: GSelection = viewport.append('g').attr('class', 'graph-edges');
  // Above the edges, below the nodes: the dot rides the edge and slips under the node it arrives at.
  const pulseLayer: GSelection = viewport.append('g').attr('class', 'graph-pulses');
  const nodesLayer: GSelection = viewport.append('g').attr('class', 'graph-nodes');

  const zoom = createZoom(svg.node()!, (transform) => viewport.attr('transform', transform.toString()), container, reducedMotion);
  let layout: GraphLayout | null = null;
  let layoutInput: LayoutInput | null = null;
  // The last model's node sizes: unchanged nodes keep theirs on the next update.
  let lastSized: { model: GraphModel; sized: LayoutInput['sized'] } | null = null;
  // Layout requests are tagged: a slow worker answer for a graph that has changed since is dropped.
  let layoutTicket = 0;
  let edges: EdgeElements = new Map();
  let model: GraphModel | null = null;
  let destroyed = false;
  let frame: number | null = null;
  let fallback: ReturnType<typeof setTimeout> | null = null;

  const nodes = createNodeLayer(nodesLayer, {
    onSelect: (id) => options.onSelect?.(id),
    onFocus: (node) => zoom.reveal(node),
  });
  const pulser = createPulser(svg, pulseLayer, { node: (id) => nodes.element(id), edges: () => edges }, reducedMotion);

  function update(next: GraphModel): void {
    if (destroyed) return;
    const sized = sizedNodes(next, lastSized ?? undefined);
    lastSized = { model: next, sized };
    model = next;
    const input: LayoutInput = { sized, edges: next.edges };
    if (sameLayoutInput(layoutInput, input)) {
      schedulePaint();
      return;
    }
    layoutInput = input;
    const ticket = ++layoutTicket;
    const large = sized.length > WORKER_LAYOUT_THRESHOLD;
    svg.attr('data-layout', 'pending').classed('is-large', large);
    const started = performance.now();
    const laidOut = layoutGraph(sized, next.edges, { nodeHeight: NODE_HEIGHT, maxRowsPerColumn: MAX_ROWS_PER_COLUMN });
    laidOut.then(
      (result) => {
        if (destroyed || ticket !== layoutTicket) return;
        // Visible in the browser's performance panel, and read by the benchmark (graph_layout_1000_ms).
        performance.measure(large ? 'graph-layout-worker' : 'graph-layout', { start: started, end: performance.now() });
        applyLayout(result, large);
      },
      (error: unknown) => {
        if (destroyed || ticket !== layoutTicket) return;
        svg.attr('data-layout', 'failed');
        console.error('The graph could not be laid out:', error);
      },
    );
  }

  function applyLayout(next: GraphLayout, large: boolean): void {
    // Small graphs refit on every change of shape, as they always did; a large one keeps the person's view unless its
    // node count changed.
    const refit = layout === null || !large || layout.nodes.length !== next.nodes.length;
    layout = next;
    const moveMs = reducedMotion || large ? 0 : MOVE_MS;
    edges = renderEdges(edgesLayer, next.edges, markerId, moveMs);
    nodes.setNodes(datums(), moveMs);
    paintNow();
    svg.attr('data-layout', 'ready').attr('data-node-count', next.nodes.length);
    zoom.setExtent(next.width, next.height, refit, layerBox(next.nodes, 0));
  }

  /** The current model's nodes on the current layout's positions (a model and its layout always share their ids). */
  function datums(): NodeDatum[] {
    if (!layout || !model) return [];
    const placed = new Map(layout.nodes.map((node) => [node.id, node]));
    return model.nodes.flatMap((node) => {
      const at = placed.get(node.id);
      return at ? [{ ...node, ...at }] : [];
    });
  }

  function schedulePaint(): void {
    if (!layout || layout.nodes.length <= WORKER_LAYOUT_THRESHOLD) {
      paintNow();
      return;
    }
    // Many updates a frame collapse into one paint of the newest model.
    if (frame !== null) return;
    frame = requestAnimationFrame(paintNow);
    fallback = setTimeout(paintNow, PAINT_FALLBACK_MS);
  }

  function paintNow(): void {
    if (frame !== null) cancelAnimationFrame(frame);
    if (fallback !== null) clearTimeout(fallback);
    frame = null;
    fallback = null;
    if (destroyed || !layout || !model) return;
    nodes.paint(datums(), model.selectedId ?? null);
  }

  function destroy(): void {
    if (destroyed) return;
    destroyed = true;
    if (frame !== null) cancelAnimationFrame(frame);
    if (fallback !== null) clearTimeout(fallback);
    pulser.destroy();
    zoom.destroy();
    nodes.destroy();
    svg.selectAll('*').interrupt();
    svg.remove();
    edges.clear();
    layout = null;
  }

  return {
    update,
    pulse: (path) => destroyed || pulser.pulse(path),
    zoomIn: () => zoom.zoomBy(ZOOM_STEP),
    zoomOut: () => zoom.zoomBy(1 / ZOOM_STEP),
    fit: () => zoom.fit(),
    fitAll: () => zoom.fitAll(),
    focusNode(id) {
      const element = nodes.element(id);
      const node = layout?.nodes.find((n) => n.id === id);
      if (destroyed || !element || !node) return false;
      element.focus({ preventScroll: true });
      zoom.focus(node);
      return true;
    },
    destroy,
  };
}
