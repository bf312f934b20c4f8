/**
 * How big a share link may be, and what a link may hold when it is opened.
 *
 * The URL bound is not a browser limit (Chrome keeps 2 MB of URL, Firefox ~1 MB) but what survives being passed
 * around: chat tools, mail clients and link shorteners cut or refuse long links, and some proxies and servers stop
 * at 8 kB of request line. 8,000 characters of full URL is the bound "Copy link" keeps; past it, it offers a download.
 */
export const MAX_SHARE_URL_CHARS = 8_000;

/** The text after `#/share/` that decoding reads at all: a hand-built link may exceed what Copy link makes. */
export const MAX_FRAGMENT_CHARS = 65_536;

/** The JSON a link may unpack to; reading stops past it (a few kB of deflate can unpack to gigabytes). */
export const MAX_SHARE_JSON_BYTES = 262_144;

/** One shared file's text, in characters. */
export const MAX_SHARED_FILE_CHARS = 131_072;

/** Files in one link. */
export const MAX_SHARED_FILES = 20;

/** The "where it came from" line, in characters (it is shown shortened anyway). */
export const MAX_ORIGIN_CHARS = 300;

/** The version prefix of the payload: `1.` + base64url(deflate-raw(JSON)). */
export const SHARE_FORMAT_VERSION = 1;

export const kB = (bytes: number) => `${Math.round(bytes / 1024)} kB`;
