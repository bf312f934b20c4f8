import { transfer, wrap, type Remote } from 'comlink';
import { layeredLayout, type GraphLayout, type LayoutEdgeInput, type LayoutNodeInput, type LayoutOptions } from './layeredLayout';
import type { LayoutWorkerApi } from './layout.worker';
import { packGraph, unpackLayout } from './packedLayout';

/**
 * Graphs up to this many nodes are laid out on the main thread (well under a millisecond: a worker round trip would
 * cost more); larger ones in the layout worker, so a 1,000-task DAG never blocks input or animation.
 */
export const WORKER_LAYOUT_THRESHOLD = 150;

let worker: Remote<LayoutWorkerApi> | null = null;

/** One layout worker for the page, started on the first large graph. */
function layoutWorker(): Remote<LayoutWorkerApi> {
  worker ??= wrap<LayoutWorkerApi>(new Worker(new URL('./layout.worker.ts', import.meta.url), { type: 'module', name: 'layout-worker' }));
  return worker;
}

/**
 * Starts the layout worker before the first large graph asks for it. Called once when the graph view's code loads
 * (GraphView.tsx, a lazy chunk fetched while the page boots): on a busy 2-core machine starting a worker thread and
 * loading its module took most of a first 1,000-node layout's wait (the layout itself is tens of ms), and here it
 * overlaps the page's boot instead of following the request. An idle worker costs a thread and a few MB; where
 * workers do not exist (tests in Node) nothing starts.
 */
export function prewarmLayoutWorker(): void {
  if (typeof Worker !== 'undefined') layoutWorker();
}

/** Lays a graph out: synchronously-fast on this thread when small, in the layout worker when large. */
export async function layoutGraph(
  nodes: readonly LayoutNodeInput[],
  edges: readonly LayoutEdgeInput[],
  options: LayoutOptions = {},
): Promise<GraphLayout> {
  if (nodes.length <= WORKER_LAYOUT_THRESHOLD || typeof Worker === 'undefined') return layeredLayout(nodes, edges, options);
  return layoutInWorker(nodes, edges, options);
}

/** Always in the worker (what the benchmark times). */
export async function layoutInWorker(
  nodes: readonly LayoutNodeInput[],
  edges: readonly LayoutEdgeInput[],
  options: LayoutOptions = {},
): Promise<GraphLayout> {
  const graph = packGraph(nodes, edges, options);
  // The edge list is needed again to draw paths, so only a copy of it travels.
  const sent = { ...graph, edges: graph.edges.slice(), widths: graph.widths };
  const packed = await layoutWorker().layout(transfer(sent, [sent.edges.buffer, sent.widths.buffer]));
  return unpackLayout(graph, packed);
}
