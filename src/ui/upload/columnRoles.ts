import type { ColumnMapping } from '../../upload/columnMapping';
import type { ColumnProfile } from '../../upload/inspectCsv';
import { groupDigits } from '../../core/groupDigits';

export type ColumnRole = 'feature' | 'target' | 'unused';

export function roleOf(mapping: ColumnMapping, name: string): ColumnRole {
  if (mapping.target === name) return 'target';
  return mapping.features.includes(name) ? 'feature' : 'unused';
}

/** Gives a column a role; a new target takes the place of the old one (which becomes unused). Features keep their order. */
export function withRole(mapping: ColumnMapping, name: string, role: ColumnRole): ColumnMapping {
  const features = mapping.features.filter((f) => f !== name);
  switch (role) {
    case 'target':
      return { features, target: name };
    case 'feature':
      return { features: [...features, name], target: mapping.target === name ? '' : mapping.target };
    case 'unused':
      return { features, target: mapping.target === name ? '' : mapping.target };
  }
}

/** Moves a feature one place up (-1) or down (+1) in the order the model will see them. */
export function moveFeature(mapping: ColumnMapping, name: string, by: -1 | 1): ColumnMapping {
  const at = mapping.features.indexOf(name);
  const to = at + by;
  if (at < 0 || to < 0 || to >= mapping.features.length) return mapping;
  const features = [...mapping.features];
  [features[at], features[to]] = [features[to]!, features[at]!];
  return { ...mapping, features };
}

/** "numbers", "numbers, 2 missing", "mixed: 3 text cells", "text", "empty". */
export function kindText(column: ColumnProfile): string {
  const missing = column.missing > 0 ? `, ${groupDigits(column.missing)} missing` : '';
  switch (column.kind) {
    case 'numeric':
      return `numbers${missing}`;
    case 'mixed':
      return `mixed: ${groupDigits(column.text)} text cell${column.text === 1 ? '' : 's'}${missing}`;
    case 'text':
      return 'text';
    case 'empty':
      return 'empty';
  }
}
