import { seededPermutation, seededRandom } from '../../../core/random';
import { parseNumericCsv } from '../../csvColumns';
import type { TaskFunction } from '../../taskContext';
import { FEATURE_COLUMNS, HOUSING_CSV_PATH, TARGET_COLUMN } from '../datasets';

const EXPECTED_ROWS = 20_640;

/** Loads the California housing CSV that the site serves, into Float64 columns for the tasks downstream. */
export const extract: TaskFunction = async (context) => {
  const url = new URL(HOUSING_CSV_PATH, context.settings.baseUrl);
  context.log.info(`Fetching ${url.pathname}`);
  const response = await fetch(url);
  if (!response.ok) throw new Error(`Could not load ${url.pathname}: HTTP ${response.status} ${response.statusText}.`);
  const text = await response.text();
  const table = parseNumericCsv(text, [...FEATURE_COLUMNS, TARGET_COLUMN]);
  context.log.info(`Parsed ${table.rowCount.toLocaleString('en-US')} rows × ${table.names.length} columns.`);
  if (table.rowCount !== EXPECTED_ROWS) {
    context.log.warning(`Expected ${EXPECTED_ROWS.toLocaleString('en-US')} rows for California housing.`);
  }
  const corrupt = Number(context.params.corrupt_rows ?? 0);
  if (corrupt > 0) {
    // A demo of the data-quality branch: blank out seeded-random rows, as a broken upstream export would.
    const rows = seededPermutation(table.rowCount, seededRandom(context.settings.seed)).slice(0, corrupt);
    const column = table.columns.MedInc!;
    for (const row of rows) column[row] = Number.NaN;
    context.log.warning(`Blanked MedInc in ${corrupt} rows (param corrupt_rows).`);
  }
  await context.writeOutput(table);
  return { rows: table.rowCount, columns: table.names.length, bytes: text.length };
};
