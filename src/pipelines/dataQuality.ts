import type { ColumnTable } from '../core/columns';
import type { JsonValue } from '../core/json';
import { MIN_UPLOAD_ROWS } from './upload/limits';
import { groupDigits } from '../core/groupDigits';

/** Plausible ranges of the California housing columns (1990 census block groups); outside them a row is suspect. */
export const HOUSING_RANGES: Readonly<Record<string, readonly [number, number]>> = {
  MedInc: [0, 20],
  HouseAge: [0, 100],
  AveRooms: [0, 200],
  AveBedrms: [0, 50],
  Population: [0, 50_000],
  AveOccup: [0, 2_000],
  Latitude: [32, 42.1],
  Longitude: [-124.5, -114],
  MedHouseVal: [0, 5.00001],
};

/** Fewest rows for the housing data (it has 20,640: far fewer means a truncated export). */
export const MIN_HOUSING_ROWS = 1_000;

export type QualityCheckName = 'schema' | 'types' | 'missing' | 'ranges' | 'rows' | 'variance';

export interface QualityCheck {
  readonly name: QualityCheckName;
  readonly passed: boolean;
  /** What was checked and found, in a few words: "8 features and the target MedHouseVal". */
  readonly detail: string;
}

export interface QualityReport {
  readonly passed: boolean;
  readonly rowCount: number;
  readonly features: readonly string[];
  readonly target: string | null;
  readonly checks: readonly QualityCheck[];
  /** One sentence per problem, naming the column, the count and the first row (1 = the first data row). */
  readonly problems: readonly string[];
}

export interface QualityOptions {
  /** Fewest rows accepted; by default MIN_HOUSING_ROWS for the full housing data and MIN_UPLOAD_ROWS otherwise. */
  readonly minRows?: number;
}

const count = (n: number) => groupDigits(n);

/**
 * What must hold before features are built from any table that follows the pipeline's convention (features, then
 * the target last — tableRoles.ts): a schema with at least one feature and a target, columns of numbers all as long
 * as the table, no missing or infinite values, enough rows, features and target that vary (a constant column cannot
 * be standardized), and — for the housing columns it knows, when every column is one of them — plausible ranges.
 * Pure and total: a malformed table gives a report, never an exception.
 */
