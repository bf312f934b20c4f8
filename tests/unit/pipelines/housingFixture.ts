import { readFileSync } from 'node:fs';
import { makeTable, type ColumnTable } from '../../../src/core/columns';

/**
 * Every `stride`-th row of the California housing CSV the site serves, as Float64 columns (what extract loads): a
 * small, real slice for training tests in Node.
 */
export function housingSubset(stride: number): ColumnTable {
  const lines = readFileSync('public/data/california_housing.csv', 'utf8').trim().split('\n');
  const names = lines[0]!.split(',');
  const picked = lines.slice(1).filter((_, i) => i % stride === 0);
  const columns = names.map(() => new Float64Array(picked.length));
  picked.forEach((line, r) => line.split(',').forEach((cell, c) => (columns[c]![r] = Number(cell))));
  return makeTable(Object.fromEntries(names.map((name, i) => [name, columns[i]!])), names);
}
