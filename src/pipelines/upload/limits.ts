/** Rules a user's CSV must meet, besides being well formed. */
export interface UploadLimits {
  /** Largest file accepted, in bytes (from the user setting `maxUploadMb`). */
  readonly maxBytes: number;
  /** Fewest data rows: enough for seeded train / validation / test splits that each hold a few rows. */
  readonly minRows: number;
}

export const MIN_UPLOAD_ROWS = 20;
/** Most columns: each becomes a row of the mapping form, and a model input. */
export const MAX_UPLOAD_COLUMNS = 500;
export const MEGABYTE = 1024 * 1024;

export const uploadLimits = (maxUploadMb: number): UploadLimits => ({ maxBytes: maxUploadMb * MEGABYTE, minRows: MIN_UPLOAD_ROWS });

/** Sizes as messages show them: bytes below a kilobyte, then kB, then MB with one decimal. */
export function formatFileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < MEGABYTE) return `${(bytes / 1024).toFixed(1)} kB`;
  return `${(bytes / MEGABYTE).toFixed(1)} MB`;
}

/** Checked before a byte is read: a file over the limit is refused without loading it. */
export function checkFileSize(byteSize: number, limits: Pick<UploadLimits, 'maxBytes'>): string | null {
  if (byteSize <= limits.maxBytes) return null;
  const limitMb = limits.maxBytes / MEGABYTE;
  return `The file is ${formatFileSize(byteSize)}; the largest upload allowed is ${Number(limitMb.toFixed(1))} MB (Settings → Largest CSV upload).`;
}
