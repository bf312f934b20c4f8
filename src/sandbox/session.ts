import type { QuickJSContext, QuickJSDeferredPromise, QuickJSHandle, QuickJSRuntime, QuickJSWASMModule } from 'quickjs-emscripten-core';
import { parseStack, type StackFrame } from './stackFrames';

/** A module or script loaded into every sandbox before the user's code (the authoring API). */
export interface PreloadedSource {
  readonly name: string;
  readonly js: string;
}

export interface SandboxLimits {
  /** QuickJS's own allocator limit for the whole runtime. */
  readonly memoryBytes: number;
  /** QuickJS's stack limit, well under the worker's native stack, so deep recursion is a catchable error. */
  readonly stackBytes: number;
}

/** Why sandboxed code did not produce a value. */
export type FailureKind = 'exception' | 'timeout' | 'memory' | 'never_settles' | 'crash';

export interface SandboxFailure {
  readonly kind: FailureKind;
  readonly name: string;
  readonly message: string;
  /** Where it happened, innermost first, in the coordinates of the code as evaluated. */
  readonly frames: readonly StackFrame[];
}

export type SandboxOutcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly failure: SandboxFailure };

/** A host function's synchronous half has read its arguments; this makes the value to resolve with, later. */
export type ValueMaker = (vm: QuickJSContext) => QuickJSHandle | undefined;

/**
 * The host side of the bridge (../authoring/vm/wireTypes.ts `HostBridge`). Each function gets the call's argument
 * handles, must read them before it returns (they are freed then), and treats them as untrusted input.
 */
export interface BridgeHandlers {
  log(vm: QuickJSContext, args: readonly QuickJSHandle[]): void;
  notify(vm: QuickJSContext, args: readonly QuickJSHandle[]): void;
  /** An upstream task's return value as JSON text, or undefined when it returned none. */
  xcom(vm: QuickJSContext, args: readonly QuickJSHandle[]): QuickJSHandle | undefined;
  sleep(vm: QuickJSContext, args: readonly QuickJSHandle[]): Promise<ValueMaker>;
  readAsset(vm: QuickJSContext, args: readonly QuickJSHandle[]): Promise<ValueMaker>;
  writeAsset(vm: QuickJSContext, args: readonly QuickJSHandle[]): Promise<ValueMaker>;
  readOutput(vm: QuickJSContext, args: readonly QuickJSHandle[]): Promise<ValueMaker>;
  writeOutput(vm: QuickJSContext, args: readonly QuickJSHandle[]): Promise<ValueMaker>;
}

const ASYNC_BRIDGE = ['sleep', 'readAsset', 'writeAsset', 'readOutput', 'writeOutput'] as const;
const SYNC_BRIDGE = ['log', 'notify', 'xcom'] as const;

/** What a host function refuses with when no task runs (while a DAG file is read). */
export class NotWhileParsing extends Error {
  override name = 'Error';
}

/**
 * One fresh QuickJS runtime and context with the authoring API loaded: used for exactly one evaluation (a DAG file
 * read, or one task try) and then disposed, as Airflow parses each file and runs each try in a fresh process. Nothing
 * of the host is reachable from inside but the bridge functions; time is bounded by a deadline (an interrupt for busy
 * code, a timer while it awaits the host) and memory by QuickJS's allocator limit.
 */
export class SandboxSession {
  readonly #runtime: QuickJSRuntime;
  readonly #vm: QuickJSContext;
  readonly #bridge: QuickJSHandle;
  readonly #internal = new Map<string, QuickJSHandle>();
  readonly #pending = new Set<QuickJSDeferredPromise>();
  #wake: (() => void) | null = null;
  #deadline = Number.POSITIVE_INFINITY;
  #interrupted = false;
  #exhausted = false;
  #crashed = false;
  #disposed = false;
  handlers: BridgeHandlers;

