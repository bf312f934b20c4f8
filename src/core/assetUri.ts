/**
 * Airflow's rules for asset (Airflow 2: dataset) names and URIs, so that the playground refuses at import what
 * Airflow would refuse when it parses the exported module, and the export writes each URI in the form Airflow stores.
 *
 * Followed: `_sanitize_uri` and `_validate_identifier` of `airflow.sdk.definitions.asset` (Airflow 3) and
 * `airflow.datasets` (2.9–2.10), with Python's `urllib.parse` (`urlsplit`, `parse_qsl`, `urlencode`, `urlunsplit`)
 * as CPython 3.11 implements them. A URI that does not look like one (no scheme and no `//host`), or whose scheme
 * starts with `x-`, is kept as it is; otherwise the scheme is lower-cased, trailing slashes of the path are removed
 * (an empty path becomes `/`, so `x://a` → `x://a/`), the query is parsed, sorted and re-encoded, and the fragment
 * is dropped.
 *
 * Stricter than Airflow, on purpose (each refusal says why):
 * - non-ASCII text is refused everywhere: Airflow 2.x and 3.0 refuse it, 3.1+ only on a MySQL metadata database;
 * - ASCII control characters (tab, newline…) and leading or trailing spaces: Python's `urlsplit` silently deletes
 *   them, so the asset would not have the URI that was written;
 * - user info (`user:password@host`): Airflow drops it with a warning; a DAG file is no place for a password;
 * - `[` `]` in the host (IPv6 literals), and a scheme that takes a host (`file:`, `http:`…) followed by a relative
 *   path: Python versions disagree on those, so no single normalized form exists;
 * - percent-escapes in the query that are not UTF-8: Python would replace them with U+FFFD.
 * Provider-specific normalizers (the amazon provider's `s3://`, postgres' `postgres://`…) run in Airflow only when
 * that provider is installed; they are not applied here.
 *
 * Pure: no DOM, no clock.
 */

/** Airflow 3 refuses longer names and URIs (`cannot exceed 1500 characters`); Airflow 2 allowed 3000 for URIs. */
export const MAX_ASSET_TEXT_LENGTH = 1500;

/** Asset names Airflow 3 prohibits (`prohibited name for asset`). */
const PROHIBITED_NAMES = ['self', 'context'];

/** Schemes whose URIs Python's `urlunsplit` writes with `//` even when the host is empty (`urllib.parse.uses_netloc`). */
const USES_NETLOC = new Set(
  'ftp http gopher nntp telnet imap wais file mms https shttp snews prospero rtsp rtsps rtspu rsync svn svn+ssh sftp nfs git git+ssh ws wss itms-services'.split(' '),
);

export type AssetUriResult = { readonly ok: true; readonly uri: string } | { readonly ok: false; readonly message: string };

const refuse = (message: string): AssetUriResult => ({ ok: false, message });

const describeChar = (text: string, index: number) => {
  const point = text.codePointAt(index)!;
  const shown = point < 0x20 || point === 0x7f ? '' : ` ${JSON.stringify(String.fromCodePoint(point))}`;
  return `U+${point.toString(16).toUpperCase().padStart(4, '0')}${shown} at character ${index + 1}`;
};

/** The problems Airflow's identifier rules find in a name or URI, as one sentence, or null. */
function identifierProblem(text: string, what: string): string | null {
  if (text.length === 0) return `${what} must not be empty`;
  if (text.length > MAX_ASSET_TEXT_LENGTH) return `${what} must have at most ${MAX_ASSET_TEXT_LENGTH} characters (Airflow 3's limit), got ${text.length}`;
  if (text.trim().length === 0) return `${what} cannot be just whitespace`;
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) > 0x7f) {
      return `${what} must only consist of ASCII characters, as Airflow requires (Airflow 2, 3.0, and 3.1+ on MySQL refuse it at import); found ${describeChar(text, i)}`;
    }
  }
  return null;
}

/** Why Airflow 3 would refuse this asset name, or null. (A dataset's id is its asset name in the export.) */
export function assetNameProblem(name: string): string | null {
  const problem = identifierProblem(name, 'an asset name');
  if (problem) return problem;
  if (PROHIBITED_NAMES.includes(name)) return `"${name}" is a name Airflow 3 prohibits for an asset (${PROHIBITED_NAMES.join(' and ')} are reserved)`;
  return null;
}

interface SplitUri {
  scheme: string;
  netloc: string;
  path: string;
  query: string;
  fragment: string;
}

const SCHEME_CHARS = /^[A-Za-z0-9+\-.]+$/;

/** Python's `urlsplit` for the ASCII, control-free text that reaches it here. */
function urlsplit(url: string): SplitUri {
  let scheme = '';
  let netloc = '';
  let query = '';
  let fragment = '';
  const colon = url.indexOf(':');
  if (colon > 0 && /^[A-Za-z]/.test(url) && SCHEME_CHARS.test(url.slice(0, colon))) {
    scheme = url.slice(0, colon).toLowerCase();
    url = url.slice(colon + 1);
  }
  if (url.startsWith('//')) {
    let end = url.length;
    for (const delimiter of '/?#') {
      const at = url.indexOf(delimiter, 2);
      if (at >= 0) end = Math.min(end, at);
    }
    netloc = url.slice(2, end);
    url = url.slice(end);
  }
  const hash = url.indexOf('#');
  if (hash >= 0) [url, fragment] = [url.slice(0, hash), url.slice(hash + 1)];
  const question = url.indexOf('?');
  if (question >= 0) [url, query] = [url.slice(0, question), url.slice(question + 1)];
  return { scheme, netloc, path: url, query, fragment };
}

