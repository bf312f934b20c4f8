import { afterEach, describe, expect, it } from 'vitest';
import { makeTable, type Column, type ColumnTable } from '../../../src/core/columns';
import { seededRandom } from '../../../src/core/random';
import { SPLIT_CODES } from '../../../src/core/training';
import type { Database } from '../../../src/runtime/storage/database';
import { readDatasetVersion } from '../../../src/runtime/storage/datasets';
import { absQuantile, columnStats, histogram } from '../../../src/viz/charts/columnStats';
import { tableToCsv } from '../../../src/viz/charts/csv';
import { finiteExtent } from '../../../src/viz/charts/frameQueue';
import { PredictionFigureBuilder, predictionRoles } from '../../../src/versionReader/predictionFigures';
import { createVersionReaderApi, type VersionRef } from '../../../src/versionReader/versionReaderApi';
import { openTestDatabase } from '../runtime/testDb';

/** A seeded predictions-shaped table: Latitude-like spreads, 3-decimal values, a few missing cells, three splits. */
function seededTable(rows: number, seed = 16): ColumnTable {
  const random = seededRandom(seed);
  const of = (f: (i: number) => number) => Float64Array.from({ length: rows }, (_, i) => f(i));
  const actual = of(() => Math.round(random() * 5000) / 1000);
  const prediction = of((i) => (i % 211 === 7 ? NaN : actual[i]! + (random() - 0.5) * (1 + actual[i]!)));
  return makeTable({
    MedInc: Float32Array.from({ length: rows }, () => random() * 15),
    Latitude: of(() => 32.5 + Math.round(random() * 9500) / 1000),
    Longitude: of(() => -124.3 + Math.round(random() * 10_000) / 1000),
    MedHouseVal: actual,
    prediction,
    residual: of((i) => prediction[i]! - actual[i]!),
    split: of(() => {
      const r = random();
      return r < 0.7 ? SPLIT_CODES.train : r < 0.85 ? SPLIT_CODES.validation : SPLIT_CODES.test;
    }),
  });
}

const slice = (table: ColumnTable, from: number, to: number): Record<string, Column> =>
  Object.fromEntries(table.names.map((n) => [n, table.columns[n]!.slice(from, to)]));

/** Stores a table as parts of `partRows` rows, in the layout versionParts.ts writes (smaller parts, same shape). */
async function putInParts(db: Database, id: string, table: ColumnTable, partRows: number): Promise<void> {
  const parts = Math.ceil(table.rowCount / partRows);
  const tx = db.transaction('datasetColumns', 'readwrite');
  for (let part = 0; part < parts; part++) {
    const rowOffset = part * partRows;
    const end = Math.min(table.rowCount, rowOffset + partRows);
    void tx.store.put({ id: [id, part], part, parts, rowOffset, rowCount: end - rowOffset, totalRows: table.rowCount, names: table.names, columns: slice(table, rowOffset, end) });
  }
  await tx.done;
}

async function putWhole(db: Database, id: string, table: ColumnTable): Promise<void> {
  await db.put('datasetColumns', { id, names: table.names, columns: table.columns, rowCount: table.rowCount });
}

