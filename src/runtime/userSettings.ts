import { TF_BACKENDS, type TfBackend } from './protocol';
import { defaultPoolSize } from './workerPool';
import { displayText, quoted } from '../core/displayText';

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
export const MAX_UPLOAD_MB = 1024;

/** The pool sizes this machine allows: up to twice its logical cores (more workers than that only thrash). */
export function maxPoolSize(hardwareConcurrency: number | undefined): number {
  return Math.max(2, 2 * Math.max(1, Math.floor(hardwareConcurrency ?? 2)));
}

/** The defaults on this machine: as many workers as cores, at most 4 (see defaultPoolSize). */
export function defaultUserSettings(hardwareConcurrency: number | undefined): UserSettings {
  return { ...DEFAULT_USER_SETTINGS, poolSize: defaultPoolSize(hardwareConcurrency) };
}

export type FieldCheck<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

const ok = <T>(value: T): FieldCheck<T> => ({ ok: true, value });
const bad = <T>(error: string): FieldCheck<T> => ({ ok: false, error });
const show = (value: unknown) => (typeof value === 'string' ? quoted(value) : displayText(JSON.stringify(value) ?? String(value)));

/**
 * Values come as text (a form field, a URL parameter) or as numbers (JSON read back). Text is plain decimal only:
 * "1e3" or "0x10" are refused rather than read as something the person did not type.
 */
function asNumber(value: unknown): number | null {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && /^(\d+(\.\d*)?|\.\d+)$/.test(value.trim())) return Number(value.trim());
  return null;
}

function wholeNumber(value: unknown, min: number, max: number, what: string): FieldCheck<number> {
  const n = asNumber(value);
  if (n === null || !Number.isInteger(n) || n < min || n > max) {
    return bad(`${what} must be a whole number from ${min} to ${max}, got ${show(value)}.`);
  }
  return ok(n);
}

/** Each setting's check; the error names the setting, the value and what it accepts. */
export const checkSetting = {
  poolSize: (value: unknown, hardwareConcurrency: number | undefined) =>
    wholeNumber(value, 1, maxPoolSize(hardwareConcurrency), 'Worker pool size'),
  backend: (value: unknown): FieldCheck<TfBackend> =>
    (TF_BACKENDS as readonly unknown[]).includes(value)
      ? ok(value as TfBackend)
      : bad(`The tfjs backend must be one of ${TF_BACKENDS.join(', ')}, got ${show(value)}.`),
  seed: (value: unknown) => wholeNumber(value, 0, MAX_SEED, 'The seed'),
  speed: (value: unknown): FieldCheck<SchedulingSpeed> =>
    (SCHEDULING_SPEEDS as readonly unknown[]).includes(value)
      ? ok(value as SchedulingSpeed)
      : bad(`The speed must be one of ${SCHEDULING_SPEEDS.join(', ')}, got ${show(value)}.`),
  failureProbability: (value: unknown): FieldCheck<number> => {
    const n = asNumber(value);
    return n !== null && Number.isFinite(n) && n >= 0 && n <= 1
      ? ok(n)
      : bad(`The failure probability must be a number from 0 to 1, got ${show(value)}.`);
  },
  maxUploadMb: (value: unknown) => wholeNumber(value, 1, MAX_UPLOAD_MB, 'The maximum upload size (MB)'),
  failNextTry: (value: unknown): FieldCheck<readonly ArmedFailure[]> => {
    const isEntry = (e: unknown): e is ArmedFailure =>
      typeof e === 'object' && e !== null && typeof (e as ArmedFailure).dagId === 'string' && typeof (e as ArmedFailure).taskId === 'string';
    return Array.isArray(value) && value.every(isEntry)
      ? ok(value.map((e) => ({ dagId: e.dagId, taskId: e.taskId })))
      : bad(`"Fail the next try" must be a list of {dagId, taskId}, got ${show(value)}.`);
  },
} as const;

export type SettingName = keyof UserSettings;
export const SETTING_NAMES = Object.keys(DEFAULT_USER_SETTINGS) as SettingName[];

/** Checks one setting by name (for values typed into a form or read back from storage). */
export function checkNamedSetting<K extends SettingName>(
  name: K,
  value: unknown,
  hardwareConcurrency: number | undefined,
): FieldCheck<UserSettings[K]> {
  const check = checkSetting[name] as (value: unknown, hardwareConcurrency: number | undefined) => FieldCheck<unknown>;
  return check(value, hardwareConcurrency) as FieldCheck<UserSettings[K]>;
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

/**
 * Validates a settings record read back from storage: each field on its own, so one corrupt value costs only that
 * setting (it falls back to its default, with a message); a missing field takes its default silently (an older record).
 */
export function validateUserSettings(record: unknown, hardwareConcurrency: number | undefined): SettingsRead {
  const defaults = defaultUserSettings(hardwareConcurrency);
  if (typeof record !== 'object' || record === null || Array.isArray(record)) {
    return { settings: defaults, errors: [`The stored settings are not a settings record (${show(record)}); using the defaults.`] };
  }
  const { version, settings } = record as { version?: unknown; settings?: unknown };
  if (version !== SETTINGS_RECORD_VERSION || typeof settings !== 'object' || settings === null || Array.isArray(settings)) {
    return {
      settings: defaults,
      errors: [`The stored settings have an unknown format (version ${show(version)}, expected ${SETTINGS_RECORD_VERSION}); using the defaults.`],
    };
  }
  const values: Record<string, unknown> = { ...defaults };
  const errors: string[] = [];
  for (const name of SETTING_NAMES) {
    const stored = (settings as Record<string, unknown>)[name];
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
