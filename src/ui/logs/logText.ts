import type { LogLevel, LogLine } from '../../core/logLine';
import { containBidi } from '../../core/bidiText';
import { shortenText, visibleControls } from '../../core/displayText';

export const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warning', 'error'];

/** A line as text, the way Airflow's task log prints it: `[2026-11-23T22:56:52.123Z] {INFO} message`. */
export function formatLogLine(line: LogLine): string {
  return `[${new Date(line.timestamp).toISOString()}] {${line.level.toUpperCase()}} ${line.message}`;
}

/** The lines a person asked to see: of the chosen levels, and containing the search text (case-insensitive). */
export function filterLogLines(lines: readonly LogLine[], levels: ReadonlySet<LogLevel>, query: string): LogLine[] {
  const needle = query.trim().toLowerCase();
  return lines.filter((line) => levels.has(line.level) && (needle === '' || line.message.toLowerCase().includes(needle)));
}

/** How many lines of each level a log has: the level filter shows the counts. */
export function countByLevel(lines: readonly LogLine[]): Record<LogLevel, number> {
  const counts: Record<LogLevel, number> = { debug: 0, info: 0, warning: 0, error: 0 };
  for (const line of lines) counts[line.level]++;
  return counts;
}

/** Lines longer than this are shown as head … tail; Copy and Download keep them whole. */
export const LOG_LINE_SHOWN_CHARS = 4_000;

/**
 * A line's message as the log panel shows it: controls as pictures (line breaks kept), every bidi override that is
 * not inside a balanced isolate shown rather than obeyed (task code logs whatever it likes), and shortened when huge.
 */
export function shownLogMessage(message: string): string {
  return shortenText(containBidi(visibleControls(message, { keepLineBreaks: true })), { max: LOG_LINE_SHOWN_CHARS });
}

export interface TextSegment {
  readonly text: string;
  readonly match: boolean;
}

/**
 * Splits text around every case-insensitive occurrence of `query`, so matches can be wrapped in <mark> elements by
 * React: the log text stays text. Joining the segments gives the text back.
 */
export function splitMatches(text: string, query: string): TextSegment[] {
  const needle = query.trim().toLowerCase();
  if (!needle) return [{ text, match: false }];
  const haystack = text.toLowerCase();
  const segments: TextSegment[] = [];
  let from = 0;
  for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + needle.length)) {
    if (at > from) segments.push({ text: text.slice(from, at), match: false });
    segments.push({ text: text.slice(at, at + needle.length), match: true });
    from = at + needle.length;
  }
  if (from < text.length || segments.length === 0) segments.push({ text: text.slice(from), match: false });
  return segments;
}

/** A log as one text file: one formatted line each, newline-terminated. */
export function logFileText(lines: readonly LogLine[]): string {
  return lines.map((line) => `${formatLogLine(line)}\n`).join('');
}

/** `ml_consumer__<run>__train__try-2.log`: a file name that says what it holds and is safe on every file system. */
export function logFileName(dagId: string, runId: string, taskId: string, tryNumber: number): string {
  const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, '_');
  return `${safe(dagId)}__${safe(runId)}__${safe(taskId)}__try-${tryNumber}.log`;
}
