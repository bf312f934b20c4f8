import type { Selection } from 'd3';
import { edgeKey } from './graphModel';
import type { LaidOutEdge } from './layeredLayout';

export type EdgeElements = Map<string, { element: SVGPathElement; edge: LaidOutEdge }>;

/**
 * Draws the edges of a layout (joined by "source→target"), morphing standing ones to their new paths over `moveMs`;
 * returns each edge's element by key, for the pulse.
 */
export function renderEdges(
  layer: Selection<SVGGElement, unknown, null, undefined>,
  edges: readonly LaidOutEdge[],
  markerId: string,
  moveMs: number,
): EdgeElements {
  const joined = layer
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
        if (moveMs === 0) existing.interrupt().attr('d', (d) => d.path);
        else existing.transition().duration(moveMs).attr('d', (d) => d.path);
        return existing;
      },
      (exit) => exit.remove(),
    );
  const elements: EdgeElements = new Map();
  joined.each(function (this: SVGPathElement, edge) {
    elements.set(edgeKey(edge), { element: this, edge });
  });
  return elements;
}
