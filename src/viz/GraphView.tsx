import { useEffect, useLayoutEffect, useRef } from 'react';
import { createGraphView, type GraphModel, type GraphViewHandle } from './graphView';
import './graph.css';

export interface GraphViewProps {
  model: GraphModel;
  ariaLabel: string;
  onSelect?: (id: string) => void;
  /** Change it to send a pulse along `pulsePath`; the value on mount never pulses. */
  pulseKey?: number;
  pulsePath?: readonly string[];
  testId?: string;
}

/**
 * Thin React wrapper around the D3-owned graph view. React renders one empty <div> and never renders children into
 * it; everything inside belongs to D3 (see graphView.ts).
 */
export function GraphView({ model, ariaLabel, onSelect, pulseKey = 0, pulsePath = [], testId }: GraphViewProps) {
  const containerRef = useRef<HTMLDivElement>(null);
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

  // Declared before the model and pulse effects: React runs effects in declaration order, so the view exists when
  // they run (also after StrictMode's simulated unmount/remount).
  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    const view = createGraphView(container, {
      ariaLabel,
      onSelect: (id) => onSelectRef.current?.(id),
      // Read once per view: a change of the system setting applies from the next view (e.g. next page visit).
      reducedMotion: prefersReducedMotion(),
    });
    viewRef.current = view;
    return () => {
      view.destroy();
      viewRef.current = null;
    };
  }, [ariaLabel]);

  useEffect(() => {
    viewRef.current?.update(model);
    // ariaLabel: a recreated view needs the current model again.
  }, [model, ariaLabel]);

  useEffect(() => {
    if (pulseKey === lastPulseKeyRef.current) return;
    lastPulseKeyRef.current = pulseKey;
    viewRef.current?.pulse(pulsePathRef.current);
  }, [pulseKey]);

  return <div ref={containerRef} className="graph-view" data-testid={testId} />;
}

function prefersReducedMotion(): boolean {
  return typeof window !== 'undefined' && typeof window.matchMedia === 'function'
    ? window.matchMedia('(prefers-reduced-motion: reduce)').matches
    : false;
}
