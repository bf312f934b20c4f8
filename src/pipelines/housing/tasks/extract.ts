import { makeTable, type ColumnTable } from '../../../core/columns';
import type { DatasetVersionId } from '../../../core/ids';
import { seededPermutation, seededRandom } from '../../../core/random';
import { parseNumericCsv } from '../../csvColumns';
import { tableRoles } from '../../tableRoles';
import type { TaskContext, TaskFunction } from '../../../taskApi/taskContext';
import { producerSource } from '../../upload/producerSource';
import { uploadByReference } from '../extractedTable';
import { FEATURE_COLUMNS, HOUSING_CSV_PATH, TARGET_COLUMN } from '../datasets';
import { groupDigits } from '../../../core/groupDigits';

const EXPECTED_ROWS = 20_640;

/**
 * Loads the producer's data into Float64 columns for the tasks downstream, features first and the target last
 * (tableRoles.ts): the California housing CSV that the site serves, or — with param `source` — a CSV a person
 * uploaded, whose stored `uploaded_csv` version is handed on by reference (extractedTable.ts) unless `corrupt_rows`
 * asks for a changed copy; lineage records it as the input of what the next tasks write.
 */
export const extract: TaskFunction = async (context) => {
  const source = producerSource(context.params.source);
  const byReference = uploadByReference(context.params);
  if (byReference) return handOnUpload(context, byReference);
  const loaded = source.kind === 'housing' ? await loadHousing(context) : await loadUpload(context, source.versionId);
  let table = loaded.table;
  const roles = tableRoles(table);
  context.log.info(`Target ${roles.target}; ${roles.features.length} feature(s): ${roles.features.join(', ')}.`);
  const corrupt = Number(context.params.corrupt_rows ?? 0);
  if (corrupt > 0) {
    // A demo of the data-quality branch: blank out seeded-random rows of the first feature, as a broken export would.
    const name = roles.features[0]!;
    const rows = seededPermutation(table.rowCount, seededRandom(context.settings.seed)).slice(0, corrupt);
    const column = Float64Array.from(table.columns[name]!);
    for (const row of rows) column[row] = Number.NaN;
    table = { ...table, columns: { ...table.columns, [name]: column } };
    context.log.warning(`Blanked ${name} in ${Math.min(corrupt, table.rowCount)} rows (param corrupt_rows).`);
  }
  const writing = performance.now();
  await context.writeOutput(table);
  context.log.debug(`Handed on ${groupDigits(table.rowCount)} rows to the next tasks in ${Math.round(performance.now() - writing)} ms.`);
  return {
    source: source.kind === 'housing' ? 'housing' : source.versionId,
    rows: table.rowCount,
    columns: table.names.length,
    ...(loaded.bytes === null ? {} : { bytes: loaded.bytes }),
  };
};

/** An upload as it is stored: described (not read) and handed on by reference (extractedTable.ts). */
async function handOnUpload(context: TaskContext, versionId: DatasetVersionId) {
  const summary = await context.describeDatasetVersion(versionId);
  const roles = tableRoles(summary);
  context.log.info(
    `The uploaded CSV ${versionId} (param source) holds ${groupDigits(summary.rowCount)} rows × ${summary.names.length} columns: ` +
      'the next tasks read it where it is stored, no copy.',
  );
  context.log.info(`Target ${roles.target}; ${roles.features.length} feature(s): ${roles.features.join(', ')}.`);
  return { source: versionId, rows: summary.rowCount, columns: summary.names.length, handedOn: 'by reference' };
}

type Loaded = { readonly table: ColumnTable; readonly bytes: number | null };

async function loadHousing(context: TaskContext): Promise<Loaded> {
  const url = new URL(HOUSING_CSV_PATH, context.settings.baseUrl);
  context.log.info(`Fetching ${url.pathname}`);
  const response = await fetch(url);
  if (!response.ok) throw new Error(`Could not load ${url.pathname}: HTTP ${response.status} ${response.statusText}.`);
  const text = await response.text();
  const names = [...FEATURE_COLUMNS, TARGET_COLUMN];
  const parsing = performance.now();
  const parsed = parseNumericCsv(text, names);
  // On the worker's timeline for the bench's stage breakdown (tests/bench/demoStages.mjs), beside the CSV's fetch.
  performance.measure('pp:extract:parse', { start: parsing, end: performance.now() });
  context.log.info(`Parsed ${groupDigits(parsed.rowCount)} rows × ${parsed.names.length} columns.`);
  if (parsed.rowCount !== EXPECTED_ROWS) {
    context.log.warning(`Expected ${groupDigits(EXPECTED_ROWS)} rows for California housing.`);
  }
  // The target last, whatever the order of the file's columns.
  return { table: makeTable({ ...parsed.columns }, names), bytes: text.length };
}

async function loadUpload(context: TaskContext, versionId: DatasetVersionId): Promise<Loaded> {
  context.log.info(`Reading the uploaded CSV ${versionId} (param source).`);
  const reading = performance.now();
  const stored = await context.readDatasetVersion(versionId);
  context.log.info(
    `Read ${groupDigits(stored.rowCount)} rows × ${stored.names.length} columns in ${Math.round(performance.now() - reading)} ms.`,
  );
  return { table: stored, bytes: null };
}
