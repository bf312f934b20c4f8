import { type ZoomTransform, zoomIdentity } from 'd3';
import { colourAt, drawNodes, type Shown } from './canvasNodes';
import { layerBox, sameLayoutInput, sizedNodes, type GraphModel, type LayoutInput, type NodeDatum } from './graphModel';
import { createOverview } from './graphOverview';
import type { GraphViewHandle, GraphViewOptions } from './graphView';
import { createZoom, detailAt } from './graphZoom';
import type { GraphLayout } from './layeredLayout';
import { layoutGraph } from './layoutClient';
import { NODE_HEIGHT } from './nodeShape';
import { STATE_STYLE } from './stateStyle';
import { createNodeButtons } from './canvasNodeButtons';

/**
 * The graph view for large graphs (the 1,000-task demo DAG): the same contract as graphView.ts, drawn on two canvases
 * instead of SVG. Measured on these machines, an SVG of 1,000 nodes and 2,000 edges costs 50–100 ms of main-thread
 * paint every time one node changes colour; a canvas redraw of the nodes costs a few ms, and the edges sit on a
 * canvas of their own, redrawn only when the view moves.
 *
 * What SVG gave for free is rebuilt here: every node is also a (visually hidden) button, with the same test id,
 * data-state, accessible name and keyboard behaviour as an SVG node (canvasNodeButtons.ts), whose focus ring is drawn
 * on the canvas; a click on the canvas hits the node under the pointer. Colour is never the only signal: glyphs and
 * labels are drawn when zoomed in enough to read them, and the React wrapper shows the count per state in words.
 *
 * At thousands of nodes (a 5,000-task DAG) the view stays usable rather than shrinking to a sliver: fit stops at a
 * readable scale (graphZoom.ts), the overview (graphOverview.ts) shows the whole, search brings a node into view
 * (`focusNode`), and zoomed out the nodes are drawn as blocks, one path per state (canvasNodes.ts).
 */

const ZOOM_STEP = 1.4;
const ANIMATION_FRAME_MS = 30;
const ZOOMED_OUT_FRAME_MS = 100;
const MAX_ROWS_PER_COLUMN = 40;
const PAINT_FALLBACK_MS = 250;

interface Theme {
  edge: string;
  selected: string;
  focus: string;
}

