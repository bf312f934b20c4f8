import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

/** One row of the README's layer table: a layer, the folders (or files) it holds, and what it may import. */
export interface LayerRule {
  readonly layer: string;
  readonly paths: readonly string[];
  /** Layers it may import besides itself. */
  readonly mayImport: readonly string[];
  /** Whether it may import npm packages. */
  readonly libraries: boolean;
}

export interface SourceFile {
  /** Relative to the repository root, with forward slashes. */
  readonly path: string;
  /** Import specifiers as written (static, dynamic and type-only imports, re-exports). */
  readonly imports: readonly string[];
}

export interface Violation {
  readonly file: string;
  readonly specifier: string;
  readonly message: string;
}

const SOURCE = /\.(ts|tsx)$/;

/** The layer table between `<!-- layers:start -->` and `<!-- layers:end -->` in the README: the one source of the rules. */
export function readLayerTable(markdown: string): LayerRule[] {
  const start = markdown.indexOf('<!-- layers:start -->');
  const end = markdown.indexOf('<!-- layers:end -->');
  if (start < 0 || end < start) throw new Error('The README has no layer table between <!-- layers:start --> and <!-- layers:end -->.');
  const rows = markdown
    .slice(start, end)
    .split('\n')
    .filter((line) => line.startsWith('|') && !/^\|\s*(layer|-)/.test(line));
  const names = (cell: string) => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
  return rows.map((row) => {
    const [layer, paths, mayImport, libraries] = row.split('|').slice(1, 5).map((cell) => cell.trim());
    return { layer: names(layer!)[0]!, paths: names(paths!), mayImport: names(mayImport!), libraries: libraries!.startsWith('yes') };
  });
}

/** Every .ts / .tsx file under `dir` with its imports, as TypeScript's own pre-processor reads them. */
export function readSources(root: string, dir: string): SourceFile[] {
  const files: SourceFile[] = [];
  const walk = (folder: string) => {
    for (const name of readdirSync(folder)) {
      const full = join(folder, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (SOURCE.test(name)) {
        const info = ts.preProcessFile(readFileSync(full, 'utf8'), true, true);
        files.push({ path: relative(root, full).split('\\').join('/'), imports: info.importedFiles.map((f) => f.fileName) });
      }
    }
  };
  walk(join(root, dir));
  return files;
}

/** The layer a path belongs to: the rule whose folder (or file) holds it most closely. */
export function layerOf(path: string, rules: readonly LayerRule[]): LayerRule | null {
  let best: { rule: LayerRule; length: number } | null = null;
  for (const rule of rules) {
    for (const p of rule.paths) {
      const holds = path === p || path.startsWith(p.endsWith('/') ? p : `${p}/`);
      if (holds && (!best || p.length > best.length)) best = { rule, length: p.length };
    }
  }
  return best?.rule ?? null;
}

/** The source file a relative specifier names (extension-less, or a folder's index), or the path as written. */
function resolveSpecifier(root: string, from: string, specifier: string, exists: (path: string) => boolean): string {
  const bare = specifier.replace(/\?.*$/, '');
  const base = relative(root, resolve(root, dirname(from), bare)).split('\\').join('/');
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`]) if (exists(candidate)) return candidate;
  return base;
}

/**
 * Every import that breaks the rules: a file outside every layer, an import of a layer the file's layer may not import,
 * or a package where its layer takes none. Imports of non-source files (styles, assets) are not layered.
 */
export function checkLayers(
  files: readonly SourceFile[],
  rules: readonly LayerRule[],
  exists: (path: string) => boolean = (path) => files.some((f) => f.path === path),
  root = '.',
): Violation[] {
  const violations: Violation[] = [];
  for (const file of files) {
    const own = layerOf(file.path, rules);
    if (!own) {
      violations.push({ file: file.path, specifier: '', message: `${file.path} is in no layer: add its folder to the layer table` });
      continue;
    }
    for (const specifier of file.imports) {
      if (!specifier.startsWith('.')) {
        if (!own.libraries && !specifier.startsWith('node:')) {
          violations.push({ file: file.path, specifier, message: `${file.path} (${own.layer}) imports the package "${specifier}"; ${own.layer} imports no packages` });
        }
        continue;
      }
      const target = resolveSpecifier(root, file.path, specifier, exists);
      if (!SOURCE.test(target)) continue;
      const theirs = layerOf(target, rules);
      if (theirs === own) continue;
      if (!theirs || !own.mayImport.includes(theirs.layer)) {
        violations.push({
          file: file.path,
          specifier,
          message: `${file.path} (${own.layer}) imports "${specifier}" (${theirs?.layer ?? 'no layer'}); ${own.layer} may import ${[own.layer, ...own.mayImport].join(', ')}`,
        });
      }
    }
  }
  return violations;
}

export const fileExists = (root: string) => (path: string) => existsSync(join(root, path)) && statSync(join(root, path)).isFile();
