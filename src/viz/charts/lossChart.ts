import { axisBottom, axisLeft, extent, line, scaleLinear, scaleLog, select, type Selection } from 'd3';
import type { EpochMetrics } from '../../core/training';

export interface LossChartOptions {
  readonly height?: number;
  readonly reducedMotion: boolean;
}

export interface LossChartHandle {
  /** Draws the epochs so far; the x axis spans `maxEpochs`, so the curve grows left to right as training runs. */
  update(epochs: readonly EpochMetrics[], maxEpochs: number): void;
  destroy(): void;
}

const MARGIN = { top: 10, right: 14, bottom: 34, left: 54 };
const SERIES = [
  { key: 'trainLoss', name: 'train', className: 'loss-train' },
  { key: 'validationLoss', name: 'validation', className: 'loss-validation' },
] as const;

/**
 * The training curve as TensorFlow Playground draws it: train and validation loss per epoch, growing while training
 * runs. D3 owns everything inside the container (React leaves it empty), so an epoch arriving redraws two paths and
 * adds two points without a React render. The loss axis is logarithmic when all losses are positive: the first
 * epochs' loss is often ten times the last ones'.
 */
export function createLossChart(container: HTMLElement, options: LossChartOptions): LossChartHandle {
  const height = options.height ?? 220;
  const svg = select(container)
    .append('svg')
    .attr('class', 'loss-chart')
    .attr('height', height)
    .attr('role', 'img')
    .attr('aria-label', 'Loss per epoch: no epochs yet');
  const plot = svg.append('g').attr('transform', `translate(${MARGIN.left},${MARGIN.top})`);
  const xAxis = plot.append('g').attr('class', 'chart-axis');
  const yAxis = plot.append('g').attr('class', 'chart-axis');
  const xLabel = plot.append('text').attr('class', 'chart-label').attr('text-anchor', 'middle').text('epoch');
  plot
    .append('text')
    .attr('class', 'chart-label')
    .attr('text-anchor', 'middle')
    .attr('transform', `translate(-40,${(height - MARGIN.top - MARGIN.bottom) / 2}) rotate(-90)`)
    .text('loss (MSE)');
  const paths = SERIES.map((s) => plot.append('path').attr('class', `loss-line ${s.className}`).attr('fill', 'none'));
  const points = SERIES.map((s) => plot.append('g').attr('class', `loss-points ${s.className}`));

  let last: { epochs: readonly EpochMetrics[]; maxEpochs: number } = { epochs: [], maxEpochs: 1 };

  const draw = () => {
    const { epochs, maxEpochs } = last;
    const width = Math.max(200, container.clientWidth);
    svg.attr('width', width);
    const innerW = width - MARGIN.left - MARGIN.right;
    const innerH = height - MARGIN.top - MARGIN.bottom;
    const x = scaleLinear().domain([1, Math.max(2, maxEpochs, epochs.length)]).range([0, innerW]);
    const values = epochs.flatMap((e) => [e.trainLoss, e.validationLoss]).filter(Number.isFinite);
    const [lo = 0.1, hi = 1] = extent(values);
    const useLog = values.length > 0 && lo > 0;
    const y = useLog
      ? scaleLog().domain([lo * 0.9, hi * 1.1]).range([innerH, 0]).nice()
      : scaleLinear().domain([Math.min(0, lo), hi * 1.1 || 1]).range([innerH, 0]).nice();
    xAxis.attr('transform', `translate(0,${innerH})`).call(axisBottom(x).ticks(Math.min(10, maxEpochs)).tickFormat((d) => String(d)));
    yAxis.call(axisLeft(y).ticks(5, useLog ? '~g' : undefined));
    xLabel.attr('x', innerW / 2).attr('y', innerH + 30);

    SERIES.forEach((series, i) => {
      const finite = epochs.filter((e) => Number.isFinite(e[series.key]));
      const path = line<EpochMetrics>()
        .x((e) => x(e.epoch))
        .y((e) => y(e[series.key]));
      paths[i]!.attr('d', finite.length > 0 ? path(finite) : null);
      const circles = (points[i] as Selection<SVGGElement, unknown, null, undefined>)
        .selectAll<SVGCircleElement, EpochMetrics>('circle')
        .data(finite, (e) => e.epoch)
        .join((enter) => {
          const c = enter
            .append('circle')
            .attr('class', `loss-point loss-point-${series.name}`)
            .attr('r', options.reducedMotion ? 3 : 0);
          if (!options.reducedMotion) c.transition().duration(250).attr('r', 3);
          return c;
        })
        .attr('cx', (e) => x(e.epoch))
        .attr('cy', (e) => y(e[series.key]));
      circles.select('title').remove();
      circles.append('title').text((e) => `epoch ${e.epoch}: ${series.name} loss ${e[series.key].toFixed(4)}`);
    });

    const end = epochs[epochs.length - 1];
    svg.attr(
      'aria-label',
      end
        ? `Loss per epoch, ${epochs.length} of ${maxEpochs} epochs: train ${end.trainLoss.toFixed(4)}, validation ${end.validationLoss.toFixed(4)}`
        : 'Loss per epoch: no epochs yet',
    );
  };

  const resize = new ResizeObserver(() => draw());
  resize.observe(container);

  return {
    update(epochs, maxEpochs) {
      last = { epochs, maxEpochs };
      draw();
    },
    destroy() {
      resize.disconnect();
      svg.remove();
    },
  };
}
