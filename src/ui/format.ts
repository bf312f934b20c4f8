import type { Schedule } from '../core/dag';
import { conditionText } from '../core/datasetCondition';
import { assertNever } from '../core/states';
import { groupDigits } from '../core/groupDigits';

export function scheduleText(schedule: Schedule): string {
  switch (schedule.type) {
    case 'manual':
      return 'manual';
    case 'datasets':
      return `on ${conditionText(schedule.condition)}`;
    default:
      return assertNever(schedule, 'schedule');
  }
}

/**
 * A duration in words. Never negative: timestamps are wall-clock, and a clock set back between two of them (across a
 * reload; within a page the scheduler moves what is going on with the clock) must not show as "−3553698 ms".
 */
export function formatDuration(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return '—';
  const d = Math.max(0, ms);
  if (d < 1000) return `${Math.round(d)} ms`;
  if (d < 60_000) return `${(d / 1000).toFixed(2)} s`;
  return `${Math.floor(d / 60_000)} min ${Math.round((d % 60_000) / 1000)} s`;
}

/** From start to end, at least 0 (see formatDuration); null while either is unknown. */
export function span(start: number | null, end: number | null): number | null {
  return start === null || end === null ? null : Math.max(0, end - start);
}

export function formatTime(timestamp: number | null): string {
  if (timestamp === null) return '—';
  const d = new Date(timestamp);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} kB`;
  return `${(bytes / 1024 / 1024).toFixed(2)} MB`;
}

/** A count with digit grouping ("20,640"), as everywhere on the page: see groupDigits (no Intl, no ICU start-up). */
export const formatCount = groupDigits;
