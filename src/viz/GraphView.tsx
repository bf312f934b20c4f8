import { useEffect, useLayoutEffect, useMemo, useRef } from 'react';
import { createCanvasGraphView } from './canvasGraphView';
import { GraphSearch } from './GraphSearch';
import { createGraphView, type GraphModel, type GraphViewHandle } from './graphView';
import { prewarmLayoutWorker, WORKER_LAYOUT_THRESHOLD } from './layoutClient';
import { LEGEND_ORDER, STATE_STYLE, type VizState } from './stateStyle';
import './graph.css';
import { groupDigits } from '../core/groupDigits';

// This chunk loads while the page boots: the layout worker starts now, ready when a large graph is first laid out.
prewarmLayoutWorker();

/** Events of the view's CSS transitions and animations, which nothing outside the view listens to. */
const CONTAINED_EVENTS = ['transitionrun', 'transitionstart', 'transitionend', 'transitioncancel', 'animationstart', 'animationiteration', 'animationend', 'animationcancel'] as const;

export interface GraphViewProps {
  model: GraphModel;
  ariaLabel: string;
  onSelect?: (id: string) => void;
  /** Change it to send a pulse along `pulsePath`; the value on mount never pulses. */
  pulseKey?: number;
  pulsePath?: readonly string[];
  testId?: string;
  /** What a node is, in words, for the search box of a large graph ("task"). */
  nodeNoun?: string;
}

/**
 * Thin React wrapper around the D3-owned graph view. React renders the frame, the zoom buttons and, for large graphs,
 * the search box, the state summary and the overview's frame; the canvas <div> and the overview <div> it leaves empty
 * and never renders into belong to the view (see graphView.ts, canvasGraphView.ts).
 */
