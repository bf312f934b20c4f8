import {
  easeLinear,
  select,
  zoom,
  zoomIdentity,
  zoomTransform,
  type D3ZoomEvent,
  type Selection,
  type Transition,
} from 'd3';
import { layeredLayout, type GraphLayout, type LaidOutEdge, type LaidOutNode } from './layeredLayout';
import {
  fitLabel,
  ICON_X,
  NODE_HEIGHT,
  nodeWidthFor,
  shapeParts,
  TEXT_X,
  textOffsetFor,
  type NodeKind,
} from './nodeShape';
import { STATE_STYLE, type VizState } from './stateStyle';

/**
 * The D3-owned graph view: an SVG with zoom/pan, nodes joined by id, state colours that transition, and a "pulse"
 * that travels along edges. A create/update/destroy factory in the style of xyflow's D3 behaviours: it lives inside a
 * container element React renders empty and never touches, so React and D3 never fight over the same nodes.
 */

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

export interface GraphViewOptions {
  ariaLabel: string;
  onSelect?: (id: string) => void;
  /** No travelling pulse, no position/colour animation (0 ms transitions). */
  reducedMotion?: boolean;
}

export interface GraphViewHandle {
  update(model: GraphModel): void;
  /** Send a pulse along consecutive edges of `path` (node ids), highlighting each node it reaches. */
  pulse(path: readonly string[]): void;
  destroy(): void;
}

type NodeDatum = GraphNode & LaidOutNode;
type SvgSelection = Selection<SVGSVGElement, unknown, null, undefined>;
type GSelection = Selection<SVGGElement, unknown, null, undefined>;

const TRANSITION_MS = 300;
const PULSE_MS = 1200;
const PULSED_MS = 1500;
const SCALE_EXTENT: [number, number] = [0.3, 3];
// Room around the graph when fitting it into the container, so outlines and glows are not cut at the edges.
const FIT_MARGIN = 24;
// Fitting never magnifies beyond 1: a two-node graph blown up to fill a wide panel looks broken, not helpful.
const FIT_MAX_SCALE = 1;

// How far each ring around a node stands off its outline.
const SELECTION_GAP = 4;
const HALO_GAP = 7;
const FOCUS_GAP = 11;
const RINGS: readonly (readonly [string, number])[] = [
  ['graph-node-selection', SELECTION_GAP],
  ['graph-node-halo', HALO_GAP],
  ['graph-node-focus', FOCUS_GAP],
];

// Marker ids must be unique in the document: several graph views can be on one page.
let instanceCounter = 0;

const edgeKey = (edge: { source: string; target: string }) => `${edge.source}\u2192${edge.target}`;

