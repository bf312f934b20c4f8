import { interpolateRgb } from 'd3';
import { fitLabel, ICON_X, TEXT_X } from './nodeShape';
import { nodeLabelText, type NodeDatum } from './graphModel';
import { STATE_STYLE, type VizState } from './stateStyle';

/**
 * Drawing the nodes of a large graph on a canvas (canvasGraphView.ts owns the canvas, the zoom and the buttons; this
 * module only paints). Zoomed in, each node is a rounded box with its glyph and label, fading between state colours
 * and breathing while it runs. Zoomed out (detail 'none'), thousands of nodes are on screen and each is a few pixels:
 * they are drawn in one path per state — a handful of canvas calls instead of several per node — and change colour
 * at once.
 */

export const COLOUR_MS = 300;
const BLINK_MS = 1200;
const SELECTION_GAP = 4;
const FOCUS_GAP = 8;

export interface Shown {
  fill: string;
  stroke: string;
  /** When the colour last changed, and from what: the canvas interpolates for COLOUR_MS. */
  since: number;
  fromFill: string;
  fromStroke: string;
}

export interface NodePaint {
  now: number;
  detail: 'full' | 'icons' | 'none';
  /** Graph coordinates of what the view shows: only nodes inside are drawn. */
  view: { left: number; top: number; right: number; bottom: number };
  /** The zoom scale: rings keep a visible width however far out. */
  scale: number;
  selectedId: string | null;
  focusedId: string | null;
  shown: ReadonlyMap<string, Shown>;
  colours: { selected: string; focus: string };
  reducedMotion: boolean;
}

/** Draws the nodes in view; returns whether something is animating (so another frame is wanted). */
export function drawNodes(context: CanvasRenderingContext2D, nodes: readonly NodeDatum[], paint: NodePaint): boolean {
  const { view } = paint;
  const visible = nodes.filter((d) => d.x <= view.right && d.x + d.width >= view.left && d.y <= view.bottom && d.y + d.height >= view.top);
  const animating = paint.detail === 'none' ? drawBlocks(context, visible, paint) : drawBoxes(context, visible, paint);
  for (const d of visible) {
    if (d.id === paint.selectedId) ring(context, d, SELECTION_GAP, paint.colours.selected, [], paint.scale);
    if (d.id === paint.focusedId) ring(context, d, FOCUS_GAP, paint.colours.focus, [5, 3], paint.scale);
  }
  return animating;
}

/** Zoomed in: each node on its own, with fades, breathing, glyph and label. */
function drawBoxes(context: CanvasRenderingContext2D, nodes: readonly NodeDatum[], paint: NodePaint): boolean {
  let animating = false;
  for (const d of nodes) {
    const style = STATE_STYLE[d.state];
    const colour = paint.shown.get(d.id);
    const [fill, stroke] = colour ? colourAt(colour, paint.now) : [style.fill, style.stroke];
    if (colour && paint.now - colour.since < COLOUR_MS) animating = true;
    context.globalAlpha = 1;
    if (d.state === 'running' && !paint.reducedMotion) {
      context.globalAlpha = breath(paint.now);
      animating = true;
    }
    context.fillStyle = fill;
    context.strokeStyle = stroke;
    context.lineWidth = 2;
    context.beginPath();
    context.roundRect(d.x, d.y, d.width, d.height, 8);
    context.fill();
    context.globalAlpha = 1;
    context.stroke();
    drawText(context, d, paint.detail === 'full');
  }
  return animating;
}

/** Zoomed out: one path per state, filled and outlined once; running nodes breathe together. */
function drawBlocks(context: CanvasRenderingContext2D, nodes: readonly NodeDatum[], paint: NodePaint): boolean {
  const byState = new Map<VizState, NodeDatum[]>();
  for (const d of nodes) {
    const list = byState.get(d.state);
    if (list) list.push(d);
    else byState.set(d.state, [d]);
  }
  let animating = false;
  context.lineWidth = 2;
  for (const [state, list] of byState) {
    const style = STATE_STYLE[state];
    const breathing = state === 'running' && !paint.reducedMotion;
    animating ||= breathing;
    context.beginPath();
    for (const d of list) context.rect(d.x, d.y, d.width, d.height);
    context.globalAlpha = breathing ? breath(paint.now) : 1;
    context.fillStyle = style.fill;
    context.fill();
    context.globalAlpha = 1;
    context.strokeStyle = style.stroke;
    context.stroke();
  }
  return animating;
}

/** Running nodes' body fades and returns, which reads at any zoom. */
const breath = (now: number) => 0.45 + 0.55 * (0.5 + 0.5 * Math.cos((2 * Math.PI * now) / BLINK_MS));

function drawText(context: CanvasRenderingContext2D, d: NodeDatum, full: boolean): void {
  const style = STATE_STYLE[d.state];
  const middle = d.y + d.height / 2;
  context.fillStyle = style.text;
  context.textBaseline = 'middle';
  context.textAlign = 'center';
  context.font = '16px system-ui, sans-serif';
  context.fillText(style.icon, d.x + ICON_X, middle);
  if (!full) return;
  context.textAlign = 'left';
  context.font = '600 13px system-ui, sans-serif';
  // The label (user text) isolated (FSI … PDI) and balanced: an override in an id cannot reorder what follows it.
  context.fillText(nodeLabelText(d.label, d.width, 'label'), d.x + TEXT_X, d.sublabel ? middle - 7 : middle);
  if (d.sublabel) {
    context.font = '11px system-ui, sans-serif';
    context.fillText(fitLabel(d.sublabel, d.width, 'sublabel'), d.x + TEXT_X, middle + 9);
  }
}

function ring(context: CanvasRenderingContext2D, d: NodeDatum, gap: number, colour: string, dash: number[], scale: number): void {
  context.save();
  context.strokeStyle = colour;
  context.lineWidth = 2 / Math.min(1, scale);
  context.setLineDash(dash);
  context.beginPath();
  context.roundRect(d.x - gap, d.y - gap, d.width + 2 * gap, d.height + 2 * gap, 10);
  context.stroke();
  context.restore();
}

/** The colour a node shows at `now`: its target, or on the way there from where it was. */
export function colourAt(colour: Shown, now: number): [string, string] {
  const t = (now - colour.since) / COLOUR_MS;
  if (t >= 1) return [colour.fill, colour.stroke];
  return [interpolateRgb(colour.fromFill, colour.fill)(t), interpolateRgb(colour.fromStroke, colour.stroke)(t)];
}
