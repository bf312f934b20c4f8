import type { ColumnSchemaEntry } from '../core/columns';
import { dtypeOf } from '../core/columns';
import type { ColumnStats } from '../core/training';
import { HistogramLayout, RunningStats, type HistogramBin } from '../viz/charts/columnStats';
import type { VersionPart } from '../runtime/storage/versionPartReads';

export const HISTOGRAM_BINS = 20;

/** One column of a version, summarised over all its rows: what the Datasets page's statistics table shows. */
export interface ColumnSummary {
  readonly name: string;
  readonly dtype: ColumnSchemaEntry['dtype'];
  readonly stats: ColumnStats;
  readonly bins: readonly HistogramBin[];
}

/**
 * The column summaries of a version read part by part, in two passes over the parts: the statistics (columnStats's
 * Welford update carried across parts) and the extent first, then the histogram, whose bins d3.bin derives from the
 * extent. Only one part is held at a time; the figures are exactly those of columnStats/histogram over whole columns.
 */
export class ColumnSummariser {
  private names: readonly string[] = [];
  private dtypes: ColumnSchemaEntry['dtype'][] = [];
  private running: RunningStats[] = [];
  private stats: ColumnStats[] = [];
  private layouts: (HistogramLayout | null)[] = [];
  private counts: (Float64Array | null)[] = [];

  /** First pass: one part's values into the running statistics. */
  addStats(part: VersionPart): void {
    if (this.running.length === 0) {
      this.names = part.names;
      this.dtypes = part.names.map((name) => dtypeOf(part.columns[name]!));
      this.running = part.names.map(() => new RunningStats());
    }
    this.names.forEach((name, i) => this.running[i]!.add(part.columns[name]!));
  }

  /** Between the passes: the statistics are final, and with them the histograms' bins. */
  finishStats(): readonly ColumnStats[] {
    this.stats = this.running.map((r) => r.stats());
    this.layouts = this.stats.map((s) => (s.count > 0 ? new HistogramLayout(s.min, s.max, HISTOGRAM_BINS, true) : null));
    this.counts = this.layouts.map((layout) => layout?.emptyCounts() ?? null);
    return this.stats;
  }

  /** Second pass: one part's values into the histograms. */
  addBins(part: VersionPart): void {
    this.names.forEach((name, i) => this.layouts[i]?.count(part.columns[name]!, this.counts[i]!));
  }

  summaries(): ColumnSummary[] {
    return this.names.map((name, i) => ({
      name,
      dtype: this.dtypes[i]!,
      stats: this.stats[i]!,
      bins: this.layouts[i]?.bins(this.counts[i]!) ?? [],
    }));
  }
}
