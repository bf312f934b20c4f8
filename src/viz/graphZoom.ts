import { select, zoom, zoomIdentity, zoomTransform, type D3ZoomEvent, type Selection, type ZoomTransform } from 'd3';

/**
 * Zoom and pan of a graph view (d3-zoom): gestures, the zoom buttons, fitting the graph into its container, panning
 * a keyboard-focused node into view, and the level of detail that goes with the scale. A create/destroy behaviour in
 * the style of xyflow's, owning nothing but the viewport's transform and the svg's detail classes.
 */
export interface ZoomControl {
  /** The graph's extent changed (a new layout): remember it, and fit it unless the person has moved the view. */
  setExtent(width: number, height: number, refit: boolean): void;
  fit(): void;
  /** Multiplies the scale by `factor` around the centre of the view. */
  zoomBy(factor: number): void;
  /** Pans (never zooms) so that a box in graph coordinates is inside the view. */
  reveal(box: { x: number; y: number; width: number; height: number }): void;
  destroy(): void;
}

const MAX_SCALE = 3;
const MIN_SCALE = 0.3;
// Room around the graph when fitting it into the container, so outlines and glows are not cut at the edges.
const FIT_MARGIN = 24;
// Fitting never magnifies beyond 1: a two-node graph blown up to fill a wide panel looks broken, not helpful.
const FIT_MAX_SCALE = 1;
const BUTTON_ZOOM_MS = 250;

/**
 * Level of detail: below these scales text is too small to read (a 13 px label at 0.45 is under 6 px), so it is not
 * drawn at all, which also keeps a zoomed-out 1,000-node graph cheap to repaint. State still reads without colour:
 * the view's state summary counts the nodes per state in words, and zooming in brings the glyphs back.
 */
const LABEL_MIN_SCALE = 0.45;
const ICON_MIN_SCALE = 0.25;

/**
 * `surface` takes the gestures (the svg, or the canvas of a large graph); `apply` shows a transform (sets the svg
 * viewport's transform attribute, or redraws the canvas). The level of detail is written to the surface's
 * `data-detail` (full, icons, none) for stylesheets and renderers to follow.
 */
/** The level of detail at a scale: what a renderer draws. */
export function detailAt(k: number): 'full' | 'icons' | 'none' {
  return k < ICON_MIN_SCALE ? 'none' : k < LABEL_MIN_SCALE ? 'icons' : 'full';
}

export function createZoom(
  surface: Element,
  apply: (transform: ZoomTransform) => void,
  container: HTMLElement,
  reducedMotion: boolean,
): ZoomControl {
  const svg: Selection<Element, unknown, null, undefined> = select(surface);
  let extent: { width: number; height: number } | null = null;
  // Whether the person has zoomed or panned since the last fit; if so, resizes leave their view alone.
  let userMoved = false;
  // A fit asked for while the container had no size (e.g. in a hidden tab), done once it has one.
  let fitPending = false;
  let detail = '';

  const behavior = zoom<Element, unknown>()
    .scaleExtent([MIN_SCALE, MAX_SCALE])
    .on('zoom', (event: D3ZoomEvent<Element, unknown>) => {
      setDetail(event.transform.k);
      apply(event.transform);
      // Programmatic zooms (fit, buttons, focus-follow) have no source event; only gestures count as the person's.
      if (event.sourceEvent) userMoved = true;
    });
  // No double-click zoom: double-clicking a node means selecting it, and a sudden zoom there is disorienting.
  svg.call(behavior).on('dblclick.zoom', null);

  function setDetail(k: number): void {
    const next = detailAt(k);
    if (next === detail) return;
    detail = next;
    svg.attr('data-detail', next);
  }

  const resizeObserver =
    typeof ResizeObserver === 'undefined'
      ? null
      : new ResizeObserver(() => {
          if (fitPending || !userMoved) fit();
        });
  resizeObserver?.observe(container);

  function fitScale(width: number, height: number): number {
    if (!extent || extent.width <= 0 || extent.height <= 0) return 1;
    return Math.min((width - 2 * FIT_MARGIN) / extent.width, (height - 2 * FIT_MARGIN) / extent.height, FIT_MAX_SCALE);
  }

  function fit(): void {
    if (!extent) return;
    const width = container.clientWidth;
    const height = container.clientHeight;
    if (width <= 0 || height <= 0) {
      fitPending = true;
      return;
    }
    fitPending = false;
    userMoved = false;
    const scale = fitScale(width, height);
    // A graph too big for the usual minimum still fits whole: the minimum follows it down.
    behavior.scaleExtent([Math.min(MIN_SCALE, scale), MAX_SCALE]);
    const transform = zoomIdentity
      .translate((width - extent.width * scale) / 2, (height - extent.height * scale) / 2)
      .scale(scale);
    svg.call(behavior.transform, transform);
  }

  function zoomBy(factor: number): void {
    userMoved = true;
    if (reducedMotion) svg.call(behavior.scaleBy, factor);
    else svg.transition().duration(BUTTON_ZOOM_MS).call(behavior.scaleBy, factor);
  }

  function reveal(box: { x: number; y: number; width: number; height: number }): void {
    const node = svg.node();
    if (!node) return;
    const [cx, cy] = zoomTransform(node).apply([box.x + box.width / 2, box.y + box.height / 2]);
    const inside = cx >= 0 && cy >= 0 && cx <= container.clientWidth && cy <= container.clientHeight;
    if (!inside) svg.call(behavior.translateTo, box.x + box.width / 2, box.y + box.height / 2);
  }

  return {
    setExtent(width, height, refit) {
      extent = { width, height };
      if (refit || !userMoved) fit();
    },
    fit,
    zoomBy,
    reveal,
    destroy() {
      resizeObserver?.disconnect();
      svg.interrupt();
      svg.on('.zoom', null);
      select(container).interrupt();
    },
  };
}
