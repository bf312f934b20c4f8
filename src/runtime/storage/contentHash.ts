import type { ColumnTable } from '../../core/columns';
import { quoted } from '../../core/displayText';

/**
 * A fast 64-bit content hash of a table, to prove that what was read is what was written: two independent 32-bit
 * lanes (FNV-1a and a multiply-rotate lane with another prime) over the column names, dtypes, row count and every
 * column's bytes taken as 32-bit words. Not cryptographic: it detects corruption and accidental change, not tampering.
 * About 1 ms for 20,640 rows × 9 float32 columns, so the worker computes it on every write.
 */
export function contentHashOf(table: ColumnTable): string {
  let a = 0x811c9dc5;
  let b = 0x9e3779b9;
  const mixText = (text: string) => {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(rotl(b ^ c, 13), 0x85ebca77);
    }
  };
  mixText(`${table.rowCount}|`);
  for (const name of table.names) {
    const column = table.columns[name];
    if (!column) throw new Error(`Column ${quoted(name)} is missing.`);
    mixText(`${name}:${column instanceof Float32Array ? 'f32' : 'f64'}|`);
    // Float32 and Float64 views are 4-byte aligned, so their bytes read as whole 32-bit words.
    const words = new Uint32Array(column.buffer, column.byteOffset, column.byteLength >>> 2);
    for (let i = 0; i < words.length; i++) {
      const w = words[i]!;
      a = Math.imul(a ^ w, 0x01000193);
      b = Math.imul(rotl(b ^ w, 13), 0x85ebca77);
    }
  }
  // Final avalanche (murmur3's fmix32) so that nearby inputs give unrelated hashes.
  return hex(fmix(a)) + hex(fmix(b ^ a));
}

const rotl = (x: number, r: number) => (x << r) | (x >>> (32 - r));

function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const hex = (n: number) => n.toString(16).padStart(8, '0');
