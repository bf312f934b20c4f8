import * as v from 'valibot';
import { own } from '../../core/ownKeys';
import { MAX_READABLE_MB } from '../../pipelines/upload/limits';
import { TF_BACKENDS, type TfBackend } from '../../taskApi/taskSettings';
import { defaultPoolSize } from '../workers/workerPool';
import { displayText, quoted } from '../../core/displayText';

/**
 * How fast the playground schedules: `instant` hands a finished task to its dependent at once (milliseconds);
 * `airflow` adds Airflow 2's typical latencies (scheduler loop, dataset trigger) so a class can see what they cost.
 */
export type SchedulingSpeed = 'instant' | 'airflow';

export const SCHEDULING_SPEEDS: readonly SchedulingSpeed[] = ['instant', 'airflow'];

/** "Fail the next try of task X": armed in the Settings page, used up by the next try of that task. */
export interface ArmedFailure {
  readonly dagId: string;
  readonly taskId: string;
}

/** What a person sets in the Settings page (kept in this browser); URL parameters override them for one page load. */
export interface UserSettings {
  readonly poolSize: number;
  readonly backend: TfBackend;
  readonly seed: number;
  readonly speed: SchedulingSpeed;
  /** Probability (0–1) that any task try fails on purpose, to watch retries; seeded, so a seed repeats the failures. */
  readonly failureProbability: number;
  /** The largest CSV a person may upload, in megabytes. */
  readonly maxUploadMb: number;
  /** Tasks whose next try fails on purpose (each entry is used up by one try). */
  readonly failNextTry: readonly ArmedFailure[];
}

export const DEFAULT_USER_SETTINGS: UserSettings = {
  poolSize: 2,
  backend: 'wasm',
  seed: 42,
  speed: 'instant',
  failureProbability: 0,
  maxUploadMb: 50,
  failNextTry: [],
};

/** The largest seed: the seeded generator (mulberry32) works on 32 bits, so larger seeds would repeat smaller ones. */
export const MAX_SEED = 0xffff_ffff;
/** A browser tab cannot read a larger text file as one string (pipelines/upload/limits.ts). */
export const MAX_UPLOAD_MB = MAX_READABLE_MB;

/** The pool sizes this machine allows: up to twice its logical cores (more workers than that only thrash). */
export function maxPoolSize(hardwareConcurrency: number | undefined): number {
  return Math.max(2, 2 * Math.max(1, Math.floor(hardwareConcurrency ?? 2)));
}

/** The defaults on this machine: as many workers as cores, at most 4 (see defaultPoolSize). */
export function defaultUserSettings(hardwareConcurrency: number | undefined): UserSettings {
  return { ...DEFAULT_USER_SETTINGS, poolSize: defaultPoolSize(hardwareConcurrency) };
}

/** A setting checked: its value, or the message that names the setting, the value and what it accepts. */
export type SettingCheck<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

const show = (value: unknown) => (typeof value === 'string' ? quoted(value) : displayText(JSON.stringify(value) ?? String(value)));

/**
 * Values come as text (a form field, a URL parameter) or as numbers (JSON read back). Text is plain decimal only:
 * "1e3" or "0x10" are refused rather than read as something the person did not type.
 */
const decimal = v.union([
  v.number(),
  v.pipe(
    v.string(),
    v.trim(),
    v.regex(/^(\d+(\.\d*)?|\.\d+)$/),
    v.transform(Number),
  ),
]);
const wholeNumber = (min: number, max: number) => v.pipe(decimal, v.integer(), v.minValue(min), v.maxValue(max));

/** A setting's schema, and the one message any value it refuses gets. */
interface SettingRule<T> {
  readonly schema: v.GenericSchema<unknown, T>;
  readonly refusal: (value: unknown) => string;
}

/** Each setting's schema; the error names the setting, the value and what it accepts. */
function settingRules(hardwareConcurrency: number | undefined): { readonly [K in keyof UserSettings]: SettingRule<UserSettings[K]> } {
  const maxPool = maxPoolSize(hardwareConcurrency);
  return {
    poolSize: { schema: wholeNumber(1, maxPool), refusal: (value) => `Worker pool size must be a whole number from 1 to ${maxPool}, got ${show(value)}.` },
    backend: { schema: v.picklist(TF_BACKENDS), refusal: (value) => `The tfjs backend must be one of ${TF_BACKENDS.join(', ')}, got ${show(value)}.` },
    seed: { schema: wholeNumber(0, MAX_SEED), refusal: (value) => `The seed must be a whole number from 0 to ${MAX_SEED}, got ${show(value)}.` },
    speed: { schema: v.picklist(SCHEDULING_SPEEDS), refusal: (value) => `The speed must be one of ${SCHEDULING_SPEEDS.join(', ')}, got ${show(value)}.` },
    failureProbability: {
      schema: v.pipe(decimal, v.finite(), v.minValue(0), v.maxValue(1)),
      refusal: (value) => `The failure probability must be a number from 0 to 1, got ${show(value)}.`,
    },
    maxUploadMb: {
      schema: wholeNumber(1, MAX_UPLOAD_MB),
      refusal: (value) => `The maximum upload size (MB) must be a whole number from 1 to ${MAX_UPLOAD_MB}, got ${show(value)}.`,
    },
    failNextTry: {
      // v.object keeps only dagId and taskId: an entry read back carries nothing else.
      schema: v.array(v.object({ dagId: v.string(), taskId: v.string() })),
      refusal: (value) => `"Fail the next try" must be a list of {dagId, taskId}, got ${show(value)}.`,
    },
  };
}