export function checkDataQuality(table: ColumnTable, options: QualityOptions = {}): QualityReport {
  const checks: QualityCheck[] = [];
  const problems: string[] = [];
  const fail = (name: QualityCheckName, detail: string, found: readonly string[]) => {
    checks.push({ name, passed: found.length === 0, detail });
    problems.push(...found);
  };

  // Schema: names unique, present, at least one feature and a target.
  const names = table.names;
  const schemaProblems: string[] = [];
  if (names.length < 2) schemaProblems.push(`The table has ${names.length} column(s): it needs at least one feature and a target (the last column).`);
  const duplicates = names.filter((name, i) => names.indexOf(name) !== i);
  if (duplicates.length > 0) schemaProblems.push(`Column names repeat: ${[...new Set(duplicates)].join(', ')}.`);
  const absent = names.filter((name) => !Object.hasOwn(table.columns, name));
  if (absent.length > 0) schemaProblems.push(`Columns named in the schema but absent: ${absent.join(', ')}.`);
  const features = names.length >= 2 ? names.slice(0, -1) : [];
  const target = names.length >= 2 ? names[names.length - 1]! : null;
  fail('schema', target ? `${features.length} feature(s) and the target ${target}` : 'no target', schemaProblems);

  // Types: every column a float array of the table's length (what was read back from storage is checked, not trusted).
  const present = names.filter((name) => Object.hasOwn(table.columns, name));
  const typeProblems: string[] = [];
  const usable: string[] = [];
  for (const name of present) {
    const column: unknown = table.columns[name];
    if (!(column instanceof Float64Array || column instanceof Float32Array)) {
      typeProblems.push(`${name}: not a column of numbers.`);
    } else if (column.length !== table.rowCount) {
      typeProblems.push(`${name}: ${count(column.length)} values for ${count(table.rowCount)} rows.`);
    } else {
      usable.push(name);
    }
  }
  fail('types', `${usable.length} numeric column(s) of ${count(table.rowCount)} rows`, typeProblems);

  // Missing and infinite values; then ranges, for the housing columns it knows.
  const missingProblems: string[] = [];
  const rangeProblems: string[] = [];
  const housing = usable.length > 0 && usable.every((name) => Object.hasOwn(HOUSING_RANGES, name));
  for (const name of usable) {
    const column = table.columns[name]!;
    const range = housing ? HOUSING_RANGES[name]! : null;
    let missing = 0;
    let firstMissing = -1;
    let infinite = 0;
    let firstInfinite = -1;
    let outside = 0;
    let firstOutside = -1;
    for (let i = 0; i < column.length; i++) {
      const v = column[i]!;
      if (Number.isNaN(v)) {
        if (missing++ === 0) firstMissing = i;
      } else if (!Number.isFinite(v)) {
        if (infinite++ === 0) firstInfinite = i;
      } else if (range && (v < range[0] || v > range[1])) {
        if (outside++ === 0) firstOutside = i;
      }
    }
    if (missing > 0) missingProblems.push(`${name}: ${count(missing)} missing values (first at row ${firstMissing + 1}).`);
    if (infinite > 0) missingProblems.push(`${name}: ${count(infinite)} infinite values (first at row ${firstInfinite + 1}).`);
    if (range && outside > 0) {
      rangeProblems.push(`${name}: ${count(outside)} values outside [${range[0]}, ${range[1]}] (first at row ${firstOutside + 1}).`);
    }
  }
  fail('missing', 'no missing or infinite values', missingProblems);
  fail('ranges', housing ? `${usable.length} housing column(s) within their plausible ranges` : 'no known ranges for these columns', rangeProblems);

  const fullHousing = housing && usable.length === Object.keys(HOUSING_RANGES).length;
  const minRows = options.minRows ?? (fullHousing ? MIN_HOUSING_ROWS : MIN_UPLOAD_ROWS);
  fail(
    'rows',
    `${count(table.rowCount)} rows, at least ${count(minRows)} expected`,
    table.rowCount < minRows ? [`Only ${count(table.rowCount)} rows; at least ${count(minRows)} expected.`] : [],
  );

  // Variance: a constant feature has σ = 0 (standardizing divides by it); a constant target leaves nothing to learn.
  const constant: string[] = [];
  if (table.rowCount >= 2) {
    for (const name of usable) {
      const column = table.columns[name]!;
      let first = Number.NaN;
      let varies = false;
      for (let i = 0; i < column.length && !varies; i++) {
        const v = column[i]!;
        if (Number.isNaN(v)) continue;
        if (Number.isNaN(first)) first = v;
        else if (v !== first) varies = true;
      }
      if (!varies && !Number.isNaN(first)) {
        constant.push(`${name}: the same value (${first}) in every row; ${name === target ? 'there is nothing to predict' : 'it cannot be standardized'}.`);
      }
    }
  }
  fail('variance', 'every column varies', constant);

  return { passed: problems.length === 0, rowCount: table.rowCount, features, target, checks, problems };
}

/** The report as a short line per check, for the task log: "✓ schema: 8 feature(s) and the target MedHouseVal". */
export function reportLines(report: QualityReport): string[] {
  return report.checks.map((c) => `${c.passed ? '✓' : '✗'} ${c.name}: ${c.detail}`);
}

/** The report as JSON, for a task's return value and a dataset event's extra. */
export function reportJson(report: QualityReport): Record<string, JsonValue> {
  return {
    passed: report.passed,
    rowCount: report.rowCount,
    features: [...report.features],
    target: report.target,
    checks: report.checks.map((c) => ({ name: c.name, passed: c.passed, detail: c.detail })),
    problems: [...report.problems],
  };
}
