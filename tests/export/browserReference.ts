// The browser's numbers for the export check, computed by the playground's own code in Node (built by
// tests/export/vite.config.ts, run by run-check.mjs): the rows the seeded split picks for several seeds and sizes,
// the rows corrupt_rows blanks, and — on the full California housing data at seed 42, as the consumer trains it —
// the closed-form OLS reference (train.ts: splitRows, fitScaler with the ±5σ clip, solveOls, regressionMetrics) and
// the TensorFlow.js linear model itself (fitRegression, cpu backend, the DAG's default params).
// Usage: node browser-reference.mjs <out.json> [--no-tfjs]
import { readFileSync, writeFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { makeTable } from '../../src/core/columns';
import { seededPermutation, seededRandom } from '../../src/core/random';
import { parseNumericCsv } from '../../src/pipelines/csvColumns';
import { FEATURE_COLUMNS, HOUSING_CSV_PATH, TARGET_COLUMN } from '../../src/pipelines/housing/datasets';
import { TRAINING_DEFAULTS, trainingOptions } from '../../src/pipelines/housing/trainingData';
import { fitRegression } from '../../src/pipelines/ml/fit';
import { olsPredict, solveOls } from '../../src/pipelines/ml/ols';
import { fitScaler, scaledMatrix } from '../../src/pipelines/ml/scaler';
import { splitRows } from '../../src/pipelines/ml/split';
import { regressionMetrics } from '../../src/pipelines/regressionMetrics';

const SEEDS = [0, 1, 42, 7919, 2 ** 31, 4294967295];
/** Sizes whose 15% shares end in .5 (10, 30, 50 → Math.round differs from Python's round) and the real ones. */
const SIZES = [10, 30, 50, 101, 2064, 20640];
const SEED = 42;

async function main(argv: readonly string[]) {
  const out = argv[0];
  if (!out) throw new Error('Usage: node browser-reference.mjs <out.json> [--no-tfjs]');
  const splits = SEEDS.flatMap((seed) =>
    SIZES.map((n) => {
      const split = splitRows(n, seed);
      return { n, seed, train: Array.from(split.train), validation: Array.from(split.validation), test: Array.from(split.test) };
    }),
  );

  // extract parses the CSV into Float64 columns, features first and the target last; featurize stores them as float32.
  const names = [...FEATURE_COLUMNS, TARGET_COLUMN];
  const parsed = parseNumericCsv(readFileSync(`public/${HOUSING_CSV_PATH}`, 'utf8'), names);
  const table = makeTable(Object.fromEntries(names.map((name) => [name, Float32Array.from(parsed.columns[name]!)])), names);
  const split = splitRows(table.rowCount, SEED);
  const y = table.columns[TARGET_COLUMN]!;
  const scaler = fitScaler(table, FEATURE_COLUMNS, split.train, TRAINING_DEFAULTS.clip);
  const ols = solveOls(scaledMatrix(table, scaler, split.train, 'float64'), Float64Array.from(split.train, (r) => y[r]!), split.train.length, names.length - 1);
  const olsTest = regressionMetrics(
    Float64Array.from(split.test, (r) => y[r]!),
    olsPredict(ols, scaledMatrix(table, scaler, split.test, 'float64'), split.test.length),
  );

  let linear: Record<string, number> | null = null;
  if (!argv.includes('--no-tfjs')) {
    await tf.setBackend('cpu');
    const started = performance.now();
    const fit = await fitRegression(table, { features: [...FEATURE_COLUMNS], target: TARGET_COLUMN }, split, trainingOptions({}, SEED), { now: () => performance.now() });
    fit.model.dispose();
    linear = { testR2: fit.splits.test.r2, testRmse: fit.splits.test.rmse, olsTestR2: fit.ols?.test.r2 ?? Number.NaN, epochsRun: fit.epochsRun, seconds: (performance.now() - started) / 1000 };
  }

  const reference = {
    splits,
    corruptRows: Array.from(seededPermutation(table.rowCount, seededRandom(SEED)).slice(0, 5)),
    housing: {
      seed: SEED,
      rows: table.rowCount,
      sizes: { train: split.train.length, validation: split.validation.length, test: split.test.length },
      scaler: { mean: scaler.mean, std: scaler.std },
      ols: { testR2: olsTest.r2, testRmse: olsTest.rmse, intercept: ols.intercept, coefficients: Array.from(ols.coefficients) },
      linear,
    },
  };
  writeFileSync(out, JSON.stringify(reference));
  console.log(
    `Browser reference: OLS test R² ${olsTest.r2.toFixed(4)}` +
      (linear ? `, tfjs linear test R² ${linear.testR2!.toFixed(4)} (${linear.epochsRun} epochs, cpu, ${linear.seconds!.toFixed(1)} s)` : '') +
      ` at seed ${SEED}; splits for ${SEEDS.length} seeds × ${SIZES.length} sizes.`,
  );
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
