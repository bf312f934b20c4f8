import type { QuickJSContext, QuickJSHandle, QuickJSWASMModule } from 'quickjs-emscripten-core';
import { makeTable, type Column, type ColumnTable } from '../core/columns';
import type { NotificationLevel } from '../core/dag';
import { datasetId } from '../core/ids';
import type { JsonValue } from '../core/json';
import type { TaskContext, TaskFunction } from '../taskApi/taskContext';
import { QuickJSHost } from '../sandbox/quickjs';
import { SandboxSession, type BridgeHandlers, type SandboxFailure, type ValueMaker } from '../sandbox/session';
import { SessionPool } from '../sandbox/sessionPool';
import type { AuthoredCode } from './authoredCode';
import { compileCached, type CompiledFile } from './compile';
import { parseDuration } from './durations';
import { showBytes, showMs, userPosition, userStack } from './failures';
import { SANDBOX_STACK_BYTES } from './readDagFile';
import { INTERNAL_GLOBAL, sdkSources } from './sdkSources';

/** Memory of one try's sandbox. */
export const TASK_MEMORY_BYTES = 256 * 1_048_576;
/** A try of a task with no executionTimeout is stopped after this long all the same: sandboxed code never hangs a worker. */
export const DEFAULT_TASK_TIME_LIMIT_MS = 60_000;
/** A sleep longer than this is refused (the try's time limit stops it anyway). */
const MAX_SLEEP_MS = 3_600_000;

export interface AuthoredTaskOptions {
  readonly pool?: SessionPool;
  readonly defaultTimeLimitMs?: number;
}

let sharedPool: SessionPool | null = null;

/** The task worker's pool of sandboxes (one QuickJS module, one spare runtime ready). */
export function taskSandboxPool(): SessionPool {
  sharedPool ??= createTaskSandboxPool();
  return sharedPool;
}

const newTaskSession = (module: QuickJSWASMModule, memoryBytes: number) =>
  new SandboxSession(module, { memoryBytes, stackBytes: SANDBOX_STACK_BYTES }, sdkSources(), INTERNAL_GLOBAL, idleHandlers);

/** The pool's sessions start with handlers that refuse everything: a try installs its own before any user code runs. */
const refuse = () => Promise.reject(new Error('No task is running.'));
const idleHandlers: BridgeHandlers = {
  log: () => undefined,
  notify: () => undefined,
  xcom: () => undefined,
  sleep: refuse,
  readAsset: refuse,
  writeAsset: refuse,
  readOutput: refuse,
  writeOutput: refuse,
};

/** A pool with its own module instance and memory allowance per try (the worker's is `taskSandboxPool()`). */
export function createTaskSandboxPool(memoryBytes = TASK_MEMORY_BYTES): SessionPool {
  return new SessionPool(new QuickJSHost(memoryBytes), (module) => newTaskSession(module, memoryBytes));
}

/** An error of the user's code, shown as thrown, at the line and column of the TypeScript they wrote. */
class AuthoredTaskError extends Error {
  constructor(name: string, message: string, stack: string) {
    super(message);
    this.name = name;
    this.stack = stack === '' ? `${name}: ${message}` : `${name}: ${message}\n${stack}`;
  }
}

/**
 * A try of a task written in the page, as Airflow's task runner runs one: the DAG file is read again in a fresh
 * sandbox, then the task's function is called with its inputs and a context that reaches only what the task may
 * reach (its params, its upstream values, assets as columns, its declared outlets, the log, a sleep). The sandbox is
 * thrown away after the try, whatever happened; a crash of QuickJS itself throws its module away too.
 */