export type SettingName = keyof UserSettings;
export const SETTING_NAMES = Object.keys(DEFAULT_USER_SETTINGS) as SettingName[];

/** Checks one setting by name (for values typed into a form, given in the URL or read back from storage). */
export function checkNamedSetting<K extends SettingName>(name: K, value: unknown, hardwareConcurrency: number | undefined): SettingCheck<UserSettings[K]> {
  // A name from outside (a forwarded command, a stored record) may be anything, `__proto__` included.
  const rule = own(settingRules(hardwareConcurrency) as unknown as Record<string, SettingRule<UserSettings[K]>>, name);
  if (!rule) return { ok: false, error: `There is no setting named ${show(name)}; the settings are ${SETTING_NAMES.join(', ')}.` };
  const parsed = v.safeParse(rule.schema, value);
  return parsed.success ? { ok: true, value: parsed.output } : { ok: false, error: rule.refusal(value) };
}

export interface SettingsRead {
  readonly settings: UserSettings;
  /** What could not be used, one message each; the setting concerned has its default instead. */
  readonly errors: readonly string[];
}

/** The key of the settings record in localStorage. */
export const SETTINGS_STORAGE_KEY = 'pipeline-playground.settings';
/** Bumped when the record's shape changes incompatibly; an unknown version is refused, not guessed at. */
export const SETTINGS_RECORD_VERSION = 1;

const plainObject = v.custom<Record<string, unknown>>((value) => typeof value === 'object' && value !== null && !Array.isArray(value));
/** The record in storage: a version this build knows, around the settings (each checked on its own below). */
const settingsRecordSchema = v.looseObject({ version: v.literal(SETTINGS_RECORD_VERSION), settings: plainObject });

/**
 * Validates a settings record read back from storage: each field on its own, so one corrupt value costs only that
 * setting (it falls back to its default, with a message); a missing field takes its default silently (an older record).
 */
export function validateUserSettings(record: unknown, hardwareConcurrency: number | undefined): SettingsRead {
  const defaults = defaultUserSettings(hardwareConcurrency);
  if (!v.is(plainObject, record)) {
    return { settings: defaults, errors: [`The stored settings are not a settings record (${show(record)}); using the defaults.`] };
  }
  const envelope = v.safeParse(settingsRecordSchema, record);
  if (!envelope.success) {
    return {
      settings: defaults,
      errors: [`The stored settings have an unknown format (version ${show(record.version)}, expected ${SETTINGS_RECORD_VERSION}); using the defaults.`],
    };
  }
  const settings = envelope.output.settings;
  const values: Record<string, unknown> = { ...defaults };
  const errors: string[] = [];
  for (const name of SETTING_NAMES) {
    const stored = settings[name];
    if (stored === undefined) continue;
    const check = checkNamedSetting(name, stored, hardwareConcurrency);
    if (check.ok) values[name] = check.value;
    else errors.push(`Stored setting ignored: ${check.error} Using the default (${show(defaults[name])}).`);
  }
  return { settings: values as unknown as UserSettings, errors };
}

/** The part of the Web Storage API used here (localStorage fits; tests pass a Map-backed one). */
export type SettingsStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** Reads the stored settings; nothing stored gives the defaults, a corrupt record gives the defaults and a message. */
export function loadUserSettings(storage: SettingsStorage | null, hardwareConcurrency: number | undefined): SettingsRead {
  const defaults = defaultUserSettings(hardwareConcurrency);
  if (!storage) return { settings: defaults, errors: [] };
  let text: string | null;
  try {
    text = storage.getItem(SETTINGS_STORAGE_KEY);
  } catch (error) {
    return { settings: defaults, errors: [`This browser would not let the playground read its settings (${String(error)}); using the defaults.`] };
  }
  if (text === null) return { settings: defaults, errors: [] };
  let record: unknown;
  try {
    record = JSON.parse(text);
  } catch {
    return { settings: defaults, errors: [`The stored settings are not valid JSON (${text.slice(0, 40)}…); using the defaults.`] };
  }
  return validateUserSettings(record, hardwareConcurrency);
}

/** Stores the settings; the error (storage full or disabled) is returned, not thrown, for the page to show. */
export function saveUserSettings(storage: SettingsStorage | null, settings: UserSettings): string | null {
  if (!storage) return 'This browser gives the playground no local storage: settings last until the page is closed.';
  try {
    storage.setItem(SETTINGS_STORAGE_KEY, JSON.stringify({ version: SETTINGS_RECORD_VERSION, settings }));
    return null;
  } catch (error) {
    return `The settings could not be saved in this browser (${error instanceof Error ? error.message : String(error)}); they last until the page is closed.`;
  }
}

let source: () => UserSettings = () => DEFAULT_USER_SETTINGS;

/**
 * The settings in force in this page now (stored, with the URL's overrides): what code outside the Settings page
 * reads, e.g. the upload panel's `maxUploadMb`. The defaults until the page has loaded its settings.
 */
export function currentUserSettings(): UserSettings {
  return source();
}

/** Called once by the page's entry (main.tsx) with the live settings; tests may call it with their own. */
export function provideCurrentUserSettings(read: () => UserSettings): void {
  source = read;
}