/** Python's `urlunsplit` (CPython 3.11) without the fragment, which Airflow always drops. */
function urlunsplit({ scheme, netloc, path, query }: SplitUri): string {
  let url = path;
  if (netloc || (scheme && USES_NETLOC.has(scheme) && !url.startsWith('//'))) {
    if (url && !url.startsWith('/')) url = `/${url}`;
    url = `//${netloc}${url}`;
  }
  if (scheme) url = `${scheme}:${url}`;
  if (query) url = `${url}?${query}`;
  return url;
}

/** `%XX` escapes decoded to bytes, everything else as its ASCII byte (Python's `unquote_to_bytes`). */
function unquoteToBytes(text: string): number[] {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '%' && /^[0-9A-Fa-f]{2}$/.test(text.slice(i + 1, i + 3))) {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(text.charCodeAt(i));
    }
  }
  return bytes;
}

/** Whether bytes are well-formed UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF). */
function isUtf8(bytes: readonly number[]): boolean {
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i]!;
    const [length, low, high] = b < 0x80 ? [1, 0, 0] : b >= 0xc2 && b <= 0xdf ? [2, 0x80, 0xbf] : b === 0xe0 ? [3, 0xa0, 0xbf] : b === 0xed ? [3, 0x80, 0x9f] : b >= 0xe1 && b <= 0xef ? [3, 0x80, 0xbf] : b === 0xf0 ? [4, 0x90, 0xbf] : b >= 0xf1 && b <= 0xf3 ? [4, 0x80, 0xbf] : b === 0xf4 ? [4, 0x80, 0x8f] : [0, 0, 0];
    if (length === 0 || i + length > bytes.length) return false;
    if (length > 1 && (bytes[i + 1]! < low || bytes[i + 1]! > high)) return false;
    for (let k = 2; k < length; k++) if (bytes[i + k]! < 0x80 || bytes[i + k]! > 0xbf) return false;
    i += length;
  }
  return true;
}

const QUOTE_SAFE = /^[A-Za-z0-9_.\-~]$/;

/** Python's `quote_plus` of the text these bytes encode. */
function quotePlus(bytes: readonly number[]): string {
  let out = '';
  for (const b of bytes) {
    const ch = String.fromCharCode(b);
    if (b < 0x80 && QUOTE_SAFE.test(ch)) out += ch;
    else if (b === 0x20) out += '+';
    else out += `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

const compareBytes = (a: readonly number[], b: readonly number[]) => {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
};

/** `urlencode(sorted(parse_qsl(query)))`: blank values dropped, pairs sorted, each side re-encoded. */
function normalizeQuery(query: string): { ok: true; query: string } | { ok: false; message: string } {
  const pairs: [number[], number[]][] = [];
  for (const field of query.split('&')) {
    const equals = field.indexOf('=');
    if (equals < 0 || equals === field.length - 1) continue; // no value: parse_qsl drops it
    const name = unquoteToBytes(field.slice(0, equals).replace(/\+/g, ' '));
    const value = unquoteToBytes(field.slice(equals + 1).replace(/\+/g, ' '));
    if (!isUtf8(name) || !isUtf8(value)) {
      return { ok: false, message: `its query field "${field}" has percent-escapes that are not UTF-8 text, which Airflow would replace with U+FFFD` };
    }
    pairs.push([name, value]);
  }
  pairs.sort((a, b) => compareBytes(a[0], b[0]) || compareBytes(a[1], b[1]));
  return { ok: true, query: pairs.map(([name, value]) => `${quotePlus(name)}=${quotePlus(value)}`).join('&') };
}

/**
 * Checks an asset URI as Airflow does and returns the form Airflow stores (`x://a` → `x://a/`), or a message that
 * says what Airflow (or the stricter rule above) refuses.
 */
export function normalizeAssetUri(uri: string): AssetUriResult {
  const problem = identifierProblem(uri, 'an asset URI');
  if (problem) return refuse(problem);
  for (let i = 0; i < uri.length; i++) {
    const code = uri.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) {
      return refuse(`an asset URI must not contain control characters (found ${describeChar(uri, i)}): Python's URL parser deletes tabs and newlines silently, so the asset would get another URI`);
    }
  }
  if (uri !== uri.trim()) return refuse('an asset URI must not start or end with spaces: Python\'s URL parser strips leading ones silently');
  const parts = urlsplit(uri);
  if (!parts.scheme && !parts.netloc) return { ok: true, uri }; // not a URI: Airflow keeps it as it is
  if (!parts.scheme || parts.scheme.startsWith('x-')) return { ok: true, uri };
  if (parts.scheme === 'airflow') return refuse('the URI scheme "airflow" is reserved by Airflow');
  if (parts.netloc.includes('@')) {
    return refuse('an asset URI must not hold user info (the part before "@" in the host): Airflow drops it with a warning, and a DAG file is no place for a password');
  }
  if (/[[\]]/.test(parts.netloc)) return refuse('an asset URI with "[" or "]" in its host (an IPv6 address) is not supported by the playground');
  if (!parts.netloc && USES_NETLOC.has(parts.scheme) && parts.path && !parts.path.startsWith('/')) {
    return refuse(`a "${parts.scheme}:" URI needs "//" or an absolute path (e.g. ${parts.scheme}:///${parts.path}): Python versions normalize this form differently`);
  }
  const query = normalizeQuery(parts.query);
  if (!query.ok) return refuse(`an asset URI is not accepted: ${query.message}`);
  const path = parts.path.replace(/\/+$/, '') || '/';
  return { ok: true, uri: urlunsplit({ ...parts, path, query: query.query, fragment: '' }) };
}
