/**
 * `work` made to run one call at a time, in the order of the calls: each starts when the one before has ended. For the
 * editor's file list: a list read before a file was added must never land after one read since, or the page shows the
 * older list, falls back from the added file to the first one, and the file the person just opened is not shown (seen
 * in CI: a file picked while the workspace opened). Each returned promise settles when its own call has ended; a call
 * that fails does not stop the next.
 */
export function oneAfterAnother<A extends unknown[]>(work: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
  let last: Promise<unknown> = Promise.resolve();
  return (...args: A) => {
    const next = last.then(() => work(...args));
    last = next.catch(() => undefined);
    return next;
  };
}
