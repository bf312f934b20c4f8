import { easeLinear, select, type Selection, type Transition } from 'd3';
import { edgeKey } from './graphModel';
import type { EdgeElements } from './graphEdges';
import type { LaidOutEdge } from './layeredLayout';

/**
 * The "pulse": a dot that travels along consecutive edges of a path (a dataset event going from the producing DAG
 * through the dataset to the consumer it triggers), lighting up each edge and node it reaches. Under reduced motion
 * nothing travels: the whole path lights up at once.
 */
export interface Pulser {
  pulse(path: readonly string[]): void;
  destroy(): void;
}

const PULSE_MS = 1200;
const PULSED_MS = 1500;

export function createPulser(
  svg: Selection<SVGSVGElement, unknown, null, undefined>,
  layer: Selection<SVGGElement, unknown, null, undefined>,
  lookup: { node(id: string): Element | undefined; edges(): EdgeElements },
  reducedMotion: boolean,
): Pulser {
  let count = 0;
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  svg.attr('data-pulse-count', 0);

  function highlight(key: string, element: Element | undefined): void {
    if (!element) return;
    select(element).classed('is-pulsed', true);
    const previous = timers.get(key);
    if (previous !== undefined) clearTimeout(previous);
    timers.set(
      key,
      setTimeout(() => {
        timers.delete(key);
        select(element).classed('is-pulsed', false);
      }, PULSED_MS),
    );
  }
  const highlightNode = (id: string) => highlight(`node:${id}`, lookup.node(id));
  const highlightEdge = (key: string) => highlight(`edge:${key}`, lookup.edges().get(key)?.element);

  function pulse(path: readonly string[]): void {
    count += 1;
    svg.attr('data-pulse-count', count);
    const edges = lookup.edges();
    // Consecutive ids joined by an edge become travel segments; pairs without an edge are just highlighted.
    const segments: { key: string; target: string; element: SVGPathElement; edge: LaidOutEdge }[] = [];
    const immediately: string[] = [];
    path.forEach((id, i) => {
      const previous = i > 0 ? path[i - 1] : undefined;
      const found = previous === undefined ? undefined : edges.get(edgeKey({ source: previous, target: id }));
      if (found) segments.push({ key: edgeKey(found.edge), target: id, ...found });
      else immediately.push(id);
    });

    if (reducedMotion || segments.length === 0) {
      path.forEach(highlightNode);
      segments.forEach((segment) => highlightEdge(segment.key));
      return;
    }
    immediately.forEach(highlightNode);

    const dot = layer.append('circle').attr('class', 'graph-pulse-dot').attr('r', 6);
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

  return {
    pulse,
    destroy() {
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
      layer.selectAll('*').interrupt().remove();
    },
  };
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
