/**
 * The little of source maps the sandbox needs: sucrase strips a TypeScript file's types without moving its lines, but
 * columns shift where types were removed. An error QuickJS reports at a line and column of the compiled JavaScript is
 * mapped back through the map sucrase wrote, so the person sees the line and column of the TypeScript they wrote.
 */

/** Per generated line (0-based), the segments [generated column, source line, source column], sorted by column. */
export type LineSegments = readonly (readonly (readonly [number, number, number])[])[];

/** A 1-based line and column, as editors and error messages count them. */
export interface Position {
  readonly line: number;
  readonly column: number;
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DIGIT = new Map([...BASE64].map((c, i) => [c, i]));

/** Decodes the `mappings` of a version 3 source map with a single source (what sucrase writes). */
export function decodeMappings(mappings: string): LineSegments {
  const lines: [number, number, number][][] = [];
  let sourceLine = 0;
  let sourceColumn = 0;
  for (const lineText of mappings.split(';')) {
    const segments: [number, number, number][] = [];
    let generatedColumn = 0;
    for (const segment of lineText.split(',')) {
      if (segment === '') continue;
      const fields = decodeVlq(segment);
      generatedColumn += fields[0] ?? 0;
      if (fields.length >= 4) {
        sourceLine += fields[2]!;
        sourceColumn += fields[3]!;
        segments.push([generatedColumn, sourceLine, sourceColumn]);
      }
    }
    lines.push(segments);
  }
  return lines;
}

function decodeVlq(segment: string): number[] {
  const out: number[] = [];
  let value = 0;
  let shift = 0;
  for (const char of segment) {
    const digit = DIGIT.get(char);
    if (digit === undefined) throw new Error(`Invalid source map character "${char}".`);
    value += (digit & 31) << shift;
    if (digit & 32) {
      shift += 5;
    } else {
      out.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return out;
}

/**
 * The source position of a generated one (both 1-based): the nearest segment at or before the column, shifted by
 * the distance from it. A line without segments keeps its line and column (sucrase never moves lines).
 */
export function originalPosition(segments: LineSegments, generated: Position): Position {
  const line = segments[generated.line - 1];
  if (!line || line.length === 0) return generated;
  const column0 = generated.column - 1;
  let best = line[0]!;
  for (const segment of line) {
    if (segment[0] > column0) break;
    best = segment;
  }
  const offset = Math.max(0, column0 - best[0]);
  return { line: best[1] + 1, column: best[2] + offset + 1 };
}
