import { useId, useRef, useState, type DragEvent } from 'react';

/** A file picker that also takes a dropped file; keyboard users reach the picker button. */
export function DropZone({ disabled, onFile }: { disabled: boolean; onFile: (file: File) => void }) {
  const [over, setOver] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const hintId = useId();
  const take = (files: FileList | null | undefined) => {
    const file = files?.[0];
    if (file && !disabled) onFile(file);
  };
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setOver(false);
    take(event.dataTransfer?.files);
  };
  return (
    <div
      className={`upload-dropzone${over ? ' is-over' : ''}`}
      data-testid="upload-dropzone"
      onDragOver={(event) => {
        event.preventDefault();
        if (!disabled) setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
    >
      <p id={hintId}>
        Drop a CSV file here, or{' '}
        <button type="button" className="primary" disabled={disabled} onClick={() => input.current?.click()} data-testid="upload-pick">
          choose a file…
        </button>
      </p>
      <p className="muted small">
        Comma-separated, UTF-8, a header row naming each column; numbers for the features and the target.
      </p>
      <input
        ref={input}
        className="visually-hidden"
        type="file"
        accept=".csv,text/csv"
        tabIndex={-1}
        aria-describedby={hintId}
        aria-label="CSV file to upload"
        data-testid="upload-file-input"
        disabled={disabled}
        onChange={(event) => {
          take(event.currentTarget.files);
          // The same file chosen again (after fixing it) must fire a change too.
          event.currentTarget.value = '';
        }}
      />
    </div>
  );
}
