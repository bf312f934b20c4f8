/**
 * Browser storage running out, told apart from other storage errors. Browsers report it as a DOMException named
 * QuotaExceededError — from the request, or as the `error` of the transaction it aborted (whose requests then fail
 * with a plain AbortError, so the transaction's error is checked first). Old Firefox named it differently.
 */
export function isQuotaExceeded(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { name, code } = error as { name?: unknown; code?: unknown };
  return name === 'QuotaExceededError' || name === 'NS_ERROR_DOM_QUOTA_REACHED' || code === 22 || name === StorageFullError.NAME;
}

/** What a task (or the coordinator) fails with when the browser refuses to store more. */
export class StorageFullError extends Error {
  static readonly NAME = 'StorageFullError';
  override readonly name = StorageFullError.NAME;
  constructor(what: string, options?: { cause?: unknown }) {
    super(
      `Browser storage is full: could not store ${what}. Free space in the Storage panel (delete old versions) or allow more storage.`,
      options,
    );
  }
}

/**
 * Runs one storage write and turns a quota failure into a StorageFullError saying what could not be stored.
 * `transactionError` is read after a failure: an aborted transaction's own error names the real cause.
 */
export async function guardQuota<T>(what: string, write: () => Promise<T>, transactionError?: () => unknown): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (error instanceof StorageFullError) throw error;
    let cause: unknown = error;
    try {
      const txError = transactionError?.();
      if (isQuotaExceeded(txError)) cause = txError;
    } catch {
      // The transaction is gone: keep the request's error.
    }
    if (isQuotaExceeded(cause)) throw new StorageFullError(what, { cause });
    throw error;
  }
}
