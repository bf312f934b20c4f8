import { scaleLinear } from 'd3';
import { useId, useMemo, useState } from 'react';
import type { PredictionFigures } from '../../versionReader/predictionFigures';
import { tallestBin, type HistogramBin } from '../../viz/charts/columnStats';
import { CanvasScatter } from '../../viz/charts/CanvasScatter';
import { errorBucketColours, errorBuckets, errorColourScale } from '../../viz/charts/errorColours';
import { formatCount } from '../format';
import { splitBuckets, type RowFilter } from './predictionsData';
import { displayText, listText, quoted } from '../../core/displayText';

const SPLIT_COLOURS = ['#8b949e', '#d97706', '#2f81f7'];
const SPLIT_ALPHAS = [0.35, 0.55, 0.85];
/** Without a split column every row is bucket 0: one colour that reads as "all rows", not as "train". */
const UNSPLIT_COLOURS = ['#2f81f7'];
const UNSPLIT_ALPHAS = [0.45];
const ERROR_BUCKETS = 11;
const MAP_HEIGHT = 400;

const padded = (lo: number, hi: number): [number, number] => {
  const pad = (hi - lo) * 0.03 || 1;
  return [lo - pad, hi + pad];
};

/** Placeholders of the charts' shape while the version reader works through the predictions: never a blank. */
export function PredictionChartsSkeleton({ rows, done, total }: { rows: number; done: number; total: number }) {
  return (
    <div className="prediction-charts" data-testid="predictions-loading" aria-busy="true">
      <p className="muted small" role="status">
        Reading the predictions ({formatCount(rows)} rows){total > 1 ? `: ${Math.round((100 * done) / total)}%` : '…'}
      </p>
      <div className="chart-grid" aria-hidden="true">
        <div className="chart panel chart-skeleton" />
        <div className="chart panel chart-skeleton" />
      </div>
    </div>
  );
}

/**
 * What the predictions of one model look like: predicted against actual (test rows on top, or alone), the residuals'
 * histogram, and where in California the model is wrong. Counts, extents, the histogram and the colour scale are the
 * version reader's figures over every row; the points drawn are every row up to 25,000, else a seeded sample of 10,000.
 */
export function PredictionCharts({ figures }: { figures: PredictionFigures }) {
  const { roles, sample, rowCount } = figures;
  const [filter, setFilter] = useState<RowFilter>('all');
  const filterName = useId();
  const buckets = useMemo(() => splitBuckets(roles.hasSplit ? sample.split : null, sample.size, filter), [sample, roles.hasSplit, filter]);

  if (!roles.hasActual || !roles.hasPrediction) {
    return (
      <p className="error-text" role="alert" data-testid="predictions-missing">
        This predictions version has no {roles.hasPrediction ? quoted(roles.targetName) : '"prediction"'} column, so there is nothing to
        plot. It has: {listText(figures.names)}.
      </p>
    );
  }
  const shown = filter === 'all' ? figures.all : figures.test;
  const sampled = sample.size < rowCount;
  const drawn = buckets.reduce((n, b) => n + (b >= 0 ? 1 : 0), 0);

  return (
    <div className="prediction-charts">
      <fieldset className="row-filter" data-testid="row-filter">
        <legend className="small">Rows</legend>
        {(['all', 'test'] as const).map((value) => (
          <label key={value} className="small">
            <input
              type="radio"
              name={filterName}
              value={value}
              checked={filter === value}
              disabled={value === 'test' && !roles.hasSplit}
              onChange={() => setFilter(value)}
              data-testid={`row-filter-${value}`}
            />{' '}
            {value === 'all' ? 'all rows (test on top)' : 'held-out test rows only'}
          </label>
        ))}
        <span className="small muted" data-testid="rows-shown">
          {formatCount(shown.rows)} of {formatCount(rowCount)} rows {sampled ? 'in the figures' : 'shown'}
          {!roles.hasSplit && ' · no split column in this version: train and test rows cannot be told apart'}
        </span>
        {sampled && (
          <span className="small muted" data-testid="predictions-sample" data-sample={sample.size} data-rows={rowCount}>
            Points drawn: a sample of {formatCount(sample.size)} of {formatCount(rowCount)} rows (seeded, the same every time)
            {filter === 'test' && `, its ${formatCount(drawn)} test rows`}. The histogram, the colour scale and the counts are over
            all {formatCount(shown.rows)} rows.
          </span>
        )}
      </fieldset>
      <div className="chart-grid">
        <PredictedVsActual figures={figures} buckets={buckets} target={displayText(roles.targetName, { max: 40 })} />
        <ResidualHistogram bins={shown.bins} half={shown.histogramHalf} />
      </div>
      <ErrorMap figures={figures} half={shown.mapHalf} buckets={buckets} />
    </div>
  );
}

