/**
 * Explicit bidi formatting characters in user text (Unicode's UAX #9, X1–X8), made unable to reach past the text.
 *
 * An isolate (FSI … PDI, or an element with `unicode-bidi: isolate` such as `<bdi>`) keeps user text from reordering the
 * sentence around it — provided the text cannot close that isolate itself. A stray PDI inside it would match the
 * enclosing isolate and let everything after it escape; an isolate the text opens and never closes would capture what
 * follows. These functions make such text balanced (`balanceBidi`), and make a message whose user text was never isolated
 * show its controls instead of obeying them (`containBidi`). Pure: strings in, strings out.
 */

const LRE = '\u202a';
const RLE = '\u202b';
const PDF = '\u202c';
const LRO = '\u202d';
const RLO = '\u202e';
const LRI = '\u2066';
const RLI = '\u2067';
/** U+2068 FIRST STRONG ISOLATE: starts an isolate whose direction comes from its own first strong character. */
export const FSI = '\u2068';
/** U+2069 POP DIRECTIONAL ISOLATE: ends the isolate, and with it every override or embedding opened inside. */
export const PDI = '\u2069';

const EMBEDDING_INITIATORS = new Set([LRE, RLE, LRO, RLO]);
const ISOLATE_INITIATORS = new Set([LRI, RLI, FSI]);
/** Paragraph separators (bidi class B): every explicit embedding and isolate ends with the paragraph. */
const PARAGRAPH_SEPARATORS = new Set(['\n', '\r', '\u001c', '\u001d', '\u001e', '\u0085', '\u2029']);

const EXPLICIT = /[\u202a-\u202e\u2066-\u2069]/;

/** A formatting character shown instead of obeyed: `<U+202E>`. */
export function revealedControl(c: string): string {
  return `<U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}>`;
}

/**
 * `text` as something safe to put inside an isolate: a PDI that would close the enclosing isolate is shown instead
 * (`<U+2069>`), and every isolate still open at the end is closed there. Text without explicit
 * formatting characters comes back as it is.
 */
export function balanceBidi(text: string): string {
  if (!EXPLICIT.test(text)) return text;
  const open: string[] = [];
  let out = '';
  for (const c of text) {
    if (EMBEDDING_INITIATORS.has(c) || ISOLATE_INITIATORS.has(c)) {
      open.push(c);
    } else if (c === PDF) {
      // X7: a PDF only closes an embedding opened inside the current isolate; otherwise it does nothing.
      if (open.length > 0 && EMBEDDING_INITIATORS.has(open.at(-1)!)) open.pop();
    } else if (c === PDI) {
      const at = findLastIndex(open, (o) => ISOLATE_INITIATORS.has(o));
      // X6a: a PDI closes its isolate and every embedding opened after it; with none open it would close ours.
      if (at < 0) {
        out += revealedControl(c);
        continue;
      }
      open.length = at;
    } else if (PARAGRAPH_SEPARATORS.has(c)) {
      open.length = 0;
    }
    out += c;
  }
  // An isolate left open would take the enclosing PDI as its own; embeddings left open are closed by that PDI (X6a).
  for (const o of open) if (ISOLATE_INITIATORS.has(o)) out += PDI;
  return out;
}

/**
 * A message that may quote user text: balanced isolates in it (how `displayText` quotes user text) keep working and
 * contain whatever is inside them; every other explicit formatting character — an override or embedding outside any
 * isolate, an isolate never closed, a PDI closing nothing — is shown as `<U+202E>` rather than obeyed. So a message
 * built by code that did not isolate an id still reads in order, and shows what the id holds.
 */
export function containBidi(message: string): string {
  if (!EXPLICIT.test(message)) return message;
  // First pass: which isolate initiators and PDIs pair up (within a paragraph).
  const matched = new Set<number>();
  let openIsolates: number[] = [];
  for (let i = 0; i < message.length; i++) {
    const c = message[i]!;
    if (ISOLATE_INITIATORS.has(c)) openIsolates.push(i);
    else if (c === PDI && openIsolates.length > 0) {
      matched.add(openIsolates.pop()!);
      matched.add(i);
    } else if (PARAGRAPH_SEPARATORS.has(c)) openIsolates = [];
  }
  // Second pass: obey matched isolates and anything inside them; show the rest.
  let depth = 0;
  let out = '';
  for (let i = 0; i < message.length; i++) {
    const c = message[i]!;
    if (ISOLATE_INITIATORS.has(c) || c === PDI) {
      if (matched.has(i)) {
        depth += c === PDI ? -1 : 1;
        out += c;
      } else {
        out += revealedControl(c);
      }
    } else if (EMBEDDING_INITIATORS.has(c) || c === PDF) {
      out += depth > 0 ? c : revealedControl(c);
    } else {
      if (PARAGRAPH_SEPARATORS.has(c)) depth = 0;
      out += c;
    }
  }
  return out;
}

function findLastIndex<T>(items: readonly T[], predicate: (item: T) => boolean): number {
  for (let i = items.length - 1; i >= 0; i--) if (predicate(items[i]!)) return i;
  return -1;
}