  /** Loads the preloaded sources in order, then takes `internalGlobal`'s functions away from the user's reach. */
  constructor(module: QuickJSWASMModule, limits: SandboxLimits, preload: readonly PreloadedSource[], internalGlobal: string, handlers: BridgeHandlers) {
    this.handlers = handlers;
    this.#runtime = module.newRuntime();
    this.#runtime.setMaxStackSize(limits.stackBytes);
    this.setMemoryLimit(limits.memoryBytes);
    this.#runtime.setInterruptHandler(() => {
      if (Date.now() <= this.#deadline) return false;
      this.#interrupted = true;
      return true;
    });
    // Only the API is importable; the scripts after it run once, here.
    const api = preload[0]!;
    this.#runtime.setModuleLoader((name) =>
      name === api.name ? api.js : { error: new Error(`Cannot import "${name}": a DAG file can import only "${api.name}".`) },
    );
    this.#vm = this.#runtime.newContext();
    this.#bridge = this.#makeBridge();
    this.#vm.setProp(this.#vm.global, '__airflowHost', this.#bridge);
    for (const [index, source] of preload.entries()) {
      const loaded =
        index === 0
          ? this.#vm.evalCode(exposeAsGlobals(source.name), `${source.name}:globals`, { type: 'module' })
          : this.#vm.evalCode(source.js, source.name, { type: 'module' });
      if (loaded.error) {
        const failure = this.#failureOf(loaded.error, 'exception');
        loaded.error.dispose();
        this.dispose();
        throw new Error(`The authoring API failed to load in the sandbox: ${failure.name}: ${failure.message}`);
      }
      loaded.value.dispose();
    }
    const internal = this.#vm.getProp(this.#vm.global, internalGlobal);
    const removed = this.#vm.evalCode(`delete globalThis.${internalGlobal}`);
    (removed.error ?? removed.value).dispose();
    for (const name of ['manifest', 'runTask']) this.#internal.set(name, this.#vm.getProp(internal, name));
    internal.dispose();
  }

  /** Whether the WebAssembly module itself failed (then it must be thrown away, not just this runtime). */
  get crashed(): boolean {
    return this.#crashed;
  }

  /** The name frames of the user's code carry; set before the user's code runs. */
  setFileName(fileName: string): void {
    this.#guard(() => {
      const name = this.#vm.newString(fileName);
      this.#vm.setProp(this.#bridge, 'fileName', name);
      name.dispose();
    });
  }

  /** QuickJS's allocator limit (small allocations; big ones are bounded by the module's memory, see ./quickjs.ts). */
  setMemoryLimit(bytes: number): void {
    this.#guard(() => this.#runtime.setMemoryLimit(bytes));
  }

  /** Whether code ran out of memory here: the pool then replaces the module too, to start again from a clean heap. */
  get exhausted(): boolean {
    return this.#exhausted;
  }

  /** From now on, running code is interrupted (and awaiting code abandoned) at this time (`Date.now()` based). */
  setDeadline(at: number): void {
    this.#deadline = at;
  }

  /** Evaluates the user's file as an ES module and waits for it (a top-level await) to finish. */
  async evaluateModule(js: string, fileName: string): Promise<SandboxOutcome<void>> {
    const started = this.#guard(() => this.#vm.evalCode(js, fileName, { type: 'module' }));
    if (!started.ok) return started;
    if (started.value.error) return this.#fail(started.value.error, 'exception');
    const settled = await this.#settle(started.value.value);
    if (settled.ok) this.#guard(() => settled.value.dispose());
    return settled.ok ? { ok: true, value: undefined } : settled;
  }

  /** Calls one of the authoring API's internal functions with string arguments; it returns (or settles with) a string. */
  async callInternal(name: 'manifest' | 'runTask', args: readonly string[]): Promise<SandboxOutcome<string>> {
    const fn = this.#internal.get(name)!;
    const called = this.#guard(() => {
      const handles = args.map((arg) => this.#vm.newString(arg));
      try {
        return this.#vm.callFunction(fn, this.#vm.undefined, ...handles);
      } finally {
        for (const handle of handles) handle.dispose();
      }
    });
    if (!called.ok) return called;
    if (called.value.error) return this.#fail(called.value.error, 'exception');
    const settled = await this.#settle(called.value.value);
    if (!settled.ok) return settled;
    return this.#guard(() => {
      const text = this.#vm.typeof(settled.value) === 'string' ? this.#vm.getString(settled.value) : '';
      settled.value.dispose();
      return text;
    });
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#wake?.();
    // After an out-of-memory error QuickJS may still hold objects it could not free, and freeing the runtime would
    // then abort on an assertion: the pool throws that module away whole instead (see SessionPool.release).
    if (this.#crashed || this.#exhausted) return;
    try {
      for (const deferred of this.#pending) deferred.dispose();
      this.#pending.clear();
      for (const handle of this.#internal.values()) handle.dispose();
      this.#bridge.dispose();
      this.#vm.dispose();
      this.#runtime.dispose();
    } catch {
      this.#crashed = true;
    }
  }

  /** Runs promise jobs and waits for host operations until the promise settles, the deadline passes, or it never can. */
  async #settle(promise: QuickJSHandle): Promise<SandboxOutcome<QuickJSHandle>> {
    // A value that is not a promise comes back as itself: then it is the caller's to dispose, not this method's.
    let handedBack: QuickJSHandle | null = null;
    try {
      for (;;) {
        const jobs = this.#guard(() => this.#runtime.executePendingJobs());
        if (!jobs.ok) return jobs;
        if (jobs.value.error) {
          const failure = this.#fail(jobs.value.error, 'exception');
          return failure;
        }
        const state = this.#guard(() => this.#vm.getPromiseState(promise));
        if (!state.ok) return state;
        if (state.value.type === 'fulfilled') {
          handedBack = state.value.value;
          return { ok: true, value: handedBack };
        }
        if (state.value.type === 'rejected') return this.#fail(state.value.error, 'exception');
        if (this.#pending.size === 0) {
          return failed('never_settles', 'Error', 'It awaits a promise that nothing will ever settle, so it would never finish.');
        }
        const remaining = this.#deadline - Date.now();
        if (remaining <= 0) return failed('timeout', 'Timeout', 'It was still waiting (for sleep or for data) when its time ran out.');
        const woke = await new Promise<boolean>((resolve) => {
          const timer = Number.isFinite(remaining) ? setTimeout(() => resolve(false), remaining + 1) : undefined;
          this.#wake = () => {
            clearTimeout(timer);
            resolve(true);
          };
        });
        this.#wake = null;
        if (this.#disposed) return failed('crash', 'Error', 'The sandbox was closed.');
        if (!woke) return failed('timeout', 'Timeout', 'It was still waiting (for sleep or for data) when its time ran out.');
      }
    } finally {
      if (!this.#crashed && promise.alive && handedBack !== promise) promise.dispose();
    }
  }

  #makeBridge(): QuickJSHandle {
    const vm = this.#vm;
    const bridge = vm.newObject();
    for (const name of SYNC_BRIDGE) {
      const fn = vm.newFunction(name, (...args) => {
        try {
          return this.handlers[name](vm, args) ?? undefined;
        } catch (error) {
          return { error: vm.newError(errorFields(error)) };
        }
      });
      vm.setProp(bridge, name, fn);
      fn.dispose();
    }
    for (const name of ASYNC_BRIDGE) {
      const fn = vm.newFunction(name, (...args) => {
        let operation: Promise<ValueMaker>;
        try {
          operation = this.handlers[name](vm, args);
        } catch (error) {
          operation = Promise.reject(error);
        }
        const deferred = vm.newPromise();
        this.#pending.add(deferred);
        operation
          .then(
            (make) => {
              if (this.#disposed || this.#crashed) return;
              this.#guard(() => {
                const value = make(vm);
                deferred.resolve(value);
                value?.dispose();
              });
            },
            (error: unknown) => {
              if (this.#disposed || this.#crashed) return;
              this.#guard(() => {
                const handle = vm.newError(errorFields(error));
                deferred.reject(handle);
                handle.dispose();
              });
            },
          )
          .finally(() => {
            this.#pending.delete(deferred);
            this.#wake?.();
          });
        return deferred.handle;
      });
      vm.setProp(bridge, name, fn);
      fn.dispose();
    }
    return bridge;
  }

  #fail(errorHandle: QuickJSHandle, kind: FailureKind): SandboxOutcome<never> {
    const failure = this.#failureOf(errorHandle, kind);
    if (!this.#crashed && errorHandle.alive) errorHandle.dispose();
    return { ok: false, failure };
  }

  #failureOf(errorHandle: QuickJSHandle, kind: FailureKind): SandboxFailure {
    const dumped = this.#guard(() => this.#vm.dump(errorHandle) as unknown);
    const value = dumped.ok ? dumped.value : undefined;
    const record = value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : null;
    const name = typeof record?.['name'] === 'string' ? record['name'] : 'Error';
    const message = typeof record?.['message'] === 'string' ? record['message'] : record ? JSON.stringify(record) : String(value);
    const frames = typeof record?.['stack'] === 'string' ? parseStack(record['stack']) : [];
    // Out of memory while making the error itself, QuickJS throws null: tell that apart from a `throw null`.
    if (value === null && this.#nearMemoryLimit()) {
      this.#exhausted = true;
      return { kind: 'memory', name: 'MemoryLimit', message: 'out of memory', frames };
    }
    if (this.#interrupted && name === 'InternalError' && message === 'interrupted') return { kind: 'timeout', name: 'Timeout', message, frames };
    if (name === 'InternalError' && message === 'out of memory') {
      this.#exhausted = true;
      return { kind: 'memory', name: 'MemoryLimit', message, frames };
    }
    if (name === 'InternalError' && message === 'stack overflow') return { kind: 'exception', name: 'RangeError', message: 'Maximum call stack size exceeded (too much recursion).', frames };
    return { kind, name, message, frames };
  }

  #nearMemoryLimit(): boolean {
    const usage = this.#guard(() => {
      const handle = this.#runtime.computeMemoryUsage();
      try {
        return this.#vm.dump(handle) as { malloc_size?: number; malloc_limit?: number };
      } finally {
        handle.dispose();
      }
    });
    if (!usage.ok) return true;
    const { malloc_size: size, malloc_limit: limit } = usage.value;
    return typeof size === 'number' && typeof limit === 'number' && limit > 0 && size >= 0.9 * limit;
  }

  /** Runs a call into QuickJS; an exception from the WebAssembly itself marks the whole module as broken. */
  #guard<T>(call: () => T): SandboxOutcome<T> {
    if (this.#crashed) return failed('crash', 'SandboxCrashed', 'The sandbox had already failed.');
    try {
      return { ok: true, value: call() };
    } catch (error) {
      this.#crashed = true;
      const overflow = error instanceof RangeError;
      return failed(
        'crash',
        overflow ? 'RangeError' : 'SandboxCrashed',
        overflow
          ? 'Maximum call stack size exceeded: the code nested too deeply (recursion, or a deeply nested value).'
          : `The sandbox failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
}

const failed = (kind: FailureKind, name: string, message: string): SandboxOutcome<never> => ({ ok: false, failure: { kind, name, message, frames: [] } });

const errorFields = (error: unknown) => ({
  name: error instanceof Error ? error.name : 'Error',
  message: error instanceof Error ? error.message : String(error),
});

/** The first preloaded module is the API: imported once and also put on the global object, for files with no import. */
const exposeAsGlobals = (moduleName: string) =>
  `import * as api from ${JSON.stringify(moduleName)};\nfor (const name of Object.keys(api)) globalThis[name] = api[name];\n`;