function PredictedVsActual({ figures, buckets, target }: { figures: PredictionFigures; buckets: Int8Array; target: string }) {
  const { actualExtent, predictionExtent, sample } = figures;
  const hasSplit = figures.roles.hasSplit;
  const domain = useMemo(() => {
    const [a0, a1] = Number.isNaN(actualExtent[0]) ? [0, 1] : actualExtent;
    const [p0, p1] = Number.isNaN(predictionExtent[0]) ? [0, 1] : predictionExtent;
    return padded(Math.min(a0, p0), Math.max(a1, p1));
  }, [actualExtent, predictionExtent]);
  return (
    <figure className="chart panel" aria-labelledby="pva-title">
      <figcaption id="pva-title" className="chart-title">
        Predicted vs actual {target}
      </figcaption>
      <CanvasScatter
        testId="predicted-vs-actual"
        x={sample.actual}
        y={sample.prediction}
        bucketOf={buckets}
        colours={hasSplit ? SPLIT_COLOURS : UNSPLIT_COLOURS}
        alphas={hasSplit ? SPLIT_ALPHAS : UNSPLIT_ALPHAS}
        xDomain={domain}
        yDomain={domain}
        aspect={1}
        height={300}
        xLabel={`actual ${target}`}
        yLabel={`predicted ${target}`}
        ariaLabel={`Scatter of predicted against actual ${target}; points on the diagonal are exact`}
        overlay={({ x, y }) => (
          <line className="identity-line" x1={x(domain[0])} y1={y(domain[0])} x2={x(domain[1])} y2={y(domain[1])}>
            <title>y = x: a perfect prediction</title>
          </line>
        )}
      />
      {hasSplit && (
        <p className="chart-legend small">
          <span className="legend-dot" style={{ background: SPLIT_COLOURS[0] }} /> train <span className="legend-dot" style={{ background: SPLIT_COLOURS[1] }} />{' '}
          validation <span className="legend-dot" style={{ background: SPLIT_COLOURS[2] }} /> test (never seen in training) · dashed: y = x
        </p>
      )}
    </figure>
  );
}

/**
 * The few largest errors would stretch the axis until the bulk is one bar: the tails beyond the 0.5% quantiles are
 * clamped into the edge bars (and said so). Bins over every row the filter keeps (predictionFigures.ts).
 */
function ResidualHistogram({ bins, half }: { bins: readonly HistogramBin[]; half: number }) {
  const width = 420;
  const height = 300;
  const m = { top: 8, right: 10, bottom: 38, left: 52 };
  const first = bins[0];
  const last = bins[bins.length - 1];
  const x = scaleLinear()
    .domain([first?.x0 ?? -1, last?.x1 ?? 1])
    .range([m.left, width - m.right]);
  const y = scaleLinear()
    .domain([0, tallestBin(bins) || 1])
    .range([height - m.bottom, m.top])
    .nice();
  return (
    <figure className="chart panel" aria-labelledby="residual-title">
      <figcaption id="residual-title" className="chart-title">
        Residuals (prediction − actual)
      </figcaption>
      <svg className="residual-histogram" viewBox={`0 0 ${width} ${height}`} role="img" aria-label={`Histogram of residuals in ${bins.length} bins`} data-testid="residual-histogram">
        {bins.map((b, i) => (
          <rect key={i} className="residual-bar" x={x(b.x0) + 0.5} y={y(b.count)} width={Math.max(0.5, x(b.x1) - x(b.x0) - 1)} height={y(0) - y(b.count)} data-count={b.count}>
            <title>{`${b.x0.toFixed(2)} to ${b.x1.toFixed(2)}: ${b.count} rows`}</title>
          </rect>
        ))}
        {first && last && first.x0 <= 0 && last.x1 >= 0 && <line className="zero-line" x1={x(0)} x2={x(0)} y1={m.top} y2={height - m.bottom} />}
        <g className="chart-axis" transform={`translate(0,${height - m.bottom})`}>
          <line x1={m.left} x2={width - m.right} stroke="currentColor" />
          {x.ticks(7).map((t) => (
            <g key={t} transform={`translate(${x(t)},0)`}>
              <line y2={5} stroke="currentColor" />
              <text y={17} textAnchor="middle">
                {t}
              </text>
            </g>
          ))}
          <text className="chart-label" x={(m.left + width - m.right) / 2} y={32} textAnchor="middle">
            residual ($100k); beyond ±{half.toFixed(2)} in the edge bars
          </text>
        </g>
        <g className="chart-axis" transform={`translate(${m.left},0)`}>
          {y.ticks(5).map((t) => (
            <g key={t} transform={`translate(0,${y(t)})`}>
              <line x2={-5} stroke="currentColor" />
              <text x={-8} dy="0.32em" textAnchor="end">
                {t}
              </text>
            </g>
          ))}
          <text className="chart-label" transform={`translate(-40,${(height - m.bottom + m.top) / 2}) rotate(-90)`} textAnchor="middle">
            rows
          </text>
        </g>
      </svg>
    </figure>
  );
}

