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

/** A new instance of QuickJS's WebAssembly module: its own memory, nothing shared with an earlier one. */
export function loadQuickJS(): Promise<QuickJSWASMModule> {
  if (inNode) return newQuickJSWASMModuleFromVariant(releaseSync);
  return newQuickJSWASMModuleFromVariant(newVariant(releaseSync, { wasmModule: compiledBinary }));
}

/**
 * The one QuickJS module instance of a worker. Runtimes are cheap and made fresh for every evaluation; the module
 * (~0.5 MB of WebAssembly and its memory) is kept, unless something went wrong inside it — a native stack overflow,
 * an abort, a disposal that failed — after which it is thrown away whole and the next call gets a new instance.
 */
export class QuickJSHost {
  #module: Promise<QuickJSWASMModule> | null = null;
  #generation = 0;

  constructor(private readonly load: () => Promise<QuickJSWASMModule> = loadQuickJS) {}

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
