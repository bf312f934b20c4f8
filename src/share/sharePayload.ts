import * as v from 'valibot';
import { quoted, quotedValue } from '../core/displayText';
import { checkFileName } from '../runtime/workspace/fileNames';
import { checkNamedSetting, type UserSettings } from '../runtime/settings/userSettings';
import { MAX_ORIGIN_CHARS, MAX_SHARED_FILE_CHARS, MAX_SHARED_FILES, SHARE_FORMAT_VERSION, kB } from './shareLimits';
import { groupDigits } from '../core/groupDigits';

export interface SharedFile {
  readonly name: string;
  readonly text: string;
}

/** The settings that change what a run produces: they travel with the code so a visitor sees what the author saw. */
export type SharedSettings = Partial<Pick<UserSettings, 'seed' | 'backend' | 'speed'>>;
export const SHARED_SETTING_NAMES = ['seed', 'backend', 'speed'] as const;

/** What a share link holds (the JSON inside `#/share/1.<base64url(deflate-raw(JSON))>`). */
export interface SharePayload {
  readonly v: typeof SHARE_FORMAT_VERSION;
  readonly files: readonly SharedFile[];
  /** The file to show first (one of `files`). */
  readonly active?: string;
  readonly settings?: SharedSettings;
  /** Where it came from, as its author put it ("lesson retries"): untrusted text, shown isolated and shortened. */
  readonly origin?: string;
}

export type PayloadCheck = { readonly ok: true; readonly payload: SharePayload } | { readonly ok: false; readonly error: string };

const plainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The shape only; names, sizes and setting values are checked one by one below, each with its own message. */
const shapeSchema = v.object({
  v: v.literal(SHARE_FORMAT_VERSION),
  files: v.array(v.object({ name: v.string(), text: v.string() })),
  active: v.optional(v.string()),
  settings: v.optional(v.object({ seed: v.optional(v.unknown()), backend: v.optional(v.unknown()), speed: v.optional(v.unknown()) })),
  origin: v.optional(v.string()),
});

const refuse = (error: string): PayloadCheck => ({ ok: false, error });

/**
 * Checks a payload (JSON read from a link, or one about to be put in a link): every field, with one clear message
 * naming the first thing that is wrong. What passes is a fresh object holding only the known fields.
 */
export function checkSharePayload(json: unknown): PayloadCheck {
  if (!plainObject(json)) return refuse('This link holds no shared pipeline: its contents are not an object with files.');
  if (json.v !== SHARE_FORMAT_VERSION) {
    return refuse(`This link is in format ${quotedValue(json.v)}; this playground reads format ${SHARE_FORMAT_VERSION} (was it made by a newer version?).`);
  }
  if (!Array.isArray(json.files) || json.files.length === 0) return refuse('This link holds no files.');
  if (json.files.length > MAX_SHARED_FILES) return refuse(`This link holds ${json.files.length} files; a link may hold at most ${MAX_SHARED_FILES}.`);
  const parsed = v.safeParse(shapeSchema, json);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    const where = v.getDotPath(issue) ?? 'its contents';
    return refuse(`This link's ${where} is not what a shared pipeline holds: ${issue.message}.`);
  }
  const { files, active, settings, origin } = parsed.output;
  const names = new Set<string>();
  for (const [index, file] of files.entries()) {
    const checked = checkFileName(file.name);
    if (!checked.ok) return refuse(`File ${index + 1} of this link has the name ${quoted(file.name)}: ${checked.error}`);
    if (checked.name !== file.name) return refuse(`File ${index + 1} of this link has the name ${quoted(file.name)}: a file name ends in .ts and has no spaces around it.`);
    if (names.has(file.name)) return refuse(`This link holds two files named ${quoted(file.name)}.`);
    names.add(file.name);
    if (file.text.length > MAX_SHARED_FILE_CHARS) {
      return refuse(`The file ${quoted(file.name)} in this link has ${groupDigits(file.text.length)} characters; a shared file may have at most ${kB(MAX_SHARED_FILE_CHARS)}.`);
    }
  }
  if (active !== undefined && !names.has(active)) return refuse(`This link opens ${quoted(active)}, which is not among its files.`);
  const shared: Record<string, unknown> = {};
  for (const name of SHARED_SETTING_NAMES) {
    const value = settings?.[name];
    if (value === undefined) continue;
    // Text would be read as a number by the settings check; a link holds what Copy link wrote, numbers as numbers.
    if (name === 'seed' && typeof value !== 'number') return refuse(`This link's seed ${quotedValue(value)} is not a number.`);
    const checked = checkNamedSetting(name, value, undefined);
    if (!checked.ok) return refuse(`This link's settings cannot be used: ${checked.error}`);
    shared[name] = checked.value;
  }
  if (origin !== undefined && origin.length > MAX_ORIGIN_CHARS) return refuse(`This link's origin text has ${groupDigits(origin.length)} characters; at most ${MAX_ORIGIN_CHARS} are allowed.`);
  return {
    ok: true,
    payload: {
      v: SHARE_FORMAT_VERSION,
      files: files.map(({ name, text }) => ({ name, text })),
      ...(active !== undefined ? { active } : {}),
      ...(Object.keys(shared).length > 0 ? { settings: shared as SharedSettings } : {}),
      ...(origin !== undefined ? { origin } : {}),
    },
  };
}
