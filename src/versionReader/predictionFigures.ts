import { seededRandom } from '../core/random';
import { SPLIT_CODES } from '../core/training';
import { absQuantiles, HistogramLayout, RunningStats, type HistogramBin } from '../viz/charts/columnStats';
import type { VersionPart } from '../runtime/storage/versionPartReads';
import { TARGET_COLUMN as HOUSING_TARGET } from '../pipelines/housing/datasets';
/**
 * Points drawn in a scatter. A version of up to 25,000 rows is drawn whole (the housing data's 20,640 rows, as always);
 * a larger one as a sample of 10,000: at 25,000 points the frame that draws both charts and commits them took 66–91 ms
 * of main-thread CPU on a 2,000,000-row version, at 10,000 34–38 ms (paired runs, issue 16's fifth session).
 */
export const DRAW_ALL_ROWS_UP_TO = 25_000;
export const PREDICTION_SAMPLE_SIZE = 10_000;
/** The sample's seed: the same version always draws the same rows. */
export const PREDICTION_SAMPLE_SEED = 16_005;
export const RESIDUAL_BINS = 40;

/** Which column plays which part in a predictions version, by name. */
export interface PredictionRoles {
  readonly targetName: string;
  readonly hasActual: boolean;
  readonly hasPrediction: boolean;
  readonly hasResidual: boolean;
  readonly hasSplit: boolean;
  readonly hasGeo: boolean;
}

/**
 * The target is `MedHouseVal`, or (a user's own CSV) the one column that is not a feature, prediction, residual or
 * split when the model's features are known. A missing residual is computed as prediction − actual.
 */
export function predictionRoles(names: readonly string[], features: readonly string[] = []): PredictionRoles {
  const has = (name: string) => names.includes(name);
  const known = new Set([...features, 'prediction', 'residual', 'split']);
  const targetName = has(HOUSING_TARGET) ? HOUSING_TARGET : (features.length > 0 ? names.find((n) => !known.has(n)) : undefined) ?? HOUSING_TARGET;
  return {
    targetName,
    hasActual: has(targetName),
    hasPrediction: has('prediction'),
    hasResidual: has('residual') || (has(targetName) && has('prediction')),
    hasSplit: has('split'),
    hasGeo: has('Latitude') && has('Longitude'),
  };
}

/** What the charts show for one row filter, computed over every row the filter keeps. */
export interface FilterFigures {
  readonly rows: number;
  /** The residual histogram: tails beyond the 99.5% |residual| quantile clamped into the edge bars. */
  readonly bins: readonly HistogramBin[];
  readonly histogramHalf: number;
  /** The error map's colour scale half-width: the 95% |residual| quantile. */
  readonly mapHalf: number;
}

/** The rows drawn: all of them up to DRAW_ALL_ROWS_UP_TO, else a seeded sample; in row order. */
export interface PredictionSample {
  readonly size: number;
  readonly actual: Float64Array;
  readonly prediction: Float64Array;
  readonly residual: Float64Array;
  /** Split codes (SPLIT_CODES); train for every row when the version has no split column. */
  readonly split: Float64Array;
  readonly latitude: Float64Array;
  readonly longitude: Float64Array;
}

export interface PredictionFigures {
  readonly names: readonly string[];
  readonly roles: PredictionRoles;
  readonly rowCount: number;
  /** Extents over every row ([NaN, NaN] when none is finite). */
  readonly actualExtent: readonly [number, number];
  readonly predictionExtent: readonly [number, number];
  readonly geo: { readonly latitude: readonly [number, number]; readonly longitude: readonly [number, number]; readonly units: 'degrees' | 'standardized' } | null;
  readonly all: FilterFigures;
  readonly test: FilterFigures;
  readonly sample: PredictionSample;
}

const NO_VALUES = new Float64Array(0);

/**
 * The prediction charts' figures over a version read part by part, in one pass: counts, extents and the statistics
 * `geoUnits` needs, every row's residual and split (to take quantiles and a histogram over all rows afterwards: 9 bytes a
 * row), and a seeded sample of rows to draw (selection sampling, Knuth's algorithm S: each row is taken with probability
 * still-needed / still-left, so exactly `sampleSize` rows, in order, in one pass).
 */
export class PredictionFigureBuilder {
  private roles: PredictionRoles | null = null;
  private names: readonly string[] = [];
  private total = 0;
  private residuals = NO_VALUES;
  private splits = new Int8Array(0);
  private sample: PredictionSample | null = null;
  private taken = 0;
  private readonly random: () => number;
  private readonly extents = { actual: [Infinity, -Infinity], prediction: [Infinity, -Infinity], lat: [Infinity, -Infinity], lon: [Infinity, -Infinity] };
  private readonly latStats = new RunningStats();
  private readonly lonStats = new RunningStats();

