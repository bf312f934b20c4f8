import { parseFaults, type FaultSpec } from '../workers/faults';
import type { RuntimeSettings } from '../workers/protocol';
import { checkNamedSetting, type UserSettings } from './userSettings';
import { displayText, listText, quoted } from '../../core/displayText';

/** The settings a URL parameter may set for one page load, by parameter name. */
export const URL_SETTING_PARAMS = { seed: 'seed', backend: 'backend', speed: 'speed', pool: 'poolSize' } as const;
type UrlSettingName = (typeof URL_SETTING_PARAMS)[keyof typeof URL_SETTING_PARAMS];

export type UrlOverrides = Partial<Pick<UserSettings, UrlSettingName>>;

/** What the URL asks of this page load, with what was wrong in it: the UI shows these errors in a banner. */
export interface UrlSettings {
  /** Settings that replace the stored ones for this page load. */
  readonly overrides: UrlOverrides;
  /** Faults to inject (`?fault=extract:throw@1`, repeatable), see faults.ts. */
  readonly faults: readonly FaultSpec[];
  /** The DAG to trigger once, when the page is ready (`?autorun=ml_producer`, or `?autorun=1` for the producer). */
  readonly autorun: string | null;
  readonly errors: readonly string[];
}

export interface UrlSettingsContext {
  /** The values in force without the URL (stored or default): an unusable parameter leaves them, and says so. */
  readonly fallback: UserSettings;
  readonly hardwareConcurrency: number | undefined;
  /** Known task ids: a fault on another task is reported (a typo would otherwise inject nothing, silently). */
  readonly taskIds?: readonly string[];
  /** Known DAG ids, and the one `autorun=1` triggers. */
  readonly dagIds?: readonly string[];
  readonly defaultAutorun?: string;
}

const AUTORUN_ON = ['1', 'true', 'yes', ''];
const AUTORUN_OFF = ['0', 'false', 'no'];

/**
 * Reads `?seed=7&backend=cpu&speed=airflow&pool=3&autorun=1&fault=extract:throw@1`, for repeatable demos and test
 * suites. A value that cannot be used is left out (the stored or default value stays) and reported in `errors`, one
 * message each, naming the parameter, the value and what it accepts.
 */
export function readUrlSettings(search: string, context: UrlSettingsContext): UrlSettings {
  const params = new URLSearchParams(search);
  const errors: string[] = [];
  const overrides: Record<string, unknown> = {};
  for (const [param, name] of Object.entries(URL_SETTING_PARAMS)) {
    const values = params.getAll(param);
    if (values.length === 0) continue;
    const text = values[values.length - 1]!;
    if (values.length > 1) errors.push(`${quoted(param)} is given ${values.length} times; the last one (${displayText(text)}) counts.`);
    const check = checkNamedSetting(name, text, context.hardwareConcurrency);
    if (check.ok) overrides[name] = check.value;
    else errors.push(`Invalid ${param} ${quoted(text)}: ${check.error} Using ${String(context.fallback[name])}.`);
  }
  const parsedFaults = parseFaults(params.getAll('fault'), context.taskIds);
  return {
    overrides: overrides as UrlOverrides,
    faults: parsedFaults.faults,
    autorun: readAutorun(params.get('autorun'), context, errors),
    errors: [...errors, ...parsedFaults.errors],
  };
}

function readAutorun(text: string | null, context: UrlSettingsContext, errors: string[]): string | null {
  if (text === null || AUTORUN_OFF.includes(text.toLowerCase())) return null;
  if (AUTORUN_ON.includes(text.toLowerCase())) {
    if (context.defaultAutorun) return context.defaultAutorun;
    errors.push(`autorun=${displayText(text)} names no DAG and this playground has no default one; nothing is triggered.`);
    return null;
  }
  if (context.dagIds && !context.dagIds.includes(text)) {
    errors.push(`Invalid autorun ${quoted(text)}: no DAG has that id (known: ${listText(context.dagIds)}); nothing is triggered.`);
    return null;
  }
  return text;
}

/** The stored settings with this page load's URL overrides on top. */
export function withOverrides(stored: UserSettings, overrides: UrlOverrides): UserSettings {
  return { ...stored, ...overrides };
}

/** What every try of a run gets (its worker reads the seed, the backend, the faults and where the site lives). */
export function runtimeSettingsOf(settings: Pick<UserSettings, 'seed' | 'backend'>, baseUrl: string, faults: readonly FaultSpec[]): RuntimeSettings {
  return { seed: settings.seed, backend: settings.backend, baseUrl, faults };
}

/** The URL without `autorun`: once the run is triggered, a reload of the page must not trigger it again. */
export function withoutAutorun(href: string): string {
  const url = new URL(href);
  url.searchParams.delete('autorun');
  return url.href;
}
