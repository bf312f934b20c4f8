import { select, type Selection } from 'd3';
import type { NodeDatum } from './graphModel';
import { fitLabel, ICON_X, shapeParts, TEXT_X, textOffsetFor } from './nodeShape';
import { accessibleName, nodeLabelText } from './graphModel';
import { STATE_STYLE } from './stateStyle';
import { rovingTarget } from './rovingFocus';

/**
 * The node layer of a graph view: one <g> per node, joined by id when the structure changes, and — between structure
 * changes — repainted node by node, only where something shown changed. State colours are CSS custom properties on
 * each node (--node-fill, --node-stroke, --node-text) that graph.css turns into fills with a CSS transition: a state
 * change is three property writes and the browser animates it, with no JavaScript timer per node (and none at all
 * under reduced motion, where graph.css drops the transition).
 *
 * Keyboard: one tab stop for the whole graph (roving tabindex); arrows move between nodes in reading order, Home and
 * End jump to the first and last, Enter and Space select. A 1,000-node graph is then one Tab, not a thousand.
 */
export interface NodeLayer {
  /** Joins the nodes of a new layout (in reading order); returns whether nodes moved (for the caller's transition). */
  setNodes(data: readonly NodeDatum[], moveMs: number): void;
  /** Repaints the nodes whose shown content differs from what was painted; returns how many it touched. */
  paint(data: readonly NodeDatum[], selectedId: string | null): number;
  element(id: string): SVGGElement | undefined;
  destroy(): void;
}

type GSelection = Selection<SVGGElement, unknown, null, undefined>;

// How far each ring around a node stands off its outline.
const SELECTION_GAP = 4;
const HALO_GAP = 7;
const FOCUS_GAP = 11;
const RINGS: readonly (readonly [string, number, number])[] = [
  ['graph-node-focus', FOCUS_GAP, 14],
  ['graph-node-halo', HALO_GAP, 12],
  ['graph-node-selection', SELECTION_GAP, 10],
];

export function createNodeLayer(
  layer: GSelection,
  callbacks: { onSelect(id: string): void; onFocus(node: NodeDatum): void },
): NodeLayer {
  const elements = new Map<string, SVGGElement>();
  const painted = new Map<string, string>();
  let ordered: NodeDatum[] = [];
  let tabStop: string | null = null;

  function setTabStop(id: string | null): void {
    if (id === tabStop && (id === null || elements.get(id)?.getAttribute('tabindex') === '0')) return;
    if (tabStop !== null) elements.get(tabStop)?.setAttribute('tabindex', '-1');
    tabStop = id;
    if (id !== null) elements.get(id)?.setAttribute('tabindex', '0');
  }

  function moveFocus(from: string, key: string): boolean {
    const at = ordered.findIndex((d) => d.id === from);
    const target = rovingTarget(ordered, at, key);
    if (!target) return false;
    setTabStop(target.id);
    elements.get(target.id)?.focus();
    return true;
  }

  function setNodes(data: readonly NodeDatum[], moveMs: number): void {
    ordered = [...data].sort((a, b) => a.order - b.order);
    const joined = layer
      .selectAll<SVGGElement, NodeDatum>('g.graph-node')
      .data(ordered, (d) => d.id)
      .join(
        (enter) => {
          const g = enter
            .append('g')
            .attr('class', 'graph-node')
            .attr('data-testid', (d) => `graph-node-${d.id}`)
            .attr('tabindex', -1)
            .attr('role', 'button')
            .attr('transform', (d) => `translate(${d.x},${d.y})`)
            .on('click', (_event: MouseEvent, d) => {
              setTabStop(d.id);
              callbacks.onSelect(d.id);
            })
            .on('keydown', (event: KeyboardEvent, d) => {
              if (event.key === 'Enter' || event.key === ' ') {
                // Space would otherwise scroll the page.
                event.preventDefault();
                callbacks.onSelect(d.id);
              } else if (moveFocus(d.id, event.key)) {
                event.preventDefault();
              }
            })
            .on('focus', (_event: FocusEvent, d) => {
              setTabStop(d.id);
              callbacks.onFocus(d);
            });
          // Tooltip with the full, untruncated text.
          g.append('title');
          // Rings behind the shape, each its own element so they can show together: keyboard focus (outermost), the
          // running/pulsed glow, and the selection outline.
          for (const [className, gap, rx] of RINGS) {
            g.append('rect').attr('class', className).attr('x', -gap).attr('y', -gap).attr('rx', rx);
          }
          g.append('g').attr('class', 'graph-node-shape');
          g.append('text').attr('class', 'graph-node-icon').attr('x', ICON_X).attr('text-anchor', 'middle').attr('aria-hidden', 'true');
          g.append('text').attr('class', 'graph-node-label').attr('x', TEXT_X);
          g.append('text').attr('class', 'graph-node-sublabel').attr('x', TEXT_X);
          return g;
        },
        (existing) => {
          const place = (d: NodeDatum) => `translate(${d.x},${d.y})`;
          if (moveMs === 0) existing.interrupt().attr('transform', place);
          else existing.transition().duration(moveMs).attr('transform', place);
          return existing;
        },
        (exit) => exit.remove(),
      );
    // DOM order is reading order, which is also the order the arrows move in.
    joined.order();
    for (const [className, gap] of RINGS) {
      joined
        .select<SVGRectElement>(`rect.${className}`)
        .attr('width', (d) => d.width + 2 * gap)
        .attr('height', (d) => d.height + 2 * gap);
    }
    elements.clear();
    joined.each(function (this: SVGGElement, d) {
      elements.set(d.id, this);
      drawShape(select(this), d);
    });
    // New elements have never been painted; standing ones keep what they show.
    for (const id of painted.keys()) if (!elements.has(id)) painted.delete(id);
    for (const [id, element] of elements) if (!element.hasAttribute('data-state')) painted.delete(id);
    if (tabStop === null || !elements.has(tabStop)) tabStop = null;
  }

  function paint(data: readonly NodeDatum[], selectedId: string | null): number {
    let touched = 0;
    for (const d of data) {
      const element = elements.get(d.id);
      if (!element) continue;
      const selected = d.id === selectedId;
      const signature = `${d.state}\u0000${d.label}\u0000${d.sublabel ?? ''}\u0000${d.width}\u0000${selected}`;
      if (painted.get(d.id) === signature) continue;
      painted.set(d.id, signature);
      paintNode(element, d, selected);
      touched += 1;
    }
    // The tab stop is the selected node, else stays where the person left it, else the first node.
    setTabStop(selectedId !== null && elements.has(selectedId) ? selectedId : (tabStop ?? ordered[0]?.id ?? null));
    return touched;
  }

  return {
    setNodes,
    paint,
    element: (id) => elements.get(id),
    destroy() {
      layer.selectAll('g.graph-node').interrupt().on('click', null).on('keydown', null).on('focus', null);
      elements.clear();
      painted.clear();
    },
  };
}

