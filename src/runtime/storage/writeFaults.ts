import type { StoreNames } from 'idb';
import type { PlaygroundDb } from './schema';
import type { Database } from './database';

/** Decides, per write, whether it fails: return the error to fail with (e.g. a QuotaExceededError), or null. */
export type WriteFault = (store: StoreNames<PlaygroundDb>) => Error | null;

const WRITES = new Set(['put', 'add', 'delete', 'clear']);

/**
 * Wraps a database so that writes can fail on demand, as a full disk makes them fail: the write's request rejects
 * with the error, its transaction aborts (nothing it wrote stays, later requests fail with AbortError), `tx.done`
 * rejects with the same error and `tx.error` reports it. Reads pass through. For tests and the fault demo; the real database is never wrapped otherwise.
 */
export function withWriteFaults(db: Database, fault: WriteFault): Database {
  const wrapTransaction = (tx: object): object => {
    let injected: Error | null = null;
    // As a real failing write does: the request is placed (later requests of the transaction are still accepted),
    // then it fails, which aborts the transaction and rolls back everything it wrote.
    const fail = (error: Error, request: Promise<unknown>) => {
      injected ??= error;
      const abort = () => {
        try {
          (tx as { abort(): void }).abort();
        } catch {
          // Already finished or aborted.
        }
        throw error;
      };
      return request.then(abort, abort);
    };
    const wrapStore = (store: object): object =>
      new Proxy(store, {
        get(target, prop) {
          const value: unknown = Reflect.get(target, prop, target);
          if (typeof prop === 'string' && WRITES.has(prop) && typeof value === 'function') {
            return (...args: unknown[]) => {
              const error = fault((target as { name: StoreNames<PlaygroundDb> }).name);
              const request = (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
              return error ? fail(error, request) : request;
            };
          }
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });
    return new Proxy(tx, {
      get(target, prop) {
        if (prop === 'objectStore') return (name: string) => wrapStore((target as { objectStore(n: string): object }).objectStore(name));
        if (prop === 'store') {
          const store = Reflect.get(target, prop, target) as object | undefined;
          return store && wrapStore(store);
        }
        if (prop === 'done') {
          return (Reflect.get(target, prop, target) as Promise<void>).catch((error: unknown) => {
            throw injected ?? error;
          });
        }
        if (prop === 'error') return injected ?? Reflect.get(target, prop, target);
        const value: unknown = Reflect.get(target, prop, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  };

  const wrapped: Database = new Proxy(db, {
    get(target, prop) {
      if (prop === 'transaction') {
        return (...args: unknown[]) => wrapTransaction((target.transaction as (...a: unknown[]) => object)(...args));
      }
      // idb's shortcuts (db.put(store, value)…) open their own transaction: route writes through the wrapped one.
      if (typeof prop === 'string' && WRITES.has(prop)) {
        return async (storeName: string, ...args: unknown[]) => {
          type Tx = { store: Record<string, (...a: unknown[]) => Promise<unknown>>; done: Promise<void> };
          const tx = (wrapped.transaction as unknown as (...a: unknown[]) => Tx)(storeName, 'readwrite');
          const [result] = await Promise.all([tx.store[prop]!(...args), tx.done]);
          return result;
        };
      }
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return wrapped;
}

/** A DOMException like the one browsers throw when an origin's storage quota is used up. */
export function quotaExceededError(message = 'The quota has been exceeded.'): Error {
  return new DOMException(message, 'QuotaExceededError');
}
