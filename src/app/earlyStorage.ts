import { openRawDatabase, type RawOpened } from '../runtime/storage/migrations';
import { DB_VERSION, DEFAULT_DB_NAME } from '../runtime/storage/schema';

/**
 * The full app's database, opened (and on a first visit created) as soon as the page starts, while the entry script
 * is still downloading: creating it takes a few hundred ms on a first visit, which the boot waited for after the
 * entry had run. index.html loads this module by an `async` script of its own (src/build/earlyStoragePlugin.ts), so
 * it runs as soon as it arrives; the entry imports the same module (one instance per page) and takes the connection
 * for its storage probe (startPlayground.tsx). An embed (`?embed` in the URL) opens its own database later, if its
 * launch is valid: nothing is opened for it here.
 *
 * Until it is taken, the connection gives way to another tab that deletes or upgrades the database (reset all data,
 * a newer build): it closes, and the probe opens a new one.
 */
interface EarlyOpen {
  readonly opened: Promise<RawOpened>;
  closedForOthers: boolean;
}

function openEarly(): EarlyOpen | null {
  let opened: Promise<RawOpened>;
  try {
    if (typeof indexedDB === 'undefined' || new URLSearchParams(window.location.search).has('embed')) return null;
    opened = openRawDatabase(DEFAULT_DB_NAME, DB_VERSION);
  } catch {
    // Where even reading `indexedDB` throws (storage blocked), the probe finds out again and says why.
    return null;
  }
  const early: EarlyOpen = { opened, closedForOthers: false };
  early.opened.then(
    ({ db }) => {
      db.onversionchange = () => {
        if (early !== pending) return;
        early.closedForOthers = true;
        db.close();
      };
    },
    // A failure is the probe's to report, when it takes this open.
    () => undefined,
  );
  return early;
}

let pending: EarlyOpen | null = typeof window === 'undefined' ? null : openEarly();

/**
 * The early open of database `name`, once (later calls get null): null if none was started for it. Resolves to null
 * if the connection was closed for another tab meanwhile; rejects as the open did (IndexedDB unavailable here).
 */
export function takeEarlyDatabase(name: string): Promise<RawOpened | null> | null {
  const early = pending;
  if (!early || name !== DEFAULT_DB_NAME) return null;
  pending = null;
  return early.opened.then((opened) => {
    opened.db.onversionchange = null;
    return early.closedForOthers ? null : opened;
  });
}