describe('the version reader', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });
  async function reader() {
    const opened = await openTestDatabase();
    cleanups.push(opened.close);
    const api = createVersionReaderApi({ database: async () => opened.db });
    const ref = (id: string): VersionRef => ({ dbName: opened.name, id, contentHash: 'h' });
    return { db: opened.db, api, ref };
  }

  it('summarises a version in parts with the figures columnStats and histogram give over whole columns', async () => {
    const { db, api, ref } = await reader();
    const table = seededTable(5_003);
    await putInParts(db, 'v@parts', table, 1_000);
    // The layout is a real one: the storage's own reader reads it back whole.
    expect((await readDatasetVersion(db, 'v@parts' as never)).rowCount).toBe(5_003);
    const progress: [number, number][] = [];
    const summary = await api.summarise(ref('v@parts'), (done, total) => progress.push([done, total]));
    expect(summary.rowCount).toBe(5_003);
    expect(summary.names).toEqual(table.names);
    for (const [i, name] of table.names.entries()) {
      const column = summary.columns[i]!;
      expect(column.dtype).toBe(name === 'MedInc' ? 'float32' : 'float64');
      expect(column.stats).toEqual(columnStats(table.columns[name]!));
      expect(column.bins).toEqual(histogram(table.columns[name]!, 20));
    }
    expect(summary.columns.find((c) => c.name === 'prediction')!.stats.missing).toBeGreaterThan(0);
    // Two passes over six parts, reported part by part.
    expect(progress).toEqual(Array.from({ length: 12 }, (_, i) => [i + 1, 12]));
    // The single-record shape (the housing demo's) gives the same.
    await putWhole(db, 'v@whole', table);
    expect(await api.summarise(ref('v@whole'))).toEqual(summary);
  });

  it('reads any page of rows, across part boundaries and at the end, as the whole table has them', async () => {
    const { db, api, ref } = await reader();
    const table = seededTable(2_345, 3);
    await putInParts(db, 'v', table, 1_000);
    for (const [start, count] of [[0, 50], [950, 50], [980, 50], [999, 1_002], [2_300, 50], [2_344, 50]] as const) {
      const page = await api.rows(ref('v'), start, count);
      expect(page.start).toBe(start);
      expect(page.totalRows).toBe(2_345);
      const end = Math.min(2_345, start + count);
      expect(page.rows.rowCount).toBe(end - start);
      for (const name of table.names) expect(Array.from(page.rows.columns[name]!)).toEqual(Array.from(table.columns[name]!.slice(start, end)));
    }
    expect((await api.rows(ref('v'), 10_000, 50)).rows.rowCount).toBe(0);
  });

  it('computes the prediction charts’ figures over every row, with a seeded sample of the size asked', async () => {
    const table = seededTable(3_001, 5);
    const col = (n: string) => table.columns[n]!;
    const parts = (builder: PredictionFigureBuilder) => {
      for (let from = 0; from < table.rowCount; from += 700) {
        const to = Math.min(table.rowCount, from + 700);
        builder.add({ names: table.names, columns: slice(table, from, to), rowOffset: from, rowCount: to - from, totalRows: table.rowCount, part: from / 700, parts: 5 });
      }
      return builder.finish();
    };
    const figures = parts(new PredictionFigureBuilder([], 400, 1, 400));
    // What the charts computed from whole columns before (PredictionCharts.tsx up to issue 16's fifth session).
    const test = Array.from(col('residual')).filter((_, i) => col('split')[i] === SPLIT_CODES.test);
    for (const [figure, values] of [[figures.all, Array.from(col('residual'))], [figures.test, test]] as const) {
      const limit = absQuantile(values, 0.995) || 1;
      expect(figure.rows).toBe(values.length);
      expect(figure.histogramHalf).toBe(limit);
      expect(figure.bins).toEqual(histogram(values.map((v) => Math.max(-limit, Math.min(limit, v))), 40, [-limit, limit]));
      expect(figure.mapHalf).toBe(absQuantile(values, 0.95));
    }
    expect(figures.actualExtent).toEqual(finiteExtent(col('MedHouseVal')));
    expect(figures.predictionExtent).toEqual(finiteExtent(col('prediction')));
    expect(figures.geo).toEqual({ latitude: finiteExtent(col('Latitude')), longitude: finiteExtent(col('Longitude')), units: 'degrees' });
    // The sample: exactly 400 rows, in row order, the same for the same seed, another for another.
    const { sample } = figures;
    expect(sample.size).toBe(400);
    const rowsOf = (s: typeof sample) => Array.from(s.actual, (a, k) => {
      const row = Array.from(col('MedHouseVal')).findIndex((x, i) => x === a && Object.is(col('residual')[i], s.residual[k]));
      expect(row).toBeGreaterThanOrEqual(0);
      expect(col('Latitude')[row]).toBe(s.latitude[k]);
      expect(col('split')[row]).toBe(s.split[k]);
      return row;
    });
    const rows = rowsOf(sample);
    expect(rows).toEqual([...rows].sort((a, b) => a - b));
    expect(new Set(rows).size).toBe(400);
    expect(rows[rows.length - 1]).toBeGreaterThan(2_500); // spread over the whole version, not its start
    expect(parts(new PredictionFigureBuilder([], 400, 1, 400)).sample).toEqual(sample);
    expect(parts(new PredictionFigureBuilder([], 400, 2, 400)).sample.actual).not.toEqual(sample.actual);
    // No more rows than the sample size: every row is drawn.
    expect(Array.from(parts(new PredictionFigureBuilder([], 5_000, 1, 5_000)).sample.actual)).toEqual(Array.from(col('MedHouseVal')));
    // By default: the housing data's 20,640 rows all drawn, 30,000 rows as a sample of 10,000.
    const sized = (rows: number) => {
      const b = new PredictionFigureBuilder([]);
      b.add({ names: ['MedHouseVal', 'prediction'], columns: { MedHouseVal: new Float64Array(rows), prediction: new Float64Array(rows) }, rowOffset: 0, rowCount: rows, totalRows: rows, part: 0, parts: 1 });
      return b.finish().sample.size;
    };
    expect([sized(20_640), sized(25_000), sized(30_000)]).toEqual([20_640, 25_000, 10_000]);
  });

  it('computes a missing residual, finds a user’s target, and tells standardized coordinates from degrees', async () => {
    const { db, api, ref } = await reader();
    await putWhole(db, 'p', makeTable({ MedHouseVal: Float32Array.of(1, 2, 3), prediction: Float32Array.of(1.5, 2, 2) }));
    const figures = await api.predictionFigures(ref('p'), []);
    expect(Array.from(figures.sample.residual)).toEqual([0.5, 0, -1]);
    expect(figures.roles).toMatchObject({ hasResidual: true, hasSplit: false, hasGeo: false });
    expect(figures.geo).toBeNull();
    expect(figures.test.rows).toBe(0);
    expect(predictionRoles(['size', 'price', 'prediction', 'residual'], ['size']).targetName).toBe('price');
    const z = (v: Float64Array) => {
      const mean = v.reduce((s, x) => s + x, 0) / v.length;
      const sd = Math.sqrt(v.reduce((s, x) => s + (x - mean) ** 2, 0) / (v.length - 1));
      return v.map((x) => (x - mean) / sd);
    };
    const lat = Float64Array.from({ length: 200 }, (_, i) => 33 + (i % 10));
    const lon = Float64Array.from({ length: 200 }, (_, i) => -124 + (i % 9));
    const geo = (la: Float64Array, lo: Float64Array) => {
      const b = new PredictionFigureBuilder([]);
      b.add({ names: ['Latitude', 'Longitude'], columns: { Latitude: la, Longitude: lo }, rowOffset: 0, rowCount: 200, totalRows: 200, part: 0, parts: 1 });
      return b.finish().geo?.units;
    };
    expect(geo(lat, lon)).toBe('degrees');
    expect(geo(z(lat), z(lon))).toBe('standardized');
  });

  it('writes the CSV of a version in parts as the whole table’s CSV', async () => {
    const { db, api, ref } = await reader();
    const table = seededTable(2_100, 9);
    await putInParts(db, 'v', table, 1_000);
    expect(await (await api.csv(ref('v'))).text()).toBe(tableToCsv(table));
  });

  it('says which version is absent or incomplete', async () => {
    const { db, api, ref } = await reader();
    await expect(api.summarise(ref('gone'))).rejects.toThrow(/"gone" is not stored/);
    await expect(api.rows(ref('gone'), 0, 50)).rejects.toThrow(/"gone" is not stored/);
    const table = seededTable(3_000, 2);
    await putInParts(db, 'torn', table, 1_000);
    await db.delete('datasetColumns', ['torn', 1]);
    await expect(api.summarise(ref('torn'))).rejects.toThrow(/"torn" is incomplete: 1 of its 3 parts/);
    await expect(api.rows(ref('torn'), 1_500, 50)).rejects.toThrow(/"torn" is incomplete/);
    // A failed read is not kept: stored whole again, it reads.
    await putInParts(db, 'torn', table, 1_000);
    expect((await api.summarise(ref('torn'))).rowCount).toBe(3_000);
  });
});