export function createGraphView(container: HTMLElement, options: GraphViewOptions): GraphViewHandle {
  instanceCounter += 1;
  const markerId = `graph-arrow-${instanceCounter}`;
  const duration = options.reducedMotion ? 0 : TRANSITION_MS;

  const svg: SvgSelection = select(container)
    .append('svg')
    .attr('class', 'graph-svg')
    .attr('role', 'group')
    .attr('aria-label', options.ariaLabel)
    .attr('data-pulse-count', 0);

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

  let layout: GraphLayout | null = null;
  let structureKey: string | null = null;
  let destroyed = false;
  let pulseCount = 0;
  // Whether the person has zoomed or panned since the last fit; if so, resizes leave their view alone.
  let userMoved = false;
  // A fit asked for while the container had no size (e.g. in a hidden tab), done once it has one.
  let fitPending = false;
  const nodeElements = new Map<string, SVGGElement>();
  const edgeElements = new Map<string, { element: SVGPathElement; edge: LaidOutEdge }>();
  const highlightTimers = new Map<string, ReturnType<typeof setTimeout>>();

  const zoomBehavior = zoom<SVGSVGElement, unknown>()
    .scaleExtent(SCALE_EXTENT)
    .on('zoom', (event: D3ZoomEvent<SVGSVGElement, unknown>) => {
      viewport.attr('transform', event.transform.toString());
      // Programmatic zooms (fit, focus-follow) have no source event; only gestures count as the person's choice.
      if (event.sourceEvent) userMoved = true;
    });
  // No double-click zoom: double-clicking a node means selecting it, and a sudden zoom there is disorienting.
  svg.call(zoomBehavior).on('dblclick.zoom', null);

  const resizeObserver =
    typeof ResizeObserver === 'undefined'
      ? null
      : new ResizeObserver(() => {
          if (fitPending || !userMoved) fit();
        });
  resizeObserver?.observe(container);

  function fit(): void {
    if (!layout || layout.nodes.length === 0) return;
    const width = container.clientWidth;
    const height = container.clientHeight;
    if (width <= 0 || height <= 0) {
      fitPending = true;
      return;
    }
    fitPending = false;
    userMoved = false;
    const fitScale = Math.min(
      (width - 2 * FIT_MARGIN) / layout.width,
      (height - 2 * FIT_MARGIN) / layout.height,
      FIT_MAX_SCALE,
    );
    const scale = Math.max(SCALE_EXTENT[0], fitScale);
    const transform = zoomIdentity
      .translate((width - layout.width * scale) / 2, (height - layout.height * scale) / 2)
      .scale(scale);
    svg.call(zoomBehavior.transform, transform);
  }

  /** Pan (not zoom) so a keyboard-focused node that is off screen comes into view. */
  function revealNode(node: NodeDatum): void {
    const transform = zoomTransform(svg.node()!);
    const [cx, cy] = transform.apply([node.x + node.width / 2, node.y + node.height / 2]);
    const inside = cx >= 0 && cy >= 0 && cx <= container.clientWidth && cy <= container.clientHeight;
    if (!inside) svg.call(zoomBehavior.translateTo, node.x + node.width / 2, node.y + node.height / 2);
  }

  function choose(id: string): void {
    options.onSelect?.(id);
  }

  function update(model: GraphModel): void {
    if (destroyed) return;
    const nextLayout = layeredLayout(
      model.nodes.map((node) => ({ id: node.id, width: nodeWidthFor(node.label, node.sublabel) })),
      model.edges,
      { nodeHeight: NODE_HEIGHT },
    );
    const nextStructureKey = [
      model.nodes.map((node) => node.id).join('\u0000'),
      model.edges.map(edgeKey).join('\u0000'),
    ].join('\u0001');
    const structureChanged = nextStructureKey !== structureKey;
    layout = nextLayout;
    structureKey = nextStructureKey;

    const byId = new Map(model.nodes.map((node) => [node.id, node]));
    // DOM order is tab order: column by column, top to bottom, the way the graph reads.
    const data: NodeDatum[] = nextLayout.nodes
      .map((placed) => ({ ...byId.get(placed.id)!, ...placed }))
      .sort((a, b) => a.layer - b.layer || a.y - b.y);

    renderEdges(nextLayout.edges);
    renderNodes(data, model.selectedId ?? null, structureChanged);

    if (structureChanged) fit();
  }

  function renderEdges(edges: LaidOutEdge[]): void {
    const joined = edgesLayer
      .selectAll<SVGPathElement, LaidOutEdge>('path.graph-edge')
      .data(edges, edgeKey)
      .join(
        (enter) =>
          enter
            .append('path')
            .attr('class', 'graph-edge')
            .attr('marker-end', `url(#${markerId})`)
            .attr('data-edge', edgeKey)
            .attr('d', (d) => d.path),
        (existing) => {
          if (duration === 0) existing.interrupt().attr('d', (d) => d.path);
          else existing.transition().duration(duration).attr('d', (d) => d.path);
          return existing;
        },
        (exit) => exit.remove(),
      );
    edgeElements.clear();
    joined.each(function (this: SVGPathElement, edge) {
      edgeElements.set(edgeKey(edge), { element: this, edge });
    });
  }

  function renderNodes(data: NodeDatum[], selectedId: string | null, structureChanged: boolean): void {
    const entered = new Set<string>();
    const joined = nodesLayer
      .selectAll<SVGGElement, NodeDatum>('g.graph-node')
      .data(data, (d) => d.id)
      .join(
        (enter) => {
          const g = enter
            .append('g')
            .attr('class', 'graph-node')
            .attr('data-testid', (d) => `graph-node-${d.id}`)
            .attr('tabindex', 0)
            .attr('role', 'button')
            .attr('transform', (d) => `translate(${d.x},${d.y})`)
            .on('click', (_event: MouseEvent, d) => choose(d.id))
            .on('keydown', (event: KeyboardEvent, d) => {
              if (event.key === 'Enter' || event.key === ' ') {
                // Space would otherwise scroll the page.
                event.preventDefault();
                choose(d.id);
              }
            })
            .on('focus', (_event: FocusEvent, d) => revealNode(d));
          g.each((d) => entered.add(d.id));
          // Tooltip with the full, untruncated text.
          g.append('title');
          // Rings behind the shape, each its own element so they can show together: keyboard focus (outermost),
          // the running/pulsed glow, and the selection outline.
          g.append('rect').attr('class', 'graph-node-focus').attr('x', -FOCUS_GAP).attr('y', -FOCUS_GAP).attr('rx', 14);
          g.append('rect').attr('class', 'graph-node-halo').attr('x', -HALO_GAP).attr('y', -HALO_GAP).attr('rx', 12);
          g.append('rect')
            .attr('class', 'graph-node-selection')
            .attr('x', -SELECTION_GAP)
            .attr('y', -SELECTION_GAP)
            .attr('rx', 10);
          g.append('g').attr('class', 'graph-node-shape');
          g.append('text').attr('class', 'graph-node-icon').attr('x', ICON_X).attr('text-anchor', 'middle');
          g.append('text').attr('class', 'graph-node-label').attr('x', TEXT_X);
          g.append('text').attr('class', 'graph-node-sublabel').attr('x', TEXT_X);
          return g;
        },
        (existing) => {
          const place = (d: NodeDatum) => `translate(${d.x},${d.y})`;
          if (duration === 0) existing.interrupt().attr('transform', place);
          else existing.transition().duration(duration).attr('transform', place);
          return existing;
        },
        (exit) => exit.remove(),
      );

    if (structureChanged) joined.order();

    joined
      .attr('data-state', (d) => d.state)
      .attr('data-kind', (d) => d.kind)
      .attr('aria-label', (d) => `${d.label}: ${STATE_STYLE[d.state].label}`)
      .attr('aria-pressed', (d) => String(d.id === selectedId))
      .classed('is-running', (d) => d.state === 'running')
      .classed('is-selected', (d) => d.id === selectedId);

    joined.select('title').text((d) => (d.sublabel ? `${d.label}\n${d.sublabel}` : d.label));
    // select (not selectAll) hands each child its parent's current datum, so sizes follow the latest layout.
    for (const [className, gap] of RINGS) {
      joined
        .select<SVGRectElement>(`rect.${className}`)
        .attr('width', (d) => d.width + 2 * gap)
        .attr('height', (d) => d.height + 2 * gap);
    }

    joined.each(function (this: SVGGElement, d) {
      const g = select<SVGGElement, NodeDatum>(this);
      const shapeChanged = drawShape(g, d);
      writeText(g, d);
      // New nodes and redrawn shapes take their colours at once; only a state change on a standing node animates.
      paint(g, d, entered.has(d.id) || shapeChanged ? 0 : duration);
    });

    nodeElements.clear();
    joined.each(function (this: SVGGElement, d) {
      nodeElements.set(d.id, this);
    });
  }

  /** (Re)draws the outline when the kind or size changed. Returns whether it did. */
  function drawShape(g: Selection<SVGGElement, NodeDatum, null, undefined>, d: NodeDatum): boolean {
    const shape = g.select<SVGGElement>('g.graph-node-shape');
    const signature = `${d.kind}:${d.width}x${d.height}`;
    if (shape.attr('data-shape') === signature) return false;
    shape.attr('data-shape', signature).selectAll('*').remove();
    for (const part of shapeParts(d.kind, d.width, d.height)) {
      const className = `graph-node-${part.role}`;
      if (part.tag === 'rect') {
        shape
          .append('rect')
          .attr('class', className)
          .attr('x', part.x)
          .attr('y', part.y)
          .attr('width', part.width)
          .attr('height', part.height)
          .attr('rx', part.rx);
      } else {
        shape.append('path').attr('class', className).attr('d', part.d);
      }
    }
    return true;
  }

  function writeText(g: Selection<SVGGElement, NodeDatum, null, undefined>, d: NodeDatum): void {
    const offset = textOffsetFor(d.kind);
    const middle = d.height / 2 + offset;
    const style = STATE_STYLE[d.state];
    // The icon is decoration for sighted readers; the node's aria-label already says the state.
    g.select('text.graph-node-icon').attr('y', middle).attr('aria-hidden', 'true').text(style.icon);
    const hasSublabel = Boolean(d.sublabel);
    g.select('text.graph-node-label')
      .attr('y', hasSublabel ? middle - 7 : middle)
      .text(fitLabel(d.label, d.width, 'label'));
    g.select('text.graph-node-sublabel')
      .attr('y', middle + 9)
      .text(hasSublabel ? fitLabel(d.sublabel ?? '', d.width, 'sublabel') : '');
  }

  function paint(g: Selection<SVGGElement, NodeDatum, null, undefined>, d: NodeDatum, ms: number): void {
    const style = STATE_STYLE[d.state];
    const fills = g.selectAll<SVGElement, unknown>('.graph-node-fill');
    const lines = g.selectAll<SVGElement, unknown>('.graph-node-line');
    const texts = g.selectAll<SVGTextElement, unknown>('text');
    // The running glow uses the state's stroke colour; a CSS variable lets the stylesheet own the animation.
    g.style('--node-stroke', style.stroke);
    if (ms === 0) {
      fills.interrupt().attr('fill', style.fill).attr('stroke', style.stroke);
      lines.interrupt().attr('fill', 'none').attr('stroke', style.stroke);
      texts.interrupt().attr('fill', style.text);
      return;
    }
    fills.transition().duration(ms).attr('fill', style.fill).attr('stroke', style.stroke);
    lines.attr('fill', 'none').transition().duration(ms).attr('stroke', style.stroke);
    texts.transition().duration(ms).attr('fill', style.text);
  }

  function highlight(key: string, element: Element | undefined): void {
    if (!element) return;
    select(element).classed('is-pulsed', true);
    const previous = highlightTimers.get(key);
    if (previous !== undefined) clearTimeout(previous);
    highlightTimers.set(
      key,
      setTimeout(() => {
        highlightTimers.delete(key);
        select(element).classed('is-pulsed', false);
      }, PULSED_MS),
    );
  }

  const highlightNode = (id: string) => highlight(`node:${id}`, nodeElements.get(id));
  const highlightEdge = (key: string) => highlight(`edge:${key}`, edgeElements.get(key)?.element);

  function pulse(path: readonly string[]): void {
    if (destroyed) return;
    pulseCount += 1;
    svg.attr('data-pulse-count', pulseCount);

    // Consecutive ids joined by an edge become travel segments; pairs without an edge are just highlighted.
    const segments: { key: string; target: string; element: SVGPathElement; edge: LaidOutEdge }[] = [];
    const immediately: string[] = [];
    path.forEach((id, i) => {
      const previous = i > 0 ? path[i - 1] : undefined;
      const found = previous === undefined ? undefined : edgeElements.get(edgeKey({ source: previous, target: id }));
      if (found) segments.push({ key: edgeKey(found.edge), target: id, ...found });
      else immediately.push(id);
    });

    if (options.reducedMotion || segments.length === 0) {
      path.forEach(highlightNode);
      segments.forEach((segment) => highlightEdge(segment.key));
      return;
    }
    immediately.forEach(highlightNode);

    const dot = pulseLayer.append('circle').attr('class', 'graph-pulse-dot').attr('r', 6);
    const perSegment = PULSE_MS / segments.length;
    let chain: Transition<SVGCircleElement, unknown, null, undefined> | null = null;
    for (const segment of segments) {
      // Chained transitions start when the previous one ends: one dot, one edge after another.
      const step: Transition<SVGCircleElement, unknown, null, undefined> = chain ? chain.transition() : dot.transition();
      step
        .duration(perSegment)
        .ease(easeLinear)
        .attrTween('transform', () => pointAlong(segment.element, segment.edge))
        .on('start', () => highlightEdge(segment.key))
        .on('end', () => highlightNode(segment.target));
      chain = step;
    }
    chain?.remove();
  }

  function destroy(): void {
    if (destroyed) return;
    destroyed = true;
    resizeObserver?.disconnect();
    for (const timer of highlightTimers.values()) clearTimeout(timer);
    highlightTimers.clear();
    svg.interrupt();
    svg.selectAll('*').interrupt();
    nodesLayer.selectAll('g.graph-node').on('click', null).on('keydown', null).on('focus', null);
    svg.on('.zoom', null);
    svg.remove();
    nodeElements.clear();
    edgeElements.clear();
    layout = null;
  }

  return { update, pulse, destroy };
}

/**
 * A tween placing the pulse dot along an edge. Uses the path's own geometry when the browser can measure it; the
 * straight-line fallback only matters in DOM implementations without SVG geometry (test environments).
 */
function pointAlong(element: SVGPathElement, edge: LaidOutEdge): (t: number) => string {
  if (typeof element.getTotalLength === 'function') {
    const length = element.getTotalLength();
    return (t) => {
      const point = element.getPointAtLength(t * length);
      return `translate(${point.x},${point.y})`;
    };
  }
  const [start, end] = pathEnds(edge.path);
  return (t) => `translate(${start[0] + (end[0] - start[0]) * t},${start[1] + (end[1] - start[1]) * t})`;
}

/** First and last coordinate pair of a path string (d3 link paths start with M x,y and end with x,y). */
function pathEnds(path: string): [[number, number], [number, number]] {
  const numbers = path.match(/-?\d+(?:\.\d+)?(?:e-?\d+)?/gi)?.map(Number) ?? [];
  const at = (i: number) => numbers.at(i) ?? 0;
  return [
    [at(0), at(1)],
    [at(-2), at(-1)],
  ];
}
