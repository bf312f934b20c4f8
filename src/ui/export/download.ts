/**
 * Saves text as a file the person downloads: a Blob URL behind a transient `<a download>`, revoked once the browser
 * has started the download (no data: URL, no server; allowed by a strict CSP).
 */
export function downloadText(fileName: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
