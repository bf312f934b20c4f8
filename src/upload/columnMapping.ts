import { makeTable, type ColumnTable } from '../core/columns';
import { describeCells, plural, type ColumnProfile, type CsvInspection, type ParsedCsv } from './inspectCsv';
import { quoted } from '../core/displayText';

/** Which columns of a user's CSV the model learns from (in this order) and which one it predicts. */
export interface ColumnMapping {
  readonly features: readonly string[];
  readonly target: string;
}

/**
 * What the mapping form starts with: the last numeric (or mostly numeric) column as the target, as in the housing
 * CSV, and every other such column as a feature. Text-only and empty columns are left out.
 */
export function defaultMapping(inspection: CsvInspection): ColumnMapping {
  const usable = inspection.columns.filter((c) => c.kind === 'numeric' || c.kind === 'mixed');
  const target = usable[usable.length - 1]?.name ?? '';
  return { features: usable.filter((c) => c.name !== target).map((c) => c.name), target };
}

/** Everything that keeps this mapping from being imported, each naming the column, and the rows and lines to fix. */
export function checkMapping(inspection: CsvInspection, mapping: ColumnMapping): string[] {
  const errors: string[] = [];
  const byName = new Map(inspection.columns.map((c) => [c.name, c]));
  if (mapping.target === '') errors.push('Choose the target column: the numeric column the model will predict.');
  if (mapping.features.length === 0) errors.push('Choose at least one feature column.');
  const seen = new Set<string>();
  for (const name of mapping.features) {
    if (seen.has(name)) errors.push(`Feature ${quoted(name)} is chosen twice.`);
    seen.add(name);
    if (name === mapping.target) errors.push(`Column ${quoted(name)} cannot be both a feature and the target.`);
  }
  const roles: [string, string][] = [
    ...(mapping.target === '' ? [] : [[mapping.target, 'target'] as [string, string]]),
    ...[...seen].filter((n) => n !== mapping.target).map((n) => [n, 'feature'] as [string, string]),
  ];
  for (const [name, role] of roles) {
    const column = byName.get(name);
    if (!column) {
      errors.push(`Column ${quoted(name)} is not in the file's header.`);
      continue;
    }
    errors.push(...columnProblems(column, role));
  }
  return errors;
}

function columnProblems(column: ColumnProfile, role: string): string[] {
  const problems: string[] = [];
  const what = `Column ${quoted(column.name)} (${role})`;
  if (column.text > 0) {
    const kind = column.numbers === 0 ? 'holds text, not numbers' : `has ${plural(column.text, 'non-numeric cell')}`;
    problems.push(`${what} ${kind}: ${describeCells(column.firstText, column.text)}.${role === 'target' ? ' The target must be numeric.' : ''}`);
  }
  if (column.missing > 0) {
    problems.push(`${what} has ${plural(column.missing, 'missing value')}: ${describeCells(column.firstMissing, column.missing)}.`);
  }
  return problems;
}

export type BuiltUpload = { readonly ok: true; readonly table: ColumnTable } | { readonly ok: false; readonly errors: readonly string[] };

/**
 * The table an import stores: the chosen features in the chosen order, then the target LAST — the one convention
 * every task after extract reads (tableRoles.ts). Refused, with every reason, when the file or the mapping is not valid.
 */
export function buildUploadTable(parsed: ParsedCsv, mapping: ColumnMapping): BuiltUpload {
  const { inspection } = parsed;
  const errors = [...inspection.errors, ...(inspection.errors.length > 0 ? [] : checkMapping(inspection, mapping))];
  if (errors.length > 0) return { ok: false, errors };
  const names = [...mapping.features, mapping.target];
  const columns: Record<string, Float64Array> = {};
  for (const name of names) columns[name] = parsed.values[inspection.header.indexOf(name)]!;
  return { ok: true, table: makeTable(columns, names) };
}
