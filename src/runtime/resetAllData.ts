/** Where a reset is: the Settings page shows it. */
export type ResetStatus =
  | { readonly phase: 'stopping' }
  | { readonly phase: 'deleting' }
  /** Another connection (a tab that schedules on its own) keeps the database open: the delete waits for it. */
  | { readonly phase: 'blocked' }
  | { readonly phase: 'reloading' }
  | { readonly phase: 'failed'; readonly message: string };

/** The edges a reset touches, in the order it touches them (injected: the unit test checks the order). */
export interface ResetSteps {
  /** Stops scheduling and the workers (no try runs on, no timer fires) and waits for writes already issued. */
  stopWork(): Promise<void>;
  /** Closes this page's connection to the database (a delete waits for every connection to close). */
  closeDatabase(): void;
  /** Deletes the whole database; `onBlocked` is told while other connections keep it open. */
  deleteDatabase(onBlocked: () => void): Promise<void>;
  /** Forgets the stored settings. */
  clearSettings(): void;
  reload(): void;
}

/**
 * Reset all data, all or nothing: the database is deleted in one request (IndexedDB deletes a database whole or not
 * at all); only once that succeeded are the stored settings forgotten and the page reloaded, empty. A failure stops
 * there, says why, and leaves the stored settings; the database is either whole or gone.
 */
export async function resetAllData(steps: ResetSteps, report: (status: ResetStatus) => void): Promise<boolean> {
  try {
    report({ phase: 'stopping' });
    await steps.stopWork();
    steps.closeDatabase();
    report({ phase: 'deleting' });
    await steps.deleteDatabase(() => report({ phase: 'blocked' }));
  } catch (error) {
    const why = error instanceof Error ? error.message || error.name : String(error);
    report({ phase: 'failed', message: `The data could not be deleted (${why}). Nothing was reset; reload the page to go on working.` });
    return false;
  }
  steps.clearSettings();
  report({ phase: 'reloading' });
  steps.reload();
  return true;
}
