import { fromBase64Url, toBase64Url } from './base64url';
import { deflateRaw, inflateRaw } from './deflateRaw';
import { MAX_FRAGMENT_CHARS, MAX_SHARE_JSON_BYTES, MAX_SHARE_URL_CHARS, SHARE_FORMAT_VERSION, kB } from './shareLimits';
import { checkSharePayload, type SharePayload } from './sharePayload';
import { groupDigits } from '../core/groupDigits';

export type { SharePayload, SharedFile, SharedSettings } from './sharePayload';

/** The hash route a share link opens: `#/share/<payload>`. */
export const SHARE_ROUTE_PREFIX = '#/share/';

export type EncodeResult =
  | { readonly ok: true; readonly fragment: string; readonly urlLength: number }
  /** `tooLong`: the payload is fine but the link would pass MAX_SHARE_URL_CHARS (offer the file(s) as a download). */
  | { readonly ok: false; readonly error: string; readonly tooLong?: true };

export type DecodeResult = { readonly ok: true; readonly payload: SharePayload } | { readonly ok: false; readonly error: string };

export interface EncodeOptions {
  /** The page URL the link will start with: its length counts towards the bound. Without it, the fragment alone. */
  readonly base?: string;
}

/** `base` without its own fragment, followed by the share fragment. */
export function shareUrlOf(base: string, fragment: string): string {
  const hashAt = base.indexOf('#');
  return `${hashAt < 0 ? base : base.slice(0, hashAt)}${fragment.startsWith('#') ? fragment : `#${fragment}`}`;
}

/**
 * The fragment `#/share/1.<base64url(deflate-raw(JSON))>` of a payload. The payload is checked with the same rules
 * as an opened link (a link this makes always opens); a link longer than MAX_SHARE_URL_CHARS is refused.
 */
export async function encodeShareFragment(payload: SharePayload, options: EncodeOptions = {}): Promise<EncodeResult> {
  const checked = checkSharePayload(payload);
  if (!checked.ok) return checked;
  const json = new TextEncoder().encode(JSON.stringify(checked.payload));
  if (json.byteLength > MAX_SHARE_JSON_BYTES) {
    return { ok: false, tooLong: true, error: `These files hold ${kB(json.byteLength)}; a share link holds at most ${kB(MAX_SHARE_JSON_BYTES)}.` };
  }
  const fragment = `${SHARE_ROUTE_PREFIX}${SHARE_FORMAT_VERSION}.${toBase64Url(await deflateRaw(json))}`;
  const urlLength = options.base === undefined ? fragment.length : shareUrlOf(options.base, fragment).length;
  if (urlLength > MAX_SHARE_URL_CHARS) {
    return {
      ok: false,
      tooLong: true,
      error: `The link would have ${groupDigits(urlLength)} characters; links past ${groupDigits(MAX_SHARE_URL_CHARS)} are cut by chat tools and mail clients.`,
    };
  }
  return { ok: true, fragment, urlLength };
}

const refuse = (error: string): DecodeResult => ({ ok: false, error });

/**
 * Reads a share fragment (`#/share/1.…`, `/share/1.…` or `1.…`) defensively: every way a link can be damaged or
 * hostile — wrong characters, cut short, not deflate, a decompression bomb, not UTF-8, not JSON, the wrong shape, too
 * many or too large files, bad names — ends in one clear sentence, before anything is stored or run.
 */
export async function decodeShareFragment(fragment: string): Promise<DecodeResult> {
  let text = fragment.startsWith('#') ? fragment.slice(1) : fragment;
  if (text.startsWith('/share/')) text = text.slice('/share/'.length);
  if (text === '') return refuse('This share link is empty: nothing follows #/share/.');
  if (text.length > MAX_FRAGMENT_CHARS) {
    return refuse(`This share link has ${groupDigits(text.length)} characters; the playground reads at most ${groupDigits(MAX_FRAGMENT_CHARS)}.`);
  }
  const versioned = /^(\d{1,6})\.(.*)$/s.exec(text);
  if (!versioned) return refuse(`This share link has no format version: it should start with ${SHARE_FORMAT_VERSION}. after #/share/.`);
  if (Number(versioned[1]) !== SHARE_FORMAT_VERSION) {
    return refuse(`This share link is in format ${versioned[1]}; this playground reads format ${SHARE_FORMAT_VERSION} (was it made by a newer version?).`);
  }
  const bytes = fromBase64Url(versioned[2]!);
  if (!bytes || bytes.byteLength === 0) return refuse('This share link is damaged: it is not base64url text (was it cut or changed when copied?).');
  const inflated = await inflateRaw(bytes, MAX_SHARE_JSON_BYTES);
  if (!inflated.ok) {
    return refuse(
      inflated.reason === 'too-large'
        ? `This share link unpacks to more than ${kB(MAX_SHARE_JSON_BYTES)}: refused (a shared pipeline is far smaller).`
        : 'This share link is damaged: its compressed data is cut short or corrupt (was it copied whole?).',
    );
  }
  let jsonText: string;
  try {
    jsonText = new TextDecoder('utf-8', { fatal: true }).decode(inflated.bytes);
  } catch {
    return refuse('This share link is damaged: what it unpacks to is not UTF-8 text.');
  }
  let json: unknown;
  try {
    json = JSON.parse(jsonText);
  } catch {
    // The parser's own message quotes the input: a stranger's text has no place in it.
    return refuse("This share link is damaged: its contents are not JSON.");
  }
  return checkSharePayload(json);
}
