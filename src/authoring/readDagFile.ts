import type { DatasetDefinition, SourceRange } from '../core/dag';
import { QuickJSHost } from '../sandbox/quickjs';
import { NotWhileParsing, SandboxSession, type BridgeHandlers, type SandboxFailure } from '../sandbox/session';
import { SessionPool } from '../sandbox/sessionPool';
import { originalPosition } from '../sandbox/sourceMap';
import { compileTypeScript, offsetAt, positionAt, type CompiledFile } from './compile';
import type { DagFileResult, Diagnostic } from './dagFileResult';
import { calleePosition, showBytes, showMs, userPosition } from './failures';
import { ManifestError, parseManifest } from './manifest';
import { INTERNAL_GLOBAL, RESERVED_FILE_NAMES, SDK_MODULE_NAME, sdkSources } from './sdkSources';
import { translateManifest } from './translate';
import { groupDigits } from '../core/groupDigits';

/** A DAG file larger than this is refused before anything reads it. */
export const MAX_DAG_FILE_BYTES = 1_048_576;
/** Reading a file is interrupted after this long: a DAG file only declares, it should take milliseconds. */
export const DAG_FILE_TIME_LIMIT_MS = 1_000;
export const DAG_FILE_MEMORY_BYTES = 64 * 1_048_576;
/** QuickJS's stack limit: recursion fails as a RangeError long before the worker's own stack is at risk. */
export const SANDBOX_STACK_BYTES = 128 * 1_024;
export const DEFAULT_FILE_NAME = 'dags.ts';
const MAX_LOG_LINES = 100;

export interface ReadDagFileOptions {
  readonly fileName?: string;
  /** Assets the playground already has: `Asset.ref({ name })` and schedules may name them. */
  readonly knownAssets?: readonly DatasetDefinition[];
  readonly timeLimitMs?: number;
}

/** A pool of sandboxes for reading DAG files, with the authoring API preloaded. One per worker. */
export function createDagFilePool(memoryBytes = DAG_FILE_MEMORY_BYTES): SessionPool {
  return new SessionPool(
    new QuickJSHost(memoryBytes),
    (module) => new SandboxSession(module, { memoryBytes, stackBytes: SANDBOX_STACK_BYTES }, sdkSources(), INTERNAL_GLOBAL, parseHandlers([])),
  );
}

/**
 * Reads a DAG file as Airflow's DAG processor parses one: TypeScript → JavaScript (sucrase), evaluated in a fresh
 * sandbox with the authoring API, its declarations translated into DagDefinitions and checked with the scheduler's
 * own rules. Never throws for anything in the file: every problem is a diagnostic at its line and column.
 */
export async function readDagFile(pool: SessionPool, source: string, options: ReadDagFileOptions = {}): Promise<DagFileResult> {
  const fileName = options.fileName ?? DEFAULT_FILE_NAME;
  const timings = { compileMs: 0, evaluateMs: 0, translateMs: 0 };
  const logs: string[] = [];
  const result = (diagnostics: Diagnostic[], rest: Partial<DagFileResult> = {}): DagFileResult => ({
    fileName,
    ok: !diagnostics.some((d) => d.severity === 'error'),
    dags: [],
    assets: [],
    locations: [],
    ...rest,
    diagnostics,
    logs,
    timings,
  });
  const bytes = utf8Length(source);
  if (bytes > MAX_DAG_FILE_BYTES) {
    return result([error(1, 1, 'too_large', `The file is ${groupDigits(bytes)} bytes; a DAG file may have at most ${groupDigits(MAX_DAG_FILE_BYTES)} (1 MB).`)]);
  }
  if (RESERVED_FILE_NAMES.includes(fileName)) {
    return result([error(1, 1, 'invalid_option', `"${fileName}" is the authoring API's own name; give the file another one.`)]);
  }

  let started = performance.now();
  const compiledResult = compileTypeScript(source, fileName);
  timings.compileMs = performance.now() - started;
  if (!compiledResult.ok) {
    return result([error(compiledResult.line, compiledResult.column, 'syntax', `SyntaxError: ${compiledResult.message}`)]);
  }
  const compiled = compiledResult.compiled;

  started = performance.now();
  const session = await pool.take();
  let manifestText: string;
  try {
    session.handlers = parseHandlers(logs);
    session.setFileName(fileName);
    const timeLimit = options.timeLimitMs ?? DAG_FILE_TIME_LIMIT_MS;
    session.setDeadline(Date.now() + timeLimit);
    const evaluated = await session.evaluateModule(compiled.js, fileName);
    if (!evaluated.ok) return result([failureDiagnostic(evaluated.failure, compiled, source, timeLimit, pool.host.memoryBytes)]);
    const manifest = await session.callInternal('manifest', []);
    if (!manifest.ok) return result([failureDiagnostic(manifest.failure, compiled, source, timeLimit, pool.host.memoryBytes)]);
    manifestText = manifest.value;
  } finally {
    pool.release(session);
    timings.evaluateMs = performance.now() - started;
  }

  started = performance.now();
  try {
    const translation = translateManifest(parseManifest(manifestText), {
      source: { fileName, text: source },
      toSource: (at) => calleePosition(source, originalPosition(compiled.segments, at)),
      callableRange: (text, at) => callableRange(compiled, source, text, at),
      knownAssets: options.knownAssets ?? [],
    });
    return result(translation.diagnostics, { dags: translation.dags, assets: translation.assets, locations: translation.locations });
  } catch (caught) {
    if (!(caught instanceof ManifestError)) throw caught;
    return result([error(1, 1, 'exception', caught.message)]);
  } finally {
    timings.translateMs = performance.now() - started;
  }
}

