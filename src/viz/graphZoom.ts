import { select, zoom, zoomIdentity, zoomTransform, type D3ZoomEvent, type Selection, type ZoomTransform } from 'd3';

/**
 * Zoom and pan of a graph view (d3-zoom): gestures, the zoom buttons, fitting the graph into its container, panning
 * a keyboard-focused node into view, and the level of detail that goes with the scale. A create/destroy behaviour in
 * the style of xyflow's, owning nothing but the viewport's transform and the svg's detail classes.
 */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface ZoomControl {
  /**
   * The graph's extent changed (a new layout): remember it, and fit it unless the person has moved the view. `start` is
   * where reading begins (the first layer's nodes): what a fit shows when the whole graph cannot be shown readably.
   */
  setExtent(width: number, height: number, refit: boolean, start?: Box): void;
  /**
   * Fits the graph into the view, never below a readable scale: a graph that fits whole at a readable size is shown
   * whole, as always; a larger one is shown from its start at READABLE_SCALE, and the rest is a pan (or the
   * overview) away.
   */
  fit(): void;
  /** The whole graph in the view, however small that makes it: the shape, not the labels. */
  fitAll(): void;
  /** Zooms to at least a readable scale and centres the box: where a search result is. */
  focus(box: Box): void;
  /** Pans (never zooms) so that the point (graph coordinates) is in the centre of the view. */
  centerOn(x: number, y: number): void;
  /** Multiplies the scale by `factor` around the centre of the view. */
  zoomBy(factor: number): void;
  /** Pans (never zooms) so that a box in graph coordinates is inside the view. */
  reveal(box: { x: number; y: number; width: number; height: number }): void;
  destroy(): void;
}

const MAX_SCALE = 3;
const MIN_SCALE = 0.3;
/**
 * The smallest scale at which a node reads: a 13 px label at 0.6 is ~8 px, the glyph ~10 px. A fit never goes below it
 * (see `fit`), and a search result is brought up to it.
 */
