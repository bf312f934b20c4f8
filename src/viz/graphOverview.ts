import type { ZoomTransform } from 'd3';
import type { Box } from './graphZoom';
import { STATE_STYLE, type VizState } from './stateStyle';

/**
 * The overview of a large graph (a minimap, as Dagster's asset graph and React Flow draw one): the whole graph shrunk
 * into a corner, every node a dot in its state's colour, and a frame around the part the main view shows. Zoomed in on a
 * 5,000-task DAG, it is what keeps the structure (layers as columns of dots, how far a run has got) in sight; pressing
 * or dragging on it moves the main view there.
 *
 * A create/update/destroy factory drawing into an element React renders empty (it owns the element's test id and
 * accessible name). Repaints for state changes are throttled: the overview is a summary, and a run of thousands of
 * state changes a second must not cost a full redraw every frame.
 */
export interface OverviewNode extends Box {
  state: VizState;
}

export interface OverviewHandle {
  /** A new layout: the graph's extent and its nodes. */
  setGraph(nodes: readonly OverviewNode[], width: number, height: number): void;
  /** States changed: repaint soon (at most every REPAINT_MS). */
  paint(nodes: readonly OverviewNode[]): void;
  /** The main view moved or resized: move the frame. */
  setViewport(transform: ZoomTransform, size: { width: number; height: number }): void;
  destroy(): void;
}

const REPAINT_MS = 250;
/** A long thin graph is stretched to at least this height (in CSS pixels), so its overview can still be aimed at. */
const MIN_HEIGHT = 36;
/** A node is never drawn smaller than this (in overview pixels), so a thin layer still shows. */
const MIN_DOT = 1;

