import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { LESSONS } from '../../../src/authoring/lessons';
import { createDagFilePool, readDagFile } from '../../../src/authoring/readDagFile';
import { SDK_DECLARATIONS, SDK_GLOBAL_DECLARATIONS, SDK_REFERENCE } from '../../../src/authoring/sdkReference';
import { extractSdkReference, valueExports } from './sdkReferenceExtract';

const REFERENCE_FILE = 'src/authoring/sdkReference.ts';
const libDir = dirname(createRequire(import.meta.url).resolve('typescript/lib/lib.d.ts'));

/**
 * Type-checks files against the declaration file alone, with TypeScript's API and an in-memory compiler host: what
 * a person's editor would say about them, whatever the project's own tsconfig says.
 */
function typeCheck(files: Record<string, string>): string[] {
  const all: Record<string, string> = { '/sdk.d.ts': SDK_DECLARATIONS, '/globals.d.ts': SDK_GLOBAL_DECLARATIONS, ...files };
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    noUnusedLocals: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ['lib.es2023.d.ts'],
    types: [],
  };
  const host = ts.createCompilerHost(options);
  host.getSourceFile = (name, version) => {
    const text = all[name] ?? (name.startsWith(libDir) || name.includes('/lib.') ? readFileSync(join(libDir, name.split('/').pop()!), 'utf8') : undefined);
    return text === undefined ? undefined : ts.createSourceFile(name, text, version);
  };
  host.fileExists = (name) => name in all || name.includes('/lib.');
  host.readFile = (name) => all[name];
  host.getDefaultLibLocation = () => libDir;
  host.getDefaultLibFileName = () => join(libDir, 'lib.es2023.d.ts');
  const program = ts.createProgram(Object.keys(all), options, host);
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : null;
    return `${d.file?.fileName ?? ''}${where ? `:${where.line + 1}:${where.character + 1}` : ''} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  });
}

describe('the declaration file', () => {
  it('every lesson type-checks against it (strict, no unused names)', () => {
    const files = Object.fromEntries(LESSONS.map((lesson) => [`/lessons/${lesson.fileName}`, lesson.text]));
    expect(typeCheck(files)).toEqual([]);
  }, 60_000);

  it('a file with no import type-checks with the globals, and a wrong option or a wrong input is a type error', () => {
    const fine = `const a = new Asset({ name: 'a' });\nconst d = new Dag('d', { schedule: and(a, Asset.ref({ name: 'b' })) });\nconst t = d.task('t', async () => getContext().tryNumber, { outlets: [a], retryDelay: '2s' });\nt();\n`;
    expect(typeCheck({ '/fine.ts': fine })).toEqual([]);
    const wrong = `import { Dag } from 'apache-airflow-ts-sdk';\nconst d = new Dag('d');\nd.task('t', async () => 1, { triggerRule: 'sometimes' });\nconst u = d.task('u', async ({ n }: { n: number }) => n);\nu({ n: 'three' });\n`;
    const errors = typeCheck({ '/wrong.ts': wrong });
    expect(errors.some((e) => e.startsWith('/wrong.ts:3:') && e.includes('sometimes'))).toBe(true);
    expect(errors.some((e) => e.startsWith('/wrong.ts:5:'))).toBe(true);
  }, 60_000);

  it('documents every member, and the completion list is generated from it', () => {
    const extracted = extractSdkReference(SDK_DECLARATIONS);
    if (process.env['UPDATE_SDK_REFERENCE'] === '1') {
      const text = readFileSync(REFERENCE_FILE, 'utf8').replace(
        /\/\/ BEGIN GENERATED\n[\s\S]*?\/\/ END GENERATED/,
        `// BEGIN GENERATED\nexport const SDK_REFERENCE: readonly SdkEntry[] = [\n${extracted.map((e) => `  ${JSON.stringify(e)},`).join('\n')}\n];\n// END GENERATED`,
      );
      writeFileSync(REFERENCE_FILE, text);
    }
    const undocumented = extracted.filter((e) => e.doc === '').map((e) => e.name);
    expect(undocumented).toEqual([]);
    expect(SDK_REFERENCE).toEqual(extracted);
    expect(extracted.map((e) => e.name)).toEqual(expect.arrayContaining(['Dag.task', 'Dag.if', 'TaskContext.readAsset', 'operators.housing.extract', 'TaskOptions.retryDelay']));
  });

  it('the README example reads without a problem and type-checks', async () => {
    const readme = readFileSync('README.md', 'utf8');
    const example = /## Writing a DAG in the page[\s\S]*?```ts\n([\s\S]*?)```/.exec(readme)![1]!;
    const result = await readDagFile(createDagFilePool(), example, { fileName: 'sales.ts' });
    expect(result.diagnostics).toEqual([]);
    expect(result.dags.map((d) => `${d.id}: ${d.tasks.map((t) => `${t.id}<-[${t.upstream.join(',')}]`).join(' ')}`)).toEqual([
      'sales: extract<-[] transform<-[extract] notify<-[transform]',
      'report: build<-[]',
    ]);
    expect(typeCheck({ '/sales.ts': example })).toEqual([]);
  }, 60_000);

  it('declares exactly the values the sandbox exports', async () => {
    const result = await readDagFile(createDagFilePool(), `import * as api from 'apache-airflow-ts-sdk';\nconsole.log(JSON.stringify(Object.keys(api).sort()));\n`);
    expect(result.logs).toEqual([`info: ${JSON.stringify(valueExports(SDK_REFERENCE).sort())}`]);
  });
});