/** While a file is read, console output is collected and every asynchronous bridge call is refused. */
function parseHandlers(logs: string[]): BridgeHandlers {
  const refuse = () => Promise.reject(new NotWhileParsing('This works only while a task runs, not while the DAG file is read.'));
  return {
    log(vm, [level, text]) {
      if (logs.length < MAX_LOG_LINES && text) logs.push(`${level ? vm.getString(level) : 'info'}: ${vm.getString(text)}`.slice(0, 2_000));
    },
    notify: () => undefined,
    xcom: () => {
      throw new NotWhileParsing('getContext().xcom() works only while a task runs.');
    },
    sleep: refuse,
    readAsset: refuse,
    writeAsset: refuse,
    readOutput: refuse,
    writeOutput: refuse,
  };
}

function failureDiagnostic(failure: SandboxFailure, compiled: CompiledFile, source: string, timeLimitMs: number, memoryBytes: number): Diagnostic {
  const at = userPosition(failure, compiled.fileName, compiled.segments, source);
  const line = at?.line ?? 1;
  const column = at?.column ?? 1;
  switch (failure.kind) {
    case 'timeout':
      return error(line, column, 'timeout', `Reading the file took longer than ${showMs(timeLimitMs)} (an endless loop?)${at ? `; it was stopped here` : ''}.`);
    case 'memory':
      return error(line, column, 'memory', `Reading the file used more than ${showBytes(memoryBytes)} of memory; it was stopped${at ? ' here' : ''}.`);
    case 'never_settles':
      return error(line, column, 'exception', 'The file awaits something that never finishes, so it can never be read to its end.');
    case 'crash':
    case 'exception': {
      const imported = /^Cannot import "([^"]*)"/.exec(failure.message) ?? /could not load module '([^']*)'/.exec(failure.message);
      if (imported) {
        const found = new RegExp(`(?:from|import)\\s*(['"])${escapeRegExp(imported[1]!)}\\1`).exec(source);
        const where = found ? positionAt(source, found.index + found[0].indexOf(found[1]!)) : { line, column };
        return error(where.line, where.column, 'import', `Cannot import "${imported[1]}": a DAG file can import only "${SDK_MODULE_NAME}".`);
      }
      return error(line, column, 'exception', `${failure.name}: ${failure.message}`);
    }
  }
}

/** Where a task's function is in the TypeScript: its text (as QuickJS prints it) found in the compiled code. */
function callableRange(compiled: CompiledFile, source: string, text: string, at: { line: number; column: number } | null): SourceRange | null {
  if (text === '' || text.includes('[native code]')) return null;
  const from = at ? offsetAt(compiled.js, at.line, at.column) : 0;
  let start = compiled.js.indexOf(text, from);
  if (start < 0) start = compiled.js.indexOf(text);
  if (start < 0) return null;
  const begin = originalPosition(compiled.segments, positionAt(compiled.js, start));
  const end = originalPosition(compiled.segments, positionAt(compiled.js, start + text.length));
  // A function ends with its body's `}` or an expression: never past the end of its TypeScript line.
  const endLineText = source.split('\n', end.line)[end.line - 1] ?? '';
  return { line: begin.line, column: begin.column, endLine: end.line, endColumn: Math.min(end.column, endLineText.length + 1) };
}

const error = (line: number, column: number, code: Diagnostic['code'], message: string): Diagnostic => ({ line, column, severity: 'error', code, message });

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}
