import { transform } from 'sucrase';
import { decodeMappings, type LineSegments } from '../sandbox/sourceMap';

/** A DAG file's TypeScript with its types stripped, and how to map a position back to what the person wrote. */
export interface CompiledFile {
  readonly fileName: string;
  readonly js: string;
  readonly segments: LineSegments;
}

export type CompileResult =
  | { readonly ok: true; readonly compiled: CompiledFile }
  | { readonly ok: false; readonly line: number; readonly column: number; readonly message: string };

/**
 * TypeScript → JavaScript with sucrase: types removed, everything else (ES modules, classes, private fields, optional
 * chaining) left as written for QuickJS, which runs ES2023. Lines never move; the column map comes from sucrase's
 * source map. No eval anywhere, so it runs under the site's CSP.
 */
export function compileTypeScript(source: string, fileName: string): CompileResult {
  try {
    const out = transform(source, {
      transforms: ['typescript'],
      disableESTransforms: true,
      filePath: fileName,
      sourceMapOptions: { compiledFilename: fileName },
    });
    return { ok: true, compiled: { fileName, js: out.code, segments: decodeMappings(out.sourceMap?.mappings ?? '') } };
  } catch (error) {
    const pos = (error as { pos?: unknown }).pos;
    const { line, column } = typeof pos === 'number' ? positionAt(source, pos) : { line: 1, column: 1 };
    const raw = error instanceof Error ? error.message : String(error);
    return { ok: false, line, column, message: raw.replace(/^Error transforming [^:]*: /, '').replace(/\s*\(\d+:\d+\)$/, '') };
  }
}

/** 1-based line and column of a 0-based offset. */
export function positionAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = text.indexOf('\n'); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: end - lineStart + 1 };
}

/** 0-based offset of a 1-based line and column. */
export function offsetAt(text: string, line: number, column: number): number {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const next = text.indexOf('\n', offset);
    if (next === -1) return text.length;
    offset = next + 1;
  }
  return Math.min(text.length, offset + column - 1);
}

/** The last few files compiled, by their text: a worker runs many tries of one file and compiles it once. */
const cache = new Map<string, CompileResult>();
const CACHE_SIZE = 8;

export function compileCached(source: string, fileName: string): CompileResult {
  const key = `${fileName}\u0000${source}`;
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const result = compileTypeScript(source, fileName);
  cache.set(key, result);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
  return result;
}