function ErrorMap({ figures, half, buckets }: { figures: PredictionFigures; half: number; buckets: Int8Array }) {
  const { sample } = figures;
  const geo = useMemo(() => {
    if (!figures.geo) return null;
    const colourOf = errorBuckets(sample.residual, half, ERROR_BUCKETS);
    // Hidden rows stay hidden; the rest are drawn by error colour.
    for (let i = 0; i < colourOf.length; i++) if (buckets[i]! < 0) colourOf[i] = -1;
    const [lat0, lat1] = Number.isNaN(figures.geo.latitude[0]) ? [0, 1] : figures.geo.latitude;
    const [lon0, lon1] = Number.isNaN(figures.geo.longitude[0]) ? [0, 1] : figures.geo.longitude;
    const units = figures.geo.units;
    // Equal-area-ish: a degree of longitude is cos(latitude) as long as a degree of latitude.
    const aspect = units === 'degrees' ? Math.cos((((lat0 + lat1) / 2) * Math.PI) / 180) : 1;
    // As wide as the projection needs at this height (plus the axes), so the legend sits beside the map.
    const width = Math.ceil(((lon1 - lon0) * aspect * (MAP_HEIGHT - 46)) / Math.max(1e-9, lat1 - lat0)) + 90;
    return {
      width, half, colourOf, latDomain: padded(lat0, lat1), lonDomain: padded(lon0, lon1), aspect, units, colours: errorBucketColours(half, ERROR_BUCKETS) };
  }, [figures.geo, sample, half, buckets]);

  if (!geo) {
    return (
      <figure className="chart panel">
        <figcaption className="chart-title">Where the model is wrong</figcaption>
        <p className="muted" data-testid="error-map-missing">
          This data has no Latitude and Longitude columns, so there is no map to draw.
        </p>
      </figure>
    );
  }
  return (
    <figure className="chart panel" aria-labelledby="map-title">
      <figcaption id="map-title" className="chart-title">
        Where the model is wrong: prediction error by location{geo.units === 'standardized' && ' (standardized coordinates)'}
      </figcaption>
      <div className="map-row">
        <div className="map-box" style={{ maxWidth: geo.width }}>
        <CanvasScatter
          testId="error-map"
          x={sample.longitude}
          y={sample.latitude}
          bucketOf={geo.colourOf}
          colours={geo.colours}
          alphas={geo.colours.map(() => 0.8)}
          xDomain={geo.lonDomain}
          yDomain={geo.latDomain}
          aspect={geo.aspect}
          height={MAP_HEIGHT}
          xLabel={geo.units === 'degrees' ? 'longitude (°)' : 'longitude (standardized)'}
          yLabel={geo.units === 'degrees' ? 'latitude (°)' : 'latitude (standardized)'}
          ariaLabel="Map of the block groups, coloured by prediction error: blue under-predicted, grey about right, red over-predicted"
        />
        </div>
        <ErrorLegend half={geo.half} />
      </div>
    </figure>
  );
}

/** The diverging colour scale as a gradient bar with its values. */
function ErrorLegend({ half }: { half: number }) {
  const gradientId = useId().replace(/:/g, '');
  const scale = errorColourScale(half);
  const stops = Array.from({ length: 11 }, (_, i) => i / 10);
  const h = half > 0 ? half : 1;
  const y = scaleLinear().domain([h, -h]).range([40, 220]);
  return (
    <svg
      className="error-legend"
      width={170}
      height={262}
      role="img"
      aria-label={`Colour legend: from −${h.toFixed(2)} (under-predicted, blue) through 0 (grey) to +${h.toFixed(2)} (over-predicted, red), in $100k`}
      data-testid="error-legend"
    >
      <defs>
        <linearGradient id={gradientId} x1="0" y1="1" x2="0" y2="0">
          {stops.map((t) => (
            <stop key={t} offset={t} stopColor={scale(-h + t * 2 * h)} />
          ))}
        </linearGradient>
      </defs>
      <text x={4} y={12} className="chart-label">
        prediction − actual
      </text>
      <text x={4} y={30} className="chart-label">
        ▲ over-predicted
      </text>
      <rect x={4} y={40} width={14} height={180} fill={`url(#${gradientId})`} />
      <g className="chart-axis">
        {[h, h / 2, 0, -h / 2, -h].map((t) => (
          <g key={t} transform={`translate(18,${y(t)})`}>
            <line x2={4} stroke="currentColor" />
            <text x={7} dy="0.32em">
              {t > 0 ? '+' : t < 0 ? '−' : ''}
              {Math.abs(t).toFixed(2)}
            </text>
          </g>
        ))}
      </g>
      <text x={4} y={238} className="chart-label">
        ▼ under-predicted
      </text>
      <text x={4} y={256} className="chart-label">
        $100k, clamped at ±{h.toFixed(2)}
      </text>
    </svg>
  );
}