/** (Re)draws the outline when the kind or size changed. */
function drawShape(g: Selection<SVGGElement, unknown, null, undefined>, d: NodeDatum): void {
  const shape = g.select<SVGGElement>('g.graph-node-shape');
  const signature = `${d.kind}:${d.width}x${d.height}`;
  if (shape.attr('data-shape') === signature) return;
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
}

/**
 * Writes one node's state, text and selection straight to its elements (no selections: this runs per change). Only
 * what differs is written: assigning even the same textContent replaces the text node, and each SVG <text> touched is
 * laid out again in the next frame, the costliest part of a run's frames.
 */
function paintNode(element: SVGGElement, d: NodeDatum, selected: boolean): void {
  const style = STATE_STYLE[d.state];
  setAttributeIfChanged(element, 'data-state', d.state);
  setAttributeIfChanged(element, 'data-kind', d.kind);
  setAttributeIfChanged(element, 'aria-pressed', String(selected));
  element.classList.toggle('is-running', d.state === 'running');
  element.classList.toggle('is-selected', selected);
  setPropertyIfChanged(element, '--node-fill', style.fill);
  setPropertyIfChanged(element, '--node-stroke', style.stroke);
  setPropertyIfChanged(element, '--node-text', style.text);

  const [title, icon, label, sublabel] = ['title', 'text.graph-node-icon', 'text.graph-node-label', 'text.graph-node-sublabel'].map(
    (selector) => element.querySelector(selector)!,
  ) as [SVGTitleElement, SVGTextElement, SVGTextElement, SVGTextElement];
  // The <title> is the node's tooltip and (SVG's rule) its accessible name: what it shows, plus the state in words
  // where the text does not say it. No aria-label, so the name can never disagree with the visible text.
  setTextIfChanged(title, accessibleName(d));
  const middle = d.height / 2 + textOffsetFor(d.kind);
  const hasSublabel = Boolean(d.sublabel);
  setAttributeIfChanged(icon, 'y', String(middle));
  setTextIfChanged(icon, style.icon);
  setAttributeIfChanged(label, 'y', String(hasSublabel ? middle - 7 : middle));
  setTextIfChanged(label, nodeLabelText(d.label, d.width, 'label'));
  setAttributeIfChanged(sublabel, 'y', String(middle + 9));
  setTextIfChanged(sublabel, hasSublabel ? fitLabel(d.sublabel ?? '', d.width, 'sublabel') : '');
}

function setAttributeIfChanged(element: Element, name: string, value: string): void {
  if (element.getAttribute(name) !== value) element.setAttribute(name, value);
}

function setPropertyIfChanged(element: SVGElement, name: string, value: string): void {
  if (element.style.getPropertyValue(name) !== value) element.style.setProperty(name, value);
}

function setTextIfChanged(element: Element, value: string): void {
  if (element.textContent !== value) element.textContent = value;
}