export function GraphView({ model, ariaLabel, onSelect, pulseKey = 0, pulsePath = [], testId, nodeNoun = 'node' }: GraphViewProps) {
  const canvasRef = useRef<HTMLDivElement>(null);
  const overviewRef = useRef<HTMLDivElement>(null);
  const viewRef = useRef<GraphViewHandle | null>(null);
  // Callers pass inline callbacks and fresh arrays each render; reading them through refs means neither recreates the
  // view (which would reset zoom and selection) nor re-sends a pulse.
  const onSelectRef = useRef(onSelect);
  const pulsePathRef = useRef(pulsePath);
  const lastPulseKeyRef = useRef(pulseKey);
  // Layout effects run before all passive effects, so the pulse effect below reads this render's path.
  useLayoutEffect(() => {
    onSelectRef.current = onSelect;
    pulsePathRef.current = pulsePath;
  });

  // Every node's colour change is a CSS transition (graph.css) and the running glow a CSS animation: each fires
  // transitionrun/start/end (animation…) events, and React's root listens to them twice, in the capture phase on the
  // way down and in the bubble phase on the way up, each time looking for handlers no one declared: dozens of
  // dispatches per state change, ~8 ms of a frame's main-thread time in a run (traced). They stop on the document, in
  // the capture phase, before they reach React's root (stopping them at the view's container came too late for its
  // capture listener).
  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const stop = (event: Event) => {
      if (event.target instanceof Node && canvas.contains(event.target)) event.stopPropagation();
    };
    for (const type of CONTAINED_EVENTS) document.addEventListener(type, stop, { capture: true });
    return () => {
      for (const type of CONTAINED_EVENTS) document.removeEventListener(type, stop, { capture: true });
    };
  }, []);

  // Declared before the model and pulse effects: React runs effects in declaration order, so the view exists when
  // they run (also after StrictMode's simulated unmount/remount).
  // Large graphs are drawn on canvas (see canvasGraphView.ts); crossing the threshold swaps the renderer.
  const large = model.nodes.length > WORKER_LAYOUT_THRESHOLD;
  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const view = (large ? createCanvasGraphView : createGraphView)(canvas, {
      ariaLabel,
      onSelect: (id) => onSelectRef.current?.(id),
      // Read once per view: a change of the system setting applies from the next view (e.g. next page visit).
      reducedMotion: prefersReducedMotion(),
      overview: overviewRef.current ?? undefined,
    });
    viewRef.current = view;
    return () => {
      view.destroy();
      viewRef.current = null;
    };
  }, [ariaLabel, large]);

  useEffect(() => {
    viewRef.current?.update(model);
    // ariaLabel, large: a recreated view needs the current model again.
  }, [model, ariaLabel, large]);

  useEffect(() => {
    if (pulseKey === lastPulseKeyRef.current) return;
    lastPulseKeyRef.current = pulseKey;
    viewRef.current?.pulse(pulsePathRef.current);
  }, [pulseKey]);

  const prefix = testId ?? 'graph';
  return (
    <div className="graph-view" data-testid={testId}>
      <div ref={canvasRef} className="graph-canvas" />
      <div className="graph-toolbar" role="toolbar" aria-label={`Zoom: ${ariaLabel}`}>
        <button type="button" aria-label="Zoom in" title="Zoom in" data-testid={`${prefix}-zoom-in`} onClick={() => viewRef.current?.zoomIn()}>
          <span aria-hidden="true">+</span>
        </button>
        <button type="button" aria-label="Zoom out" title="Zoom out" data-testid={`${prefix}-zoom-out`} onClick={() => viewRef.current?.zoomOut()}>
          <span aria-hidden="true">−</span>
        </button>
        <button
          type="button"
          aria-label={large ? 'Fit at a readable size' : 'Fit the whole graph'}
          title={large ? 'Fit at a readable size, from the start of the graph' : 'Fit the whole graph'}
          data-testid={`${prefix}-zoom-fit`}
          onClick={() => viewRef.current?.fit()}
        >
          <span aria-hidden="true">⤢</span>
        </button>
        {large && (
          <button
            type="button"
            aria-label="Show the whole graph"
            title="Show the whole graph (too small to read: its shape)"
            data-testid={`${prefix}-zoom-all`}
            onClick={() => viewRef.current?.fitAll()}
          >
            <span aria-hidden="true">⊡</span>
          </button>
        )}
      </div>
      {large && (
        <GraphSearch
          nodes={model.nodes}
          noun={nodeNoun}
          prefix={prefix}
          onPick={(id) => {
            const shown = viewRef.current?.focusNode(id) ?? false;
            if (shown) onSelectRef.current?.(id);
            return shown;
          }}
        />
      )}
      {large && <StateSummary model={model} testId={`${prefix}-summary`} />}
      {large && (
        <div
          ref={overviewRef}
          className="graph-overview"
          role="img"
          aria-label={`Overview of all ${groupDigits(model.nodes.length)} ${nodeNoun}s, coloured by state; the frame shows the part in view`}
          title="Overview: press or drag to move the view"
          data-testid={`${prefix}-overview`}
        />
      )}
    </div>
  );
}

/**
 * Nodes per state, in words: on a graph too large to read node by node (zoomed out, labels and glyphs are not drawn),
 * this is what says how far a run is without relying on colour.
 */
function StateSummary({ model, testId }: { model: GraphModel; testId: string }) {
  const counts = useMemo(() => {
    const byState = new Map<VizState, number>();
    for (const node of model.nodes) byState.set(node.state, (byState.get(node.state) ?? 0) + 1);
    return [...LEGEND_ORDER, 'dataset' as const, 'dag' as const].flatMap((state) => {
      const count = byState.get(state);
      return count ? [{ state, count }] : [];
    });
  }, [model]);
  return (
    <p className="graph-summary" data-testid={testId}>
      {counts.map(({ state, count }) => (
        <span key={state} className="graph-summary-item" data-state={state}>
          <span aria-hidden="true">{STATE_STYLE[state].icon}</span> {groupDigits(count)} {STATE_STYLE[state].label}
        </span>
      ))}
    </p>
  );
}

function prefersReducedMotion(): boolean {
  return typeof window !== 'undefined' && typeof window.matchMedia === 'function'
    ? window.matchMedia('(prefers-reduced-motion: reduce)').matches
    : false;
}
