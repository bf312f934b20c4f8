import { newQuickJSWASMModuleFromVariant, newVariant, type QuickJSWASMModule } from 'quickjs-emscripten-core';
import releaseSync from '@jitl/quickjs-wasmfile-release-sync';
// Served by the site itself (and precached by the service worker like every file of the build): never fetched from
// anywhere else. Under Node (unit tests) the variant reads the same file from node_modules.
import wasmUrl from '@jitl/quickjs-wasmfile-release-sync/wasm?url';

/** Under Node the emscripten loader reads the binary from disk; a `?url` is a path only a web server understands. */
const inNode = typeof process !== 'undefined' && typeof process.versions?.node === 'string';

let compiled: Promise<WebAssembly.Module> | null = null;

/** The binary compiled once per worker; every later instance (after a crash) reuses it. */
function compiledBinary(): Promise<WebAssembly.Module> {
  compiled ??= fetch(wasmUrl).then(async (response) => {
    if (!response.ok) throw new Error(`Could not load the sandbox's WebAssembly (${response.status} for ${wasmUrl}).`);
    // compileStreaming needs the application/wasm type; a server that sends another still works, a little slower.
    if (response.headers.get('content-type')?.startsWith('application/wasm')) return WebAssembly.compileStreaming(response);
    return WebAssembly.compile(await response.arrayBuffer());
  });
  return compiled;
}

const PAGE = 65_536;
/** What the module declares as its smallest memory (16 MB). */
const INITIAL_PAGES = 256;

/**
 * A new instance of QuickJS's WebAssembly module, with its own memory that can never grow past `maxMemoryBytes`.
 * That cap is what bounds big allocations: QuickJS's own allocator limit (`setMemoryLimit`) catches small ones but
 * not the bytes of large strings, ArrayBuffers and typed arrays (measured: 2 GB of 1 MB buffers under a 16 MB
 * limit). At the cap, malloc fails and QuickJS throws its ordinary "out of memory" error.
 */
export function loadQuickJS(maxMemoryBytes: number): Promise<QuickJSWASMModule> {
  const wasmMemory = new WebAssembly.Memory({ initial: INITIAL_PAGES, maximum: Math.max(INITIAL_PAGES, Math.ceil(maxMemoryBytes / PAGE)) });
  if (inNode) return newQuickJSWASMModuleFromVariant(newVariant(releaseSync, { wasmMemory }));
  return newQuickJSWASMModuleFromVariant(newVariant(releaseSync, { wasmModule: compiledBinary, wasmMemory }));
}

/** Room for the runtime, the authoring API and the spare session beside one evaluation's own allowance. */
export const MODULE_OVERHEAD_BYTES = 32 * 1_048_576;

/**
 * The one QuickJS module instance of a worker. Runtimes are cheap and made fresh for every evaluation; the module
 * (~0.5 MB of WebAssembly and its memory) is kept, unless something went wrong inside it — a native stack overflow,
 * an abort, a disposal that failed, memory exhausted — after which it is thrown away whole (its memory with it) and
 * the next call gets a new instance.
 */
export class QuickJSHost {
  #module: Promise<QuickJSWASMModule> | null = null;
  #generation = 0;

  /** `memoryBytes`: what one evaluation may use; the module's memory is capped a little above it. */
  constructor(
    readonly memoryBytes: number,
    private readonly load: () => Promise<QuickJSWASMModule> = () => loadQuickJS(memoryBytes + MODULE_OVERHEAD_BYTES),
  ) {}

  module(): Promise<QuickJSWASMModule> {
    if (!this.#module) {
      const loading = this.load();
      this.#module = loading;
      // A failed load is not cached: the next call tries again.
      loading.catch(() => {
        if (this.#module === loading) this.#module = null;
      });
    }
    return this.#module;
  }

  /** How many instances were thrown away so far (the log says so; tests check it). */
  get generation(): number {
    return this.#generation;
  }

  discard(): void {
    this.#module = null;
    this.#generation++;
  }
}