export function authoredTask(code: AuthoredCode, options: AuthoredTaskOptions = {}): TaskFunction {
  return async (context) => {
    const { fileName, text } = code.source;
    const compiled = compileCached(text, fileName);
    if (!compiled.ok) throw new AuthoredTaskError('SyntaxError', `${compiled.message} (${fileName}:${compiled.line}:${compiled.column})`, '');
    const pool = options.pool ?? taskSandboxPool();
    const session = await pool.take();
    const limitMs = timeLimitMs(code.executionTimeoutMs, options.defaultTimeLimitMs ?? DEFAULT_TASK_TIME_LIMIT_MS);
    const memoryBytes = pool.host.memoryBytes;
    try {
      session.handlers = taskHandlers(context, code);
      session.setFileName(fileName);
      session.setDeadline(Date.now() + limitMs);
      const read = await session.evaluateModule(compiled.compiled.js, fileName);
      if (!read.ok) throw toError(read.failure, compiled.compiled, text, context, limitMs, memoryBytes, 'while its DAG file was read for this try');
      const payload = JSON.stringify({
        runId: context.runId,
        tryNumber: context.tryNumber,
        params: context.params,
        triggeringEvents: context.triggeringEvents,
      });
      const ran = await session.callInternal('runTask', [context.dagId, context.taskId, payload]);
      if (!ran.ok) throw toError(ran.failure, compiled.compiled, text, context, limitMs, memoryBytes, '');
      return ran.value === '' ? undefined : (JSON.parse(ran.value) as JsonValue);
    } finally {
      pool.release(session);
    }
  };
}

/**
 * The sandbox stops a try a little before the scheduler's own timer would (which terminates the whole worker), so the
 * person sees where the code was when time ran out and the worker stays.
 */
function timeLimitMs(executionTimeoutMs: number | undefined, fallback: number): number {
  if (executionTimeoutMs === undefined) return fallback;
  return Math.max(1, executionTimeoutMs - Math.min(250, executionTimeoutMs * 0.1));
}

function toError(failure: SandboxFailure, compiled: CompiledFile, source: string, context: TaskContext, limitMs: number, memoryBytes: number, when: string): Error {
  const at = userPosition(failure, compiled.fileName, compiled.segments, source);
  const where = at ? ` (${compiled.fileName}:${at.line}:${at.column})` : '';
  const stack = userStack(failure.frames, compiled.fileName, compiled.segments, source);
  const suffix = when ? ` ${when}` : '';
  switch (failure.kind) {
    case 'timeout':
      return new AuthoredTaskError(
        'AirflowTaskTimeout',
        `Try ${context.tryNumber} of "${context.taskId}" ran longer than its time limit of ${showMs(limitMs)}${suffix} and was stopped${at ? ` at line ${at.line}, column ${at.column}` : ''}.`,
        stack,
      );
    case 'memory':
      return new AuthoredTaskError('MemoryLimitExceeded', `"${context.taskId}" used more than ${showBytes(memoryBytes)} of memory${suffix} and was stopped${where}.`, stack);
    case 'never_settles':
      return new AuthoredTaskError('TaskNeverFinishes', `"${context.taskId}" awaits something that will never happen${suffix}, so it could never finish${where}.`, stack);
    case 'crash':
    case 'exception':
      return new AuthoredTaskError(failure.name, `${failure.message}${suffix}${where}`, stack);
  }
}

const LOG_LEVELS = { debug: 'debug', info: 'info', warning: 'warning', error: 'error' } as const;
const NOTIFY_LEVELS: readonly NotificationLevel[] = ['info', 'success', 'warning', 'error'];

