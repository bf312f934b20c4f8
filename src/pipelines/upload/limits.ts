import { groupDigits } from '../../core/groupDigits';
/** Rules a user's CSV must meet, besides being well formed. */
export interface UploadLimits {
  /** Largest file accepted, in bytes (from the user setting `maxUploadMb`). */
  readonly maxBytes: number;
  /** Fewest data rows: enough for seeded train / validation / test splits that each hold a few rows. */
  readonly minRows: number;
  /** Most cells (data rows × columns): what the whole pipeline was measured to handle in a browser tab. */
  readonly maxCells: number;
}

export const MIN_UPLOAD_ROWS = 20;
/**
 * Most cells (data rows × columns of the file) an upload may have: what the whole pipeline (inspect, import, the
 * producer and the consumer) was measured to run to success in a browser tab. Storage no longer sets it (a version
 * larger than one IndexedDB record is stored in row-chunk parts, runtime/storage/versionParts.ts); memory and time do.
 * Measured (tests/bench/uploadScale.mjs, a busy 2-core machine): 2,000,000 rows × 9 columns (18,000,000 cells) run
 * to a consumer success in 2–3.5 minutes, with the page and its workers peaking at 600–800 MB (nearly all of it
 * typed-array columns: the upload's, its raw copy's and the features', held by several workers at once; ~35–45 bytes
 * a cell). 20,000,000 leaves a tenth over what was measured, for a wider file of the same size; memory and time grow
 * with the cells, so a larger limit would take the tab towards a gigabyte, more than a modest laptop gives one tab.
 */
export const MAX_UPLOAD_CELLS = 20_000_000;
/**
 * A browser tab cannot hold a longer text as one string (V8's limit is 2²⁹ − 24 characters): a larger file could not
 * be read at all, whatever Settings allow.
 */
export const MAX_READABLE_MB = 500;
/** Most columns: each becomes a row of the mapping form, and a model input. */
export const MAX_UPLOAD_COLUMNS = 500;
export const MEGABYTE = 1024 * 1024;

export const uploadLimits = (maxUploadMb: number): UploadLimits => ({
  maxBytes: maxUploadMb * MEGABYTE,
  minRows: MIN_UPLOAD_ROWS,
  maxCells: MAX_UPLOAD_CELLS,
});

/** Why a file with more than `maxCells` cells is refused, from what was read before stopping. */
export function tooManyCellsMessage(width: number, maxCells: number): string {
  const rows = Math.floor(maxCells / width);
  return (
    `The file has more than ${groupDigits(rows)} data rows of ${width} columns (over ${groupDigits(maxCells)} cells): ` +
    `the playground takes at most ${groupDigits(maxCells)} cells (rows × columns), the most its whole pipeline (import, ` +
    'producer and consumer) was measured to run in a browser tab. Keep fewer rows, or remove columns you do not need.'
  );
}

/** Sizes as messages show them: bytes below a kilobyte, then kB, then MB with one decimal. */
export function formatFileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < MEGABYTE) return `${(bytes / 1024).toFixed(1)} kB`;
  return `${(bytes / MEGABYTE).toFixed(1)} MB`;
}

/** Checked before a byte is read: a file over the limit is refused without loading it. */
export function checkFileSize(byteSize: number, limits: Pick<UploadLimits, 'maxBytes'>): string | null {
  if (byteSize > MAX_READABLE_MB * MEGABYTE) {
    return (
      `The file is ${formatFileSize(byteSize)}; a browser tab can read at most ${MAX_READABLE_MB} MB of text as one file. ` +
      `The playground takes up to ${groupDigits(MAX_UPLOAD_CELLS)} cells (rows × columns): keep fewer rows or columns.`
    );
  }
  if (byteSize <= limits.maxBytes) return null;
  const limitMb = limits.maxBytes / MEGABYTE;
  return `The file is ${formatFileSize(byteSize)}; the largest upload allowed is ${Number(limitMb.toFixed(1))} MB (Settings → Largest CSV upload).`;
}
