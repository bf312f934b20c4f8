import type { ColumnTable } from '../../core/columns';
import { FEATURE_COLUMNS, TARGET_COLUMN } from './datasets';

/** Plausible ranges of the California housing columns (1990 census block groups); outside them a row is suspect. */
const RANGES: Readonly<Record<string, readonly [number, number]>> = {
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
export const MIN_ROWS = 1_000;

export interface QualityReport {
  readonly passed: boolean;
  readonly rowCount: number;
  readonly problems: readonly string[];
}

/** Schema, missing values, value ranges and row count: what must hold before features are built from the data. */
export function checkHousingQuality(table: ColumnTable): QualityReport {
  const problems: string[] = [];
  const required = [...FEATURE_COLUMNS, TARGET_COLUMN];
  const missingColumns = required.filter((name) => !table.columns[name]);
  if (missingColumns.length > 0) problems.push(`Missing columns: ${missingColumns.join(', ')}.`);
  if (table.rowCount < MIN_ROWS) problems.push(`Only ${table.rowCount} rows; at least ${MIN_ROWS} expected.`);
  for (const name of required) {
    const column = table.columns[name];
    if (!column) continue;
    const [low, high] = RANGES[name]!;
    let missing = 0;
    let outOfRange = 0;
    let firstBad = -1;
    for (let i = 0; i < column.length; i++) {
      const v = column[i]!;
      if (Number.isNaN(v)) missing++;
      else if (v < low || v > high) outOfRange++;
      else continue;
      if (firstBad < 0) firstBad = i;
    }
    if (missing > 0) problems.push(`${name}: ${missing} missing values (first at row ${firstBad + 1}).`);
    if (outOfRange > 0) problems.push(`${name}: ${outOfRange} values outside [${low}, ${high}] (first at row ${firstBad + 1}).`);
  }
  return { passed: problems.length === 0, rowCount: table.rowCount, problems };
}
