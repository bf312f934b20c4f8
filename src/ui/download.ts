/**
 * Saves a Blob as a file the person downloads: an object URL behind a transient `<a download>`, revoked once the
 * browser has taken it (no data: URL, no server; allowed by a strict CSP).
 */
export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = fileName;
  anchor.rel = 'noopener';
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