/** The bridge for one try: every call checked as untrusted, every asset write checked against the task's outlets. */
function taskHandlers(context: TaskContext, code: AuthoredCode): BridgeHandlers {
  const text = (vm: QuickJSContext, handle: QuickJSHandle | undefined, what: string): string => {
    if (!handle || vm.typeof(handle) !== 'string') throw new TypeError(`${what} must be text.`);
    return vm.getString(handle);
  };
  const declared = code.outlets.map(String);
  return {
    log(vm, [level, message]) {
      const name = level && vm.typeof(level) === 'string' ? vm.getString(level) : 'info';
      const method = LOG_LEVELS[name as keyof typeof LOG_LEVELS] ?? 'info';
      context.log[method](message && vm.typeof(message) === 'string' ? vm.getString(message).slice(0, 100_000) : '');
    },
    notify(vm, [level, message]) {
      const name = text(vm, level, 'The level of notify()');
      if (!NOTIFY_LEVELS.includes(name as NotificationLevel)) throw new TypeError(`notify(level, …): level must be one of ${NOTIFY_LEVELS.join(', ')}.`);
      context.notify(name as NotificationLevel, text(vm, message, 'The message of notify()').slice(0, 2_000));
    },
    xcom(vm, [id]) {
      const upstream = text(vm, id, 'A task id');
      let value: JsonValue;
      try {
        value = context.upstreamResult(upstream);
      } catch {
        return undefined;
      }
      return vm.newString(JSON.stringify(value));
    },
    async sleep(vm, [duration]) {
      const parsed = parseDuration(duration ? vm.dump(duration) : undefined);
      if (!parsed.ok) throw new TypeError(`sleep(…): ${parsed.message}.`);
      if (parsed.ms > MAX_SLEEP_MS) throw new RangeError(`sleep(…) waits at most 1 h, not ${showMs(parsed.ms)}.`);
      await new Promise((resolve) => setTimeout(resolve, parsed.ms));
      return () => undefined;
    },
    async readAsset(vm, [name]) {
      const id = datasetId(text(vm, name, 'An asset name'));
      return tableMaker(await context.readDatasetVersion(await context.inputVersion(id)));
    },
    async writeAsset(vm, [name, parts, extra]) {
      const asset = text(vm, name, 'An asset name');
      if (!declared.includes(asset)) {
        throw new Error(
          `Task "${context.taskId}" may write only the assets it declares as outlets (${declared.length ? declared.join(', ') : 'none'}), not "${asset}". Add it to the task's outlets: { outlets: [${asset}] }.`,
        );
      }
      const table = readTable(vm, parts, `writeAsset(${asset})`);
      const extraJson = JSON.parse(text(vm, extra, 'The extra of writeAsset')) as Record<string, JsonValue>;
      await context.writeDataset(datasetId(asset), table, extraJson);
      return () => undefined;
    },
    async readOutput(vm, [id]) {
      return tableMaker(await context.readUpstreamOutput(text(vm, id, 'A task id')));
    },
    async writeOutput(vm, [parts]) {
      await context.writeOutput(readTable(vm, parts, 'writeOutput'));
      return () => undefined;
    },
  };
}

/** Columns into the sandbox: one copy of each column's bytes into QuickJS's memory. */
function tableMaker(table: ColumnTable): ValueMaker {
  return (vm) => {
    const parts = vm.newArray();
    const put = (index: number, handle: QuickJSHandle) => {
      vm.setProp(parts, index, handle);
      handle.dispose();
    };
    put(0, vm.newString(JSON.stringify(table.names)));
    put(1, vm.newNumber(table.rowCount));
    put(2, vm.newString(JSON.stringify(table.names.map((n) => (table.columns[n] instanceof Float32Array ? 'float32' : 'float64')))));
    table.names.forEach((name, i) => {
      const column = table.columns[name]!;
      put(3 + i, vm.newArrayBuffer(column.buffer.slice(column.byteOffset, column.byteOffset + column.byteLength)));
    });
    return parts;
  };
}

/** Columns out of the sandbox: [namesJson, dtypesJson, ...ArrayBuffers], copied out of QuickJS's memory and checked. */
function readTable(vm: QuickJSContext, parts: QuickJSHandle | undefined, what: string): ColumnTable {
  if (!parts) throw new TypeError(`${what}: no table.`);
  const item = (i: number) => vm.getProp(parts, i);
  const json = (i: number): unknown => {
    const handle = item(i);
    try {
      return vm.typeof(handle) === 'string' ? JSON.parse(vm.getString(handle)) : undefined;
    } finally {
      handle.dispose();
    }
  };
  const names = json(0);
  const dtypes = json(1);
  if (!Array.isArray(names) || !Array.isArray(dtypes) || names.length !== dtypes.length || names.some((n) => typeof n !== 'string')) {
    throw new TypeError(`${what}: a table needs named columns.`);
  }
  const columns: Record<string, Column> = {};
  names.forEach((name: string, i) => {
    const handle = item(2 + i);
    try {
      const bytes = vm.getArrayBuffer(handle);
      try {
        const copy = bytes.value.slice().buffer;
        const size = dtypes[i] === 'float32' ? 4 : 8;
        if (copy.byteLength % size !== 0) throw new TypeError(`${what}: column "${name}" is not a whole number of values.`);
        columns[name] = size === 4 ? new Float32Array(copy) : new Float64Array(copy);
      } finally {
        bytes.dispose();
      }
    } finally {
      handle.dispose();
    }
  });
  return makeTable(columns, names as string[]);
}