export function createOverview(host: HTMLElement, onPan: (x: number, y: number) => void): OverviewHandle {
  const canvas = document.createElement('canvas');
  canvas.className = 'graph-overview-canvas';
  canvas.setAttribute('aria-hidden', 'true');
  const frame = document.createElement('div');
  frame.className = 'graph-overview-frame';
  // The frame is positioned in the canvas' own coordinates: both sit in a box exactly the canvas' size.
  const inner = document.createElement('div');
  inner.className = 'graph-overview-inner';
  inner.append(canvas, frame);
  host.append(inner);

  // Overview pixels per graph unit, across and down (equal unless a thin graph is stretched to MIN_HEIGHT).
  let sx = 1;
  let sy = 1;
  let extent = { width: 0, height: 0 };
  let latest: readonly OverviewNode[] = [];
  let lastPaint = -Infinity;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let viewport: { transform: ZoomTransform; size: { width: number; height: number } } | null = null;
  let dragging = false;
  // The host's size, read once here (the page's layout is fresh: the view was just created) and then as a
  // ResizeObserver reports it. Read in setGraph, it forced a synchronous layout of everything the graph view had just
  // added (1,000 node buttons: 12–17 ms of style and layout inside the task that applies a layout).
  let hostSize = { width: host.clientWidth, height: host.clientHeight };
  const resizeObserver =
    typeof ResizeObserver === 'undefined'
      ? null
      : new ResizeObserver((entries) => {
          const box = entries.at(-1)?.contentRect;
          if (!box || (box.width === hostSize.width && box.height === hostSize.height)) return;
          hostSize = { width: box.width, height: box.height };
          if (extent.width > 0) setGraph(latest, extent.width, extent.height);
        });
  resizeObserver?.observe(host);

  function setGraph(nodes: readonly OverviewNode[], width: number, height: number): void {
    extent = { width, height };
    // The overview keeps the graph's proportions inside the host's box.
    const scale = width > 0 && height > 0 ? Math.min(hostSize.width / width, hostSize.height / height) : 1;
    const ratio = window.devicePixelRatio || 1;
    const cssWidth = Math.max(1, Math.round(width * scale));
    const cssHeight = Math.max(Math.min(MIN_HEIGHT, hostSize.height), Math.round(height * scale));
    sx = width > 0 ? cssWidth / width : 1;
    sy = height > 0 ? cssHeight / height : 1;
    canvas.style.width = `${cssWidth}px`;
    canvas.style.height = `${cssHeight}px`;
    // The visible box hugs the graph's shape: a long thin graph gets a long thin overview, not a mostly empty square.
    inner.style.width = `${cssWidth}px`;
    inner.style.height = `${cssHeight}px`;
    canvas.width = Math.round(cssWidth * ratio);
    canvas.height = Math.round(cssHeight * ratio);
    latest = nodes;
    draw();
    placeFrame();
  }

  function paint(nodes: readonly OverviewNode[]): void {
    latest = nodes;
    const wait = lastPaint + REPAINT_MS - performance.now();
    if (wait <= 0) draw();
    else timer ??= setTimeout(draw, wait);
  }

  function draw(): void {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    lastPaint = performance.now();
    const context = canvas.getContext('2d');
    if (!context) return;
    const ratio = window.devicePixelRatio || 1;
    context.setTransform(1, 0, 0, 1, 0, 0);
    context.clearRect(0, 0, canvas.width, canvas.height);
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    // One fill style per state, not per node: a few style changes for thousands of rectangles.
    const byState = new Map<VizState, OverviewNode[]>();
    for (const node of latest) {
      const list = byState.get(node.state);
      if (list) list.push(node);
      else byState.set(node.state, [node]);
    }
    for (const [state, nodes] of byState) {
      context.fillStyle = STATE_STYLE[state].stroke;
      for (const n of nodes) {
        context.fillRect(n.x * sx, n.y * sy, Math.max(MIN_DOT, n.width * sx), Math.max(MIN_DOT, n.height * sy));
      }
    }
  }

  function setViewport(transform: ZoomTransform, size: { width: number; height: number }): void {
    viewport = { transform, size };
    placeFrame();
  }

  /** The frame: the main view's rectangle in graph coordinates, scaled down and clipped to the overview. */
  function placeFrame(): void {
    if (!viewport || extent.width <= 0) return;
    const { transform: t, size } = viewport;
    const left = Math.max(0, (-t.x / t.k) * sx);
    const top = Math.max(0, (-t.y / t.k) * sy);
    const right = Math.min(extent.width * sx, ((size.width - t.x) / t.k) * sx);
    const bottom = Math.min(extent.height * sy, ((size.height - t.y) / t.k) * sy);
    frame.style.left = `${left}px`;
    frame.style.top = `${top}px`;
    frame.style.width = `${Math.max(2, right - left)}px`;
    frame.style.height = `${Math.max(2, bottom - top)}px`;
  }

  function panTo(event: PointerEvent): void {
    const box = canvas.getBoundingClientRect();
    if (sx <= 0 || sy <= 0) return;
    const x = Math.min(Math.max(0, event.clientX - box.left), box.width) / sx;
    const y = Math.min(Math.max(0, event.clientY - box.top), box.height) / sy;
    onPan(x, y);
  }

  const onDown = (event: PointerEvent) => {
    if (event.button !== 0) return;
    dragging = true;
    inner.setPointerCapture?.(event.pointerId);
    panTo(event);
    event.preventDefault();
  };
  const onMove = (event: PointerEvent) => {
    if (dragging) panTo(event);
  };
  const onUp = (event: PointerEvent) => {
    dragging = false;
    if (inner.hasPointerCapture?.(event.pointerId)) inner.releasePointerCapture(event.pointerId);
  };
  inner.addEventListener('pointerdown', onDown);
  inner.addEventListener('pointermove', onMove);
  inner.addEventListener('pointerup', onUp);
  inner.addEventListener('pointercancel', onUp);

  return {
    setGraph,
    paint,
    setViewport,
    destroy() {
      if (timer !== null) clearTimeout(timer);
      resizeObserver?.disconnect();
      inner.removeEventListener('pointerdown', onDown);
      inner.removeEventListener('pointermove', onMove);
      inner.removeEventListener('pointerup', onUp);
      inner.removeEventListener('pointercancel', onUp);
      inner.remove();
    },
  };
}
