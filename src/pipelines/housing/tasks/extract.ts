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
  await context.writeOutput(table);
  return { rows: table.rowCount, columns: table.names.length, bytes: text.length };
};
