import { balanceBidi, containBidi, FSI, PDI } from './bidiText';
import { groupDigits } from './groupDigits';

export { FSI, PDI };

/**
 * Text a person typed or uploaded (ids, names, descriptions, param values, log lines), made safe to quote in a message
 * that someone else reads. Two things can go wrong when such text is pasted into a sentence:
 *
 * - **it steers the reader**: a right-to-left override (U+202E) or embedding inside an id reverses everything after it
 *   up to the end of the line — the rest of the error message, the rest of a header. Wrapping the text in a first-strong
 *   isolate (U+2068 FSI … U+2069 PDI) ends every override and embedding it opened at the PDI (Unicode's bidi algorithm,
 *   rule X6a), and lets an Arabic or Hebrew id run right to left without reordering the English around it;
 * - **it drowns the message**: a 1,000,000-character id echoed whole. Past a limit it is shown as head … tail with its
 *   full length, e.g. `abc…xyz (1,000,000 characters)`.
 *
 * Pure and deterministic (no DOM, no Intl beyond number formatting): used by the core's messages and by the UI
 * (`<UserText>`, canvas and SVG labels, attributes). The UI shows the full text on request; messages never carry it.
 */

/** Texts up to this many characters are shown whole. */
export const DISPLAY_MAX_CHARS = 100;
const HEAD_SHARE = 0.6;
/** What sits between head and tail. */
const ELLIPSIS = '…';

/**
 * Printable ASCII (and the shortening's own ellipsis, a neutral) cannot reorder anything in a left-to-right sentence, so
 * it needs no isolate (and messages about plain ids stay byte-for-byte what they always were); anything else is isolated.
 */
const BIDI_NEUTRAL_ASCII = /^[\x20-\x7e…]*$/;

export interface ShortenOptions {
  /** Longest text shown whole, in characters (code points). Default DISPLAY_MAX_CHARS. */
  readonly max?: number;
}

/** Number of characters (code points, so an emoji counts once) in `text`, without copying it. */
export function characterCount(text: string): number {
  let count = text.length;
  for (let i = 0; i < text.length - 1; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        count -= 1;
        i += 1;
      }
    }
  }
  return count;
}

/**
 * `text` itself when it has at most `max` characters, else its first and last characters around an ellipsis with the
 * full length: `"abcdef…uvwxyz (1,000,000 characters)"`. Never cuts a surrogate pair in two, and drops combining marks
 * that would otherwise start the tail on the ellipsis. Not isolated: see `displayText` for text inside a sentence.
 */
export function shortenText(text: string, options: ShortenOptions = {}): string {
  const { shown, note } = shortenParts(text, options);
  return `${shown}${note}`;
}

/** `text` wrapped in FSI … PDI, unless it is printable ASCII (which cannot reorder a left-to-right sentence). */
export function isolateText(text: string): string {
  return BIDI_NEUTRAL_ASCII.test(text) ? text : `${FSI}${text}${PDI}`;
}

/**
 * User text ready to sit inside a sentence: control characters shown as their visible pictures (a newline in an id
 * cannot fake a second line of the message), shortened, and isolated. The length note stays outside the isolate, so
 * it reads in the sentence's direction even after a right-to-left id: `⁨abc…xyz⁩ (1,000,000 characters)`.
 */
export function displayText(text: string, options: ShortenOptions = {}): string {
  const { shown, note } = shortenParts(visibleControls(text), options);
  // Balanced first: a PDI inside the text would otherwise close the isolate around it.
  return `${isolateText(balanceBidi(shown))}${note}`;
}

/**
 * The shown part of `text` and, when it was cut, the note with its full length (" (1,000,000 characters)"), apart: the
 * note is the playground's words and belongs outside the text's isolate, in the sentence's direction.
 */
