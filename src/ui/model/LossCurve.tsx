import { useEffect, useRef } from 'react';
import type { EpochMetrics } from '../../core/training';
import { createLossChart, type LossChartHandle } from '../../viz/charts/lossChart';
import { usePlaygroundStore } from '../PlaygroundContext';
import { progressKey, selectTrainingProgress } from './trainingProgress';

const prefersReducedMotion = () => typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;

export type LossCurveSource =
  /** A try that is training now: followed live from the store, an epoch at a time. */
  | { readonly kind: 'live'; readonly runId: string; readonly taskId: string; readonly tryNumber: number }
  /** A stored model's history. */
  | { readonly kind: 'history'; readonly epochs: readonly EpochMetrics[]; readonly maxEpochs: number };

/**
 * The loss chart (D3-owned, see lossChart.ts). A live source subscribes to the store itself, so a new epoch redraws
 * the chart without rendering React.
 */
export function LossCurve({ source }: { source: LossCurveSource }) {
  const store = usePlaygroundStore();
  const containerRef = useRef<HTMLDivElement>(null);
  const chartRef = useRef<LossChartHandle | null>(null);

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    const chart = createLossChart(container, { reducedMotion: prefersReducedMotion() });
    chartRef.current = chart;
    return () => {
      chart.destroy();
      chartRef.current = null;
    };
  }, []);

  useEffect(() => {
    const chart = chartRef.current;
    if (!chart) return;
    if (source.kind === 'history') {
      chart.update(source.epochs, source.maxEpochs);
      return;
    }
    const key = progressKey(source);
    let shown: unknown = null;
    const draw = () => {
      const progress = selectTrainingProgress(store.getState())[key];
      if (!progress || progress === shown) return;
      shown = progress;
      chart.update(progress.epochs, progress.maxEpochs);
    };
    draw();
    return store.subscribe(draw);
  }, [store, source]);

  return <div ref={containerRef} className="loss-curve" data-testid="loss-curve" />;
}
