import type { QuickJSWASMModule } from 'quickjs-emscripten-core';
import type { QuickJSHost } from './quickjs';
import type { SandboxSession } from './session';

/**
 * Keeps one fresh session ready: a runtime with the authoring API already loaded costs a few milliseconds to make,
 * so the next one is made after a use, off the critical path. Every session is still used once and disposed.
 */
export class SessionPool {
  #spare: SandboxSession | null = null;
  #refill: ReturnType<typeof setTimeout> | null = null;

  constructor(
    readonly host: QuickJSHost,
    private readonly make: (module: QuickJSWASMModule) => SandboxSession,
  ) {}

  async take(): Promise<SandboxSession> {
    const spare = this.#spare;
    this.#spare = null;
    return spare ?? this.make(await this.host.module());
  }

  /**
   * Disposes a used session. A crash inside it throws the whole WebAssembly module away, and so does running out of
   * memory (a new instance gives the grown memory back, which WebAssembly never shrinks). Then refills the spare.
   */
  release(session: SandboxSession): void {
    session.dispose();
    if (session.crashed || session.exhausted) this.host.discard();
    this.#scheduleRefill();
  }

  /** Loads the module and makes the spare now (a worker calls it when it starts, so the first use is warm). */
  async warm(): Promise<void> {
    if (!this.#spare) this.#spare = this.make(await this.host.module());
  }

  #scheduleRefill(): void {
    if (this.#refill !== null) return;
    this.#refill = setTimeout(() => {
      this.#refill = null;
      this.warm().catch(() => undefined);
    }, 0);
  }
}