export function shortenParts(text: string, options: ShortenOptions = {}): { shown: string; note: string } {
  const max = Math.max(2, Math.floor(options.max ?? DISPLAY_MAX_CHARS));
  // Cheap exits first: a string of at most `max` UTF-16 units has at most `max` characters.
  if (text.length <= max) return { shown: text, note: '' };
  const count = characterCount(text);
  if (count <= max) return { shown: text, note: '' };
  const headChars = Math.max(1, Math.round((max - 1) * HEAD_SHARE));
  const tailChars = Math.max(1, max - 1 - headChars);
  const head = sliceCodePoints(text, headChars, 'start');
  const tail = sliceCodePoints(text, tailChars, 'end').replace(/^\p{M}+/u, '');
  return { shown: `${head}${ELLIPSIS}${tail}`, note: ` (${groupDigits(count)} characters)` };
}

/** `displayText` in double quotes, the way messages name an id: `DAG "ml_producer" has no tasks.` */
export function quoted(text: string, options: ShortenOptions = {}): string {
  return `"${displayText(text, options)}"`;
}

/**
 * C0 control characters and DEL as the Control Pictures block shows them (U+2400…, ␊ for a newline), and the other line
 * and paragraph separators (U+0085, U+2028, U+2029) as ␤: visible, and inert. Only in texts that have some (the common
 * case returns `text` itself). With `keepLineBreaks`, newlines and tabs stay (a log line, a multi-line description).
 */
export function visibleControls(text: string, { keepLineBreaks = false }: { keepLineBreaks?: boolean } = {}): string {
  if (!CONTROLS.test(text)) return text;
  return text.replace(CONTROLS_ALL, (c) => {
    if (keepLineBreaks && (c === '\n' || c === '\t')) return c;
    const code = c.charCodeAt(0);
    return code < 0x20 ? String.fromCharCode(0x2400 + code) : code === 0x7f ? '\u2421' : '\u2424';
  });
}

const CONTROLS = /[\x00-\x1f\x7f\x85\u2028\u2029]/;
const CONTROLS_ALL = new RegExp(CONTROLS.source, 'g');

/** The first or last `count` code points of `text`, never half of a surrogate pair. */
function sliceCodePoints(text: string, count: number, from: 'start' | 'end'): string {
  if (from === 'start') {
    let end = 0;
    for (let taken = 0; taken < count && end < text.length; taken++) end += isPairAt(text, end) ? 2 : 1;
    return text.slice(0, end);
  }
  let start = text.length;
  for (let taken = 0; taken < count && start > 0; taken++) start -= isPairAt(text, start - 2) ? 2 : 1;
  return text.slice(start);
}

function isPairAt(text: string, i: number): boolean {
  if (i < 0 || i + 1 >= text.length) return false;
  const high = text.charCodeAt(i);
  const low = text.charCodeAt(i + 1);
  return high >= 0xd800 && high <= 0xdbff && low >= 0xdc00 && low <= 0xdfff;
}

/** How many items of a list a message names before it says how many more there are. */
export const DISPLAY_MAX_ITEMS = 10;

/**
 * A list of user texts for a message: each one shown as `format` makes it (by default `displayText`), at most
 * `maxItems` of them, then "and 490 more": `"a", "b" and 3 more` with `format = quoted`.
 */
export function listText(
  items: readonly string[],
  { maxItems = DISPLAY_MAX_ITEMS, format = (item: string) => displayText(item), separator = ', ' }: {
    maxItems?: number;
    format?: (item: string) => string;
    separator?: string;
  } = {},
): string {
  const named = items.slice(0, maxItems).map(format).join(separator);
  return items.length > maxItems ? `${named} and ${groupDigits(items.length - maxItems)} more` : named;
}

/**
 * Any value a message names (what a document held where something else was expected): a string as `quoted` names it,
 * anything else as its JSON, shortened the same way — a 1 MB value is never echoed whole.
 */
export function quotedValue(value: unknown, options: ShortenOptions = {}): string {
  if (typeof value === 'string') return quoted(value, options);
  return displayText(JSON.stringify(value) ?? String(value), options);
}

/**
 * A message that quotes user text, as plain text for a place where the `MessageText` component cannot go (inside a
 * button: its "show all" would be a button in a button): shortened, control characters shown as pictures, and every
 * bidi control not inside a balanced isolate shown rather than obeyed. Put it in a `<bdi>`.
 */
export function containedMessage(text: string, options: ShortenOptions = {}): string {
  return containBidi(visibleControls(shortenText(text, options), { keepLineBreaks: true }));
}