  constructor(
    private readonly features: readonly string[],
    private readonly sampleSize = PREDICTION_SAMPLE_SIZE,
    seed = PREDICTION_SAMPLE_SEED,
    private readonly drawAllUpTo = DRAW_ALL_ROWS_UP_TO,
  ) {
    this.random = seededRandom(seed);
  }

  add(part: VersionPart): void {
    if (!this.roles) this.start(part);
    const roles = this.roles!;
    const col = (name: string) => part.columns[name] ?? null;
    const actual = col(roles.targetName);
    const prediction = col('prediction');
    const residual = col('residual');
    const split = col('split');
    const lat = col('Latitude');
    const lon = col('Longitude');
    const sample = this.sample!;
    const needed = sample.size;
    for (let i = 0; i < part.rowCount; i++) {
      const row = part.rowOffset + i;
      const a = actual ? actual[i]! : NaN;
      const p = prediction ? prediction[i]! : NaN;
      const r = residual ? residual[i]! : p - a;
      const code = split ? split[i]! : SPLIT_CODES.train;
      widen(this.extents.actual, a);
      widen(this.extents.prediction, p);
      this.residuals[row] = r;
      this.splits[row] = code === SPLIT_CODES.test ? 2 : code === SPLIT_CODES.validation ? 1 : 0;
      const take = needed >= this.total || (this.taken < needed && this.random() * (this.total - row) < needed - this.taken);
      if (take && this.taken < needed) {
        const k = this.taken++;
        sample.actual[k] = a;
        sample.prediction[k] = p;
        sample.residual[k] = r;
        sample.split[k] = code;
        sample.latitude[k] = lat ? lat[i]! : NaN;
        sample.longitude[k] = lon ? lon[i]! : NaN;
      }
    }
    if (lat && lon) {
      this.latStats.add(lat);
      this.lonStats.add(lon);
      for (let i = 0; i < part.rowCount; i++) {
        widen(this.extents.lat, lat[i]!);
        widen(this.extents.lon, lon[i]!);
      }
    }
  }

  private start(part: VersionPart): void {
    this.names = part.names;
    this.roles = predictionRoles(part.names, this.features);
    this.total = part.totalRows;
    this.residuals = new Float64Array(this.total);
    this.splits = new Int8Array(this.total);
    const size = this.total <= this.drawAllUpTo ? this.total : Math.min(this.sampleSize, this.total);
    const values = () => new Float64Array(size);
    this.sample = { size, actual: values(), prediction: values(), residual: values(), split: values(), latitude: values(), longitude: values() };
  }

  finish(): PredictionFigures {
    const roles = this.roles!;
    const testResiduals = new Float64Array(this.splits.reduce((n, s) => n + (s === 2 ? 1 : 0), 0));
    for (let row = 0, k = 0; row < this.total; row++) if (this.splits[row] === 2) testResiduals[k++] = this.residuals[row]!;
    const all = filterFigures(this.residuals);
    const test = filterFigures(testResiduals);
    this.residuals = NO_VALUES;
    const extent = (e: number[]): [number, number] => (e[0]! <= e[1]! ? [e[0]!, e[1]!] : [NaN, NaN]);
    const lat = this.latStats.stats();
    const lon = this.lonStats.stats();
    const standard = (s: typeof lat) => Math.abs(s.mean) < 0.05 && Math.abs(s.std - 1) < 0.05;
    return {
      names: this.names,
      roles,
      rowCount: this.total,
      actualExtent: extent(this.extents.actual),
      predictionExtent: extent(this.extents.prediction),
      geo: roles.hasGeo
        ? { latitude: extent(this.extents.lat), longitude: extent(this.extents.lon), units: standard(lat) && standard(lon) ? 'standardized' : 'degrees' }
        : null,
      all,
      test,
      sample: this.sample!,
    };
  }
}

function widen(extent: number[], x: number): void {
  if (!Number.isFinite(x)) return;
  if (x < extent[0]!) extent[0] = x;
  if (x > extent[1]!) extent[1] = x;
}

/** The histogram and colour scale of one filter's residuals, as the charts computed them from whole columns. */
function filterFigures(residuals: Float64Array): FilterFigures {
  const [q95, q995] = absQuantiles(residuals, [0.95, 0.995]);
  const limit = q995 || 1;
  const layout = new HistogramLayout(-limit, limit, RESIDUAL_BINS, false);
  const counts = layout.emptyCounts();
  const clamped = new Float64Array(1);
  for (let i = 0; i < residuals.length; i++) {
    clamped[0] = Math.max(-limit, Math.min(limit, residuals[i]!));
    layout.count(clamped, counts);
  }
  return { rows: residuals.length, bins: layout.bins(counts), histogramHalf: limit, mapHalf: q95! };
}
