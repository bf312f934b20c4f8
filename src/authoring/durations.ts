/**
 * Durations in the authoring API, as Airflow's TypeScript SDK takes them: a number of seconds (`retryDelay: 2`), or
 * text with units, which reads better: `'500ms'`, `'2s'`, `'5m'`, `'1h'`, `'1h30m'`, `'1.5s'`. Converted to whole
 * milliseconds, the unit of the playground's DAG definitions.
 */
export type DurationResult = { readonly ok: true; readonly ms: number } | { readonly ok: false; readonly message: string };

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/y;

export function parseDuration(value: unknown): DurationResult {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) return { ok: false, message: `a duration must be ≥ 0 seconds, got ${value}` };
    return { ok: true, ms: Math.round(value * 1_000) };
  }
  if (typeof value !== 'string') {
    return { ok: false, message: `a duration is a number of seconds or text such as '2s' or '5m', got ${describeValue(value)}` };
  }
  const text = value.trim();
  let ms = 0;
  PART.lastIndex = 0;
  while (PART.lastIndex < text.length) {
    const start = PART.lastIndex;
    const match = PART.exec(text);
    if (!match || match.index !== start) {
      return { ok: false, message: `cannot read "${value}" as a duration: write a number and a unit (ms, s, m, h, d), e.g. '2s', '1m30s'` };
    }
    ms += Number(match[1]) * UNIT_MS[match[2]!]!;
  }
  if (text === '') return { ok: false, message: 'an empty text is not a duration' };
  return { ok: true, ms: Math.round(ms) };
}

export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return JSON.stringify(value);
  return String(value);
}