export const READABLE_SCALE = 0.6;
// Room around the graph when fitting it into the container, so outlines and glows are not cut at the edges.
const FIT_MARGIN = 24;
// Fitting never magnifies beyond 1: a two-node graph blown up to fill a wide panel looks broken, not helpful.
const FIT_MAX_SCALE = 1;
const BUTTON_ZOOM_MS = 250;
// A readable fit leaves this much room above the graph's start: the search box of a large graph sits there.
const READABLE_FIT_TOP = 48;

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
  let start: Box | null = null;
  // Whether the person has zoomed or panned since the last fit; if so, resizes leave their view alone.
  let userMoved = false;
  // A fit asked for while the container had no size (e.g. in a hidden tab), done once it has one.
  let fitPending = false;
  let detail = '';

  const behavior = zoom<Element, unknown>()
    .scaleExtent([MIN_SCALE, MAX_SCALE])
    // The viewport d3-zoom scales about. Its default reads the surface's clientWidth (or an SVG's width) on every
    // programmatic zoom: the fit after a 1,000-node layout forced a style and layout of the whole page (12–17 ms) in
    // the task that applied it. The surface fills the container, whose size the ResizeObserver below keeps.
    .extent((): [[number, number], [number, number]] => [
      [0, 0],
      [currentWidth(), currentHeight()],
    ])
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

  // The container's size as last read in a ResizeObserver callback, where layout is fresh. Reading clientWidth anywhere
  // else after the DOM changed forces a style and layout of the whole page inside the caller's task: during a run each
  // re-layout of the graph (a node's sublabel changed its width) did that in the store update's task, the longest
  // main-thread task of the run (35-60 ms of forced layout under load). Null until the first callback.
  let observedSize: { width: number; height: number } | null = null;
  const resizeObserver =
    typeof ResizeObserver === 'undefined'
      ? null
      : new ResizeObserver(() => {
          observedSize = { width: container.clientWidth, height: container.clientHeight };
          if (fitPending || !userMoved) fit();
        });
  resizeObserver?.observe(container);

  function fitScale(width: number, height: number): number {
    if (!extent || extent.width <= 0 || extent.height <= 0) return 1;
    return Math.min((width - 2 * FIT_MARGIN) / extent.width, (height - 2 * FIT_MARGIN) / extent.height, FIT_MAX_SCALE);
  }

  /** The view's size, or null (and a fit remembered for later) while it has none, e.g. in a hidden tab. */
  function viewSize(): { width: number; height: number } | null {
    // Before the observer's first callback (a view just created) the fit waits for it, a frame later; without a
    // ResizeObserver (tests in jsdom) the size is read directly.
    const { width, height } = resizeObserver ? (observedSize ?? { width: 0, height: 0 }) : { width: container.clientWidth, height: container.clientHeight };
    if (!extent || width <= 0 || height <= 0) {
      fitPending = extent !== null;
      return null;
    }
    fitPending = false;
    return { width, height };
  }

  // Focus and reveal follow a person's action: the observed size when there is one, else a direct read.
  const currentWidth = () => observedSize?.width ?? container.clientWidth;
  const currentHeight = () => observedSize?.height ?? container.clientHeight;

  function fit(): void {
    const view = viewSize();
    if (!view || !extent) return;
    userMoved = false;
    const whole = fitScale(view.width, view.height);
    // A graph too big for the usual minimum can still be zoomed out whole: the minimum follows it down.
    behavior.scaleExtent([Math.min(MIN_SCALE, whole), MAX_SCALE]);
    if (whole >= READABLE_SCALE || !start) {
      showWhole(view, whole);
      return;
    }
    // Too large to read whole: the start of the graph at a readable size, its first layer at the left edge, centred
    // on the rows where it begins (or from its top, when the first layer is taller than the view).
    const k = READABLE_SCALE;
    const x = FIT_MARGIN - start.x * k;
    const centred = view.height / 2 - (start.y + start.height / 2) * k;
    const fromTop = READABLE_FIT_TOP - start.y * k;
    const y = start.height * k <= view.height - READABLE_FIT_TOP - FIT_MARGIN ? Math.max(centred, fromTop) : fromTop;
    svg.call(behavior.transform, zoomIdentity.translate(x, y).scale(k));
  }

  function fitAll(): void {
    const view = viewSize();
    if (!view) return;
    userMoved = true;
    const whole = fitScale(view.width, view.height);
    behavior.scaleExtent([Math.min(MIN_SCALE, whole), MAX_SCALE]);
    showWhole(view, whole);
  }

  function showWhole(view: { width: number; height: number }, scale: number): void {
    if (!extent) return;
    const transform = zoomIdentity
      .translate((view.width - extent.width * scale) / 2, (view.height - extent.height * scale) / 2)
      .scale(scale);
    svg.call(behavior.transform, transform);
  }

  function focus(box: Box): void {
    const node = svg.node();
    if (!node) return;
    userMoved = true;
    const k = Math.max(zoomTransform(node).k, READABLE_SCALE);
    const centre = zoomIdentity
      .translate(currentWidth() / 2, currentHeight() / 2)
      .scale(k)
      .translate(-(box.x + box.width / 2), -(box.y + box.height / 2));
    if (reducedMotion) svg.call(behavior.transform, centre);
    else svg.transition().duration(BUTTON_ZOOM_MS).call(behavior.transform, centre);
  }

  function centerOn(x: number, y: number): void {
    userMoved = true;
    svg.interrupt().call(behavior.translateTo, x, y);
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
    const inside = cx >= 0 && cy >= 0 && cx <= currentWidth() && cy <= currentHeight();
    if (!inside) svg.call(behavior.translateTo, box.x + box.width / 2, box.y + box.height / 2);
  }

  return {
    setExtent(width, height, refit, startBox) {
      extent = { width, height };
      start = startBox ?? null;
      if (refit || !userMoved) fit();
    },
    fit,
    fitAll,
    focus,
    centerOn,
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
