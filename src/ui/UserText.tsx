import { Fragment, useId, useState, type ReactNode } from 'react';
import { balanceBidi, containBidi } from '../core/bidiText';
import { characterCount, shortenParts, visibleControls } from '../core/displayText';
import './userText.css';
import { groupDigits } from '../core/groupDigits';

/**
 * Text that came from a person — an id, a name, a description, a param value, a CSV header, a log line — shown so that
 * it cannot steer the reader: inside a `<bdi>` (its own bidi isolate, so a right-to-left override in it cannot reverse
 * the header or sentence around it), balanced (a stray PDI in it cannot close that isolate), with control characters
 * shown as pictures, and shortened past `max` characters to head … tail with its length. The full text stays available:
 * as the tooltip while it is short enough to be one, else behind a "show all" button.
 */
export interface UserTextProps {
  text: string;
  /** Longest text shown whole, in characters. */
  max?: number;
  /** Keep line breaks and tabs (a log line, a multi-line description); other control characters are still shown. */
  multiline?: boolean;
  className?: string;
  testId?: string;
  /** An identifier (`ml_batch_predict`): a narrow column breaks its line after an underscore, not mid-word. */
  identifier?: boolean;
}

/** Longer texts get a "show all" button rather than a tooltip: a megabyte tooltip helps no one. */
const TITLE_MAX_CHARS = 2_000;

export function UserText({ text, max = 100, multiline = false, className, testId, identifier = false }: UserTextProps) {
  const prepared = prepare(text, multiline, balanceBidi);
  return <Shown text={text} prepared={prepared} max={max} className={className} testId={testId} whole={identifier ? breaksAfterUnderscores(prepared) : prepared} />;
}

/** The text with a line-break opportunity (`<wbr>`, no character) after each underscore: its text content is unchanged. */
function breaksAfterUnderscores(text: string): ReactNode {
  const parts = text.split('_');
  if (parts.length === 1) return text;
  return parts.map((part, i) => (
    <Fragment key={i}>
      {part}
      {i < parts.length - 1 && (
        <>
          _<wbr />
        </>
      )}
    </Fragment>
  ));
}

/**
 * A message composed by code that quotes user text (a validation error, a toast, a task's error): isolated from the page
 * as a whole, shortened (more generously than an id), and with every explicit bidi control that is not inside a balanced
 * isolate shown rather than obeyed — so even a message whose producer forgot to isolate an id reads in order.
 */
export function MessageText({ text, max = 400, className, testId }: Omit<UserTextProps, 'multiline'>) {
  return <Shown text={text} prepared={prepare(text, true, containBidi)} max={max} className={className} testId={testId} />;
}

function prepare(text: string, multiline: boolean, bidi: (text: string) => string): string {
  return bidi(visibleControls(text, { keepLineBreaks: multiline }));
}

function Shown({
  text,
  prepared,
  max,
  className,
  testId,
  whole = prepared,
}: {
  text: string;
  prepared: string;
  max: number;
  className?: string;
  testId?: string;
  /** What to render when the text is shown whole (the prepared text, perhaps with line-break opportunities). */
  whole?: ReactNode;
}) {
  const [expanded, setExpanded] = useState(false);
  const fullId = useId();
  const { shown, note } = shortenParts(prepared, { max });
  const classes = ['user-text', className].filter(Boolean).join(' ');
  if (note === '') {
    return (
      <bdi className={classes} data-testid={testId}>
        {whole}
      </bdi>
    );
  }
  const count = characterCount(text);
  const titled = count <= TITLE_MAX_CHARS;
  // The length is the playground's words: outside the isolate, so a right-to-left text cannot turn it around.
  const cut = (
    <span className="user-text-cut" data-testid={testId} data-shortened="true" title={titled ? prepared : undefined}>
      <bdi className={classes}>{shown}</bdi>
      <span className="user-text-length">{note}</span>
    </span>
  );
  if (titled) return cut;
  return (
    <>
      {cut}{' '}
      <button
        type="button"
        className="link-button user-text-toggle"
        aria-expanded={expanded}
        aria-controls={expanded ? fullId : undefined}
        data-testid="user-text-toggle"
        onClick={() => setExpanded((open) => !open)}
      >
        {expanded ? 'show less' : `show all ${groupDigits(count)} characters`}
      </button>
      {expanded && (
        <bdi id={fullId} className="user-text-full">
          {prepared}
        </bdi>
      )}
    </>
  );
}