export function createCanvasGraphView(container: HTMLElement, options: GraphViewOptions): GraphViewHandle {
  const reducedMotion = options.reducedMotion ?? false;
  const root = document.createElement('div');
  root.className = 'graph-large';
  root.setAttribute('data-layout', 'pending');
  const edgesCanvas = document.createElement('canvas');
  const nodesCanvas = document.createElement('canvas');
  edgesCanvas.className = 'graph-canvas-layer';
  nodesCanvas.className = 'graph-canvas-layer graph-canvas-surface';
  // The canvases are pictures of what the buttons below say; assistive technology reads the buttons.
  edgesCanvas.setAttribute('aria-hidden', 'true');
  nodesCanvas.setAttribute('aria-hidden', 'true');
  const list = document.createElement('div');
  list.className = 'graph-a11y';
  list.setAttribute('role', 'group');
  list.setAttribute('aria-label', options.ariaLabel);
  root.append(edgesCanvas, nodesCanvas, list);
  container.append(root);

  let transform: ZoomTransform = zoomIdentity;
  let layout: GraphLayout | null = null;
  // The layout's node boxes by id, built once per layout (a paint looks up every node).
  let boxes = new Map<string, GraphLayout['nodes'][number]>();
  let layoutInput: LayoutInput | null = null;
  // The last model's node sizes: unchanged nodes keep theirs on the next update.
  let lastSized: { model: GraphModel; sized: LayoutInput['sized'] } | null = null;
  let layoutTicket = 0;
  let model: GraphModel | null = null;
  let placed: NodeDatum[] = [];
  let edgePath: Path2D | null = null;
  const shown = new Map<string, Shown>();
  let destroyed = false;
  let frame: number | null = null;
  let fallback: ReturnType<typeof setTimeout> | null = null;
  let edgesDirty = true;
  let needsPaint = false;
  // Whether the next draw is only for an animation (breathing, colour fades), and when the last one was.
  let animationOnly = false;
  let lastDraw = 0;
  let theme: Theme = readTheme();

  // The overview (a minimap) lives in an element the React wrapper renders empty for large graphs.
  const overview = options.overview ? createOverview(options.overview, (x, y) => zoom.centerOn(x, y)) : null;
  const zoom = createZoom(
    nodesCanvas,
    (next) => {
      transform = next;
      edgesDirty = true;
      animationOnly = false;
      root.setAttribute('data-detail', detailAt(next.k));
      overview?.setViewport(next, size);
      requestDraw();
    },
    container,
    reducedMotion,
  );

  const colourScheme = typeof window.matchMedia === 'function' ? window.matchMedia('(prefers-color-scheme: dark)') : null;
  const onScheme = () => {
    theme = readTheme();
    edgesDirty = true;
    requestDraw();
  };
  colourScheme?.addEventListener('change', onScheme);

  // The container's size, as the ResizeObserver last reported it: reading clientWidth while drawing would force a
  // synchronous layout right after the buttons' attribute writes, which measured as the most expensive part of a frame.
  let size = { width: container.clientWidth, height: container.clientHeight };
  const resizeObserver =
    typeof ResizeObserver === 'undefined'
      ? null
      : new ResizeObserver((entries) => {
          const box = entries.at(-1)?.contentRect;
          if (box) size = { width: box.width, height: box.height };
          overview?.setViewport(transform, size);
          edgesDirty = true;
          requestDraw();
        });
  resizeObserver?.observe(container);

  nodesCanvas.addEventListener('click', onCanvasClick);

  const nodeButtons = createNodeButtons(list, {
    onSelect: (id) => options.onSelect?.(id),
    onFocusChange(id) {
      const node = id === null ? undefined : boxes.get(id);
      if (node) zoom.reveal(node);
      requestDraw();
    },
    current: () => ({ nodes: datums(), selectedId: model?.selectedId ?? null }),
  });

  function readTheme(): Theme {
    const style = getComputedStyle(container);
    const read = (name: string, fallbackColour: string) => style.getPropertyValue(name).trim() || fallbackColour;
    return { edge: read('--graph-edge', '#6e7781'), selected: read('--graph-selected', '#1b1f24'), focus: read('--graph-focus', '#0b5cad') };
  }

  function onCanvasClick(event: MouseEvent): void {
    const [x, y] = transform.invert([event.offsetX, event.offsetY]);
    const hit = placed.find((d) => x >= d.x && x <= d.x + d.width && y >= d.y && y <= d.y + d.height);
    if (!hit) return;
    // The tab stop follows the selection at the next paint (no button has the focus after a click on the canvas).
    options.onSelect?.(hit.id);
  }

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
    root.setAttribute('data-layout', 'pending');
    const started = performance.now();
    layoutGraph(sized, next.edges, { nodeHeight: NODE_HEIGHT, maxRowsPerColumn: MAX_ROWS_PER_COLUMN }).then(
      (result) => {
        if (destroyed || ticket !== layoutTicket) return;
        // Visible in the browser's performance panel, and read by the benchmark (graph_layout_1000_ms).
        performance.measure('graph-layout-worker', { start: started, end: performance.now() });
        applyLayout(result);
      },
      (error: unknown) => {
        if (destroyed || ticket !== layoutTicket) return;
        root.setAttribute('data-layout', 'failed');
        console.error('The graph could not be laid out:', error);
      },
    );
  }

  function applyLayout(next: GraphLayout): void {
    const refit = layout === null || layout.nodes.length !== next.nodes.length;
    layout = next;
    boxes = new Map(next.nodes.map((node) => [node.id, node]));
    edgePath = new Path2D(next.edges.map((edge) => edge.path).join(' '));
    placed = datums();
    const ordered = [...placed].sort((a, b) => a.order - b.order);
    edgesDirty = true;
    paintNow();
    root.setAttribute('data-node-count', String(next.nodes.length));
    // The graph's extent in graph units (with the zoom transform, where a node is on screen: for tests and tools).
    root.setAttribute('data-width', String(next.width));
    root.setAttribute('data-height', String(next.height));
    overview?.setGraph(placed, next.width, next.height);
    zoom.setExtent(next.width, next.height, refit, layerBox(next.nodes, 0));
    // The canvas shows the graph from this task on; the buttons follow a slice a task, and ready waits for the last.
    nodeButtons.place(ordered, () => root.setAttribute('data-layout', 'ready'));
  }

  function datums(): NodeDatum[] {
    if (!layout || !model) return [];
    return model.nodes.flatMap((node) => {
      const box = boxes.get(node.id);
      return box ? [{ ...node, ...box }] : [];
    });
  }

  function schedulePaint(): void {
    // Many updates a frame collapse into one paint of the newest model, in the next frame's draw.
    needsPaint = true;
    requestDraw();
    // Without frames (a hidden tab) the buttons still tell the truth, soon.
    fallback ??= setTimeout(paintNow, PAINT_FALLBACK_MS);
  }

  /** Brings the buttons up to date with the model and records colour changes; the next frame draws them. */
  function paintNow(): void {
    cancelFrame();
    needsPaint = false;
    if (destroyed || !layout || !model) return;
    placed = datums();
    const now = performance.now();
    for (const d of placed) {
      const style = STATE_STYLE[d.state];
      const before = shown.get(d.id);
      if (before && before.fill === style.fill && before.stroke === style.stroke) continue;
      if (!before || reducedMotion) {
        shown.set(d.id, { fill: style.fill, stroke: style.stroke, since: -Infinity, fromFill: style.fill, fromStroke: style.stroke });
      } else {
        // A colour fade starts now, from wherever the last one had got to.
        const [fill, stroke] = colourAt(before, now);
        shown.set(d.id, { fill: style.fill, stroke: style.stroke, since: now, fromFill: fill, fromStroke: stroke });
      }
    }
    nodeButtons.label(placed, model.selectedId ?? null);
    overview?.paint(placed);
    drawNow(now);
  }

  function requestDraw(): void {
    if (frame !== null || destroyed) return;
    frame = requestAnimationFrame((time) => {
      frame = null;
      if (needsPaint) paintNow();
      // The running nodes' breathing needs no 60 frames a second: every other frame halves the canvas uploads.
      else if (!animationOnly || time - lastDraw >= ANIMATION_FRAME_MS) drawNow(time);
      else requestDraw();
    });
  }

  function cancelFrame(): void {
    if (frame !== null) cancelAnimationFrame(frame);
    if (fallback !== null) clearTimeout(fallback);
    frame = null;
    fallback = null;
  }

  function sizeCanvas(canvas: HTMLCanvasElement): CanvasRenderingContext2D | null {
    const ratio = window.devicePixelRatio || 1;
    const width = Math.round(size.width * ratio);
    const height = Math.round(size.height * ratio);
    if (canvas.width !== width || canvas.height !== height) {
      canvas.width = width;
      canvas.height = height;
    }
    const context = canvas.getContext('2d');
    if (!context) return null;
    context.setTransform(1, 0, 0, 1, 0, 0);
    context.clearRect(0, 0, width, height);
    context.setTransform(ratio * transform.k, 0, 0, ratio * transform.k, ratio * transform.x, ratio * transform.y);
    return context;
  }

  function drawNow(now: number): void {
    if (destroyed || !layout) return;
    // Zoomed out, thousands of nodes are a few pixels each: a picture 10 times a second is plenty, and each costs the
    // browser a raster of every node. Moving the view still redraws at once.
    if (!edgesDirty && detailAt(transform.k) === 'none' && now - lastDraw < ZOOMED_OUT_FRAME_MS) {
      requestDraw();
      return;
    }
    if (edgesDirty) {
      edgesDirty = false;
      const context = sizeCanvas(edgesCanvas);
      if (context && edgePath) {
        context.strokeStyle = theme.edge;
        // A fan of 998 edges crosses every sub-column of its layer: zoomed in, where the nodes are readable, the edges
        // step back so they read as a texture rather than hatching over the labels.
        context.globalAlpha = detailAt(transform.k) === 'full' ? 0.12 : 0.35;
        context.lineWidth = 1 / Math.max(transform.k, 0.5);
        context.stroke(edgePath);
      }
    }
    const context = sizeCanvas(nodesCanvas);
    if (!context) return;
    const [left, top] = transform.invert([0, 0]);
    const [right, bottom] = transform.invert([size.width, size.height]);
    // Only what is on screen is drawn (zoomed in, that is a few dozen nodes, not thousands).
    const animating = drawNodes(context, placed, {
      now,
      detail: detailAt(transform.k),
      view: { left, top, right, bottom },
      scale: transform.k,
      selectedId: model?.selectedId ?? null,
      focusedId: nodeButtons.focused,
      shown,
      colours: theme,
      reducedMotion,
    });
    lastDraw = now;
    animationOnly = animating;
    if (animating) requestDraw();
  }

  function destroy(): void {
    if (destroyed) return;
    destroyed = true;
    cancelFrame();
    nodeButtons.destroy();
    zoom.destroy();
    overview?.destroy();
    resizeObserver?.disconnect();
    colourScheme?.removeEventListener('change', onScheme);
    nodesCanvas.removeEventListener('click', onCanvasClick);
    root.remove();
    shown.clear();
  }

  return {
    update,
    // The pulse is for the small lineage graph; on a large graph the state changes themselves are the animation.
    pulse: () => undefined,
    zoomIn: () => zoom.zoomBy(ZOOM_STEP),
    zoomOut: () => zoom.zoomBy(1 / ZOOM_STEP),
    fit: () => zoom.fit(),
    fitAll: () => zoom.fitAll(),
    focusNode,
    destroy,
  };

  /** Brings a node into view at a readable size and makes it the keyboard's stop (a search result). */
  function focusNode(id: string): boolean {
    const node = placed.find((d) => d.id === id);
    if (!node) return false;
    nodeButtons.focus(id, { preventScroll: true });
    zoom.focus(node);
    return true;
  }
}

