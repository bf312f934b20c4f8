import { useEffect, useRef, useState } from 'react';
import { encodeShareFragment, shareUrlOf, type SharePayload } from '../../share/shareLink';
import { groupDigits } from '../../core/groupDigits';

export type ShareProblem = { readonly error: string; readonly download: boolean };

export interface CopyLinkButtonProps {
  readonly disabled: boolean;
  /** What the link holds, read when the button is pressed (the text in the editor at that moment). */
  payload(): SharePayload;
  /** The page's address now: the link is it with the share fragment in place of its own. */
  readonly href: () => string;
  onProblem(problem: ShareProblem | null): void;
}

/**
 * "Copy link": the open file and the settings that change results, in the URL fragment, on the clipboard. Where the
 * browser refuses the clipboard, the link is shown selected in a read-only field to copy by hand. A link past the
 * size bound is refused (the problem offers a download instead).
 */
export function CopyLinkButton({ disabled, payload, href, onProblem }: CopyLinkButtonProps) {
  const [status, setStatus] = useState<string | null>(null);
  const [manual, setManual] = useState<string | null>(null);
  const field = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (manual !== null) field.current?.select();
  }, [manual]);

  async function copy() {
    setStatus(null);
    setManual(null);
    const base = href();
    const encoded = await encodeShareFragment(payload(), { base });
    if (!encoded.ok) {
      onProblem({ error: encoded.error, download: encoded.tooLong === true });
      return;
    }
    onProblem(null);
    const url = shareUrlOf(base, encoded.fragment);
    try {
      if (!navigator.clipboard) throw new Error('no clipboard');
      await navigator.clipboard.writeText(url);
      setStatus(`Link copied (${groupDigits(url.length)} characters).`);
    } catch {
      setManual(url);
      setStatus('The browser did not let the page copy: the link is selected below, press Ctrl-C (⌘-C) to copy it.');
    }
  }

  return (
    <>
      <button type="button" data-testid="share-copy-link" disabled={disabled} onClick={() => void copy()} title="Copy a link that opens this file, with the seed, backend and speed, in anyone's playground">
        Copy link
      </button>
      {(status || manual !== null) && (
        <span className="share-status small">
          <span role="status" data-testid="share-status">
            {status}
          </span>
          {manual !== null && (
            <input ref={field} className="share-manual" readOnly value={manual} aria-label="Share link" data-testid="share-link-field" onFocus={(e) => e.currentTarget.select()} />
          )}
        </span>
      )}
    </>
  );
}
