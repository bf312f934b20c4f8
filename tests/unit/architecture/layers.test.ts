import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkLayers, fileExists, readLayerTable, readSources, type LayerRule } from './layerCheck';

/**
 * Layers import downward only. The rules are the README's layer table (one source for the people who read it and for
 * this test); every import of every source file under src/ is read with TypeScript's own pre-processor.
 */
const rules = readLayerTable(readFileSync('README.md', 'utf8'));

describe('the layer table', () => {
  it('names each layer once and only layers it defines', () => {
    const names = rules.map((r) => r.layer);
    expect(new Set(names).size).toBe(names.length);
    for (const rule of rules) for (const other of rule.mayImport) expect(names, `${rule.layer} may import ${other}`).toContain(other);
    expect(names).toEqual(expect.arrayContaining(['core', 'taskApi', 'pipelines', 'runtime', 'store', 'viz', 'ui', 'app']));
  });
});

describe('imports follow the layers', () => {
  it('every import of every file under src/ is allowed by its layer', () => {
    const files = readSources('.', 'src');
    expect(files.length).toBeGreaterThan(100);
    expect(checkLayers(files, rules, fileExists('.')).map((v) => v.message)).toEqual([]);
  });

  // The checker itself, over a synthetic tree: each rule it enforces fails on a file that breaks it.
  const synthetic: LayerRule[] = [
    { layer: 'core', paths: ['src/core'], mayImport: [], libraries: false },
    { layer: 'runtime', paths: ['src/runtime'], mayImport: ['core'], libraries: true },
    { layer: 'store', paths: ['src/store'], mayImport: ['core', 'runtime'], libraries: true },
    { layer: 'app', paths: ['src/app', 'src/main.tsx'], mayImport: ['core', 'runtime', 'store'], libraries: true },
  ];

  it('accepts imports downward, within a layer, of packages where allowed, and of styles', () => {
    const files = [
      { path: 'src/core/a.ts', imports: ['./b'] },
      { path: 'src/core/b.ts', imports: [] },
      { path: 'src/runtime/r.ts', imports: ['../core/a', 'idb'] },
      { path: 'src/store/s.ts', imports: ['../runtime/r', '../core/b'] },
      { path: 'src/main.tsx', imports: ['./store/s', './styles.css', './app/wire'] },
      { path: 'src/app/wire.ts', imports: ['../runtime/r'] },
    ];
    expect(checkLayers(files, synthetic)).toEqual([]);
  });

  it('fails naming the file and the import that goes upward, sideways, to a package, or out of every layer', () => {
    const files = [
      { path: 'src/core/a.ts', imports: ['../runtime/r'] },
      { path: 'src/core/b.ts', imports: ['d3'] },
      { path: 'src/runtime/r.ts', imports: ['../store/s'] },
      { path: 'src/store/s.ts', imports: ['../app/wire'] },
      { path: 'src/app/wire.ts', imports: [] },
      { path: 'src/elsewhere/x.ts', imports: [] },
    ];
    expect(checkLayers(files, synthetic).map((v) => [v.file, v.specifier])).toEqual([
      ['src/core/a.ts', '../runtime/r'],
      ['src/core/b.ts', 'd3'],
      ['src/runtime/r.ts', '../store/s'],
      ['src/store/s.ts', '../app/wire'],
      ['src/elsewhere/x.ts', ''],
    ]);
    expect(checkLayers(files, synthetic)[0]!.message).toBe(
      'src/core/a.ts (core) imports "../runtime/r" (runtime); core may import core',
    );
  });
});
