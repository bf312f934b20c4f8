import type { JsonValue } from '../../core/json';

/**
 * Python source fragments built from untrusted text (ids, descriptions, URIs, messages): every string becomes an
 * ASCII-only double-quoted literal, every identifier is sanitised and made unique, every comment is one ASCII line.
 * Whatever a DAG holds — quotes, backslashes, newlines, `"""`, NUL, emoji, lone surrogates — the file still compiles
 * and means what the DAG said.
 */

/** A Python string literal with everything outside printable ASCII escaped. */
export function pyString(text: string): string {
  let out = '"';
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const ch = text[i]!;
    if (ch === '\\') out += '\\\\';
    else if (ch === '"') out += '\\"';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code >= 0x20 && code < 0x7f) out += ch;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length && isLowSurrogate(text.charCodeAt(i + 1))) {
      const point = text.codePointAt(i)!;
      out += `\\U${point.toString(16).padStart(8, '0')}`;
      i++;
    } else if (code < 0x100) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += `\\u${code.toString(16).padStart(4, '0')}`;
  }
  return `${out}"`;
}

const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;

/** Text for a `#` comment: one line, printable ASCII, anything else written as an escape. */
export function pyCommentText(text: string): string {
  return pyString(text.replace(/\s+/g, ' ').trim()).slice(1, -1).replace(/\\"/g, '"');
}

/** Python's keywords and the names the generated module defines itself: no DAG or task may take them. */
const RESERVED = new Set([
  ...'False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield match case type _'.split(' '),
  ...'annotations json logging math os random time datetime timedelta Asset Dataset dag task Param TriggerRule log DATA_DIR SEED context'.split(' '),
  ...'print len str int float bool list dict set tuple object range open min max sum abs round sorted'.split(' '),
]);

/** Identifiers unique within one scope, each made from a piece of untrusted text. */
export class Identifiers {
  private readonly used = new Set<string>();

  constructor(taken: Iterable<string> = []) {
    for (const name of taken) this.used.add(name);
  }

  /** `prefix` + the text's letters, digits and underscores; a number suffix when taken. */
  make(text: string, prefix = ''): string {
    let base = `${prefix}${text}`.replace(/[^A-Za-z0-9_]+/g, '_');
    if (/^_*$/.test(base)) base = `${prefix}x`;
    if (/^[0-9]/.test(base)) base = `_${base}`;
    if (RESERVED.has(base) || base.startsWith('__')) base = `${base}_`;
    let name = base;
    for (let n = 2; this.used.has(name); n++) name = `${base}_${n}`;
    this.used.add(name);
    return name;
  }
}

/** A JSON value as a Python literal. */
export function pyValue(value: JsonValue | undefined): string {
  if (value === undefined || value === null) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') return pyNumber(value);
  if (typeof value === 'string') return pyString(value);
  if (Array.isArray(value)) return `[${value.map(pyValue).join(', ')}]`;
  return `{${Object.entries(value)
    .map(([k, v]) => `${pyString(k)}: ${pyValue(v)}`)
    .join(', ')}}`;
}

export function pyNumber(value: number): string {
  if (Number.isNaN(value)) return 'float("nan")';
  if (!Number.isFinite(value)) return value > 0 ? 'float("inf")' : '-float("inf")';
  return String(value);
}

/** `timedelta(...)` for a duration in milliseconds, in the largest unit that keeps it exact. */
export function pyTimedelta(ms: number): string {
  if (Number.isInteger(ms / 1000)) return `timedelta(seconds=${ms / 1000})`;
  return `timedelta(milliseconds=${pyNumber(ms)})`;
}

/**
 * A triple-quoted docstring whose text reads as written (code stays code): backslashes doubled, every `"` that could
 * join another into a closing `"""` escaped, other control characters and everything outside ASCII written as
 * escapes. `indent` goes before each line (and the quotes), so the docstring sits in its function's body.
 */
export function pyDocstring(text: string, indent: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const ch = text[i]!;
    if (ch === '\\') out += '\\\\';
    else if (ch === '"') out += text[i + 1] === '"' || i === text.length - 1 ? '\\"' : '"';
    else if (ch === '\n') out += '\n';
    else if (ch === '\t' || (code >= 0x20 && code < 0x7f)) out += ch;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length && isLowSurrogate(text.charCodeAt(i + 1))) {
      out += `\\U${text.codePointAt(i)!.toString(16).padStart(8, '0')}`;
      i++;
    } else if (code < 0x100) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += `\\u${code.toString(16).padStart(4, '0')}`;
  }
  const lines = out.split('\n').map((line) => (line === '' ? line : `${indent}${line}`));
  lines[0] = `${indent}"""${out.split('\n')[0]}`;
  return `${lines.join('\n')}\n${indent}"""`;
}
