import type { CollectResult, RetentionResult } from '../../runtime/storage/maintenance';
import { groupDigits } from '../../core/groupDigits';

/** localStorage key of the Storage panel's retention setting. */
export const RETENTION_KEY = 'pipeline-playground:keep-versions';
export const DEFAULT_KEEP_VERSIONS = 10;
export const MAX_KEEP_VERSIONS = 1000;

/** The retention setting from storage: a whole number from 1 to 1000, else the default. */
export function readKeepVersions(storage: Pick<Storage, 'getItem'> | undefined): number {
  let text: string | null = null;
  try {
    text = storage?.getItem(RETENTION_KEY) ?? null;
  } catch {
    // Storage blocked (privacy settings): use the default.
  }
  return parseKeepVersions(text) ?? DEFAULT_KEEP_VERSIONS;
}

export function parseKeepVersions(text: string | null): number | null {
  if (text === null || !/^\s*\d+\s*$/.test(text)) return null;
  const value = Number(text);
  return value >= 1 && value <= MAX_KEEP_VERSIONS ? value : null;
}

/** Bytes as people read them, up to GB (a quota is often a sizeable part of the disk). */
export function formatStorageBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} kB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GB`;
}

/** "12.3 MB of 1.20 GB used (1.0%)" from navigator.storage.estimate(). */
export function usageText(usage: number, quota: number): string {
  const share = quota > 0 ? ` (${((usage / quota) * 100).toFixed(usage / quota < 0.1 ? 1 : 0)}%)` : '';
  return `${formatStorageBytes(usage)} of ${formatStorageBytes(quota)} used${share}`;
}

const plural = (n: number, one: string, many = `${one}s`) => `${groupDigits(n)} ${n === 1 ? one : many}`;

/** What "Delete old versions now" did, in one sentence or two. */
export function pruneText(keep: number, retention: RetentionResult, collected: CollectResult): string {
  const parts: string[] = [];
  if (retention.deletedVersions.length > 0) {
    parts.push(`${plural(retention.deletedVersions.length, 'old version')} (${formatStorageBytes(retention.freedBytes)})`);
  }
  if (retention.deletedTaskOutputs > 0) parts.push(plural(retention.deletedTaskOutputs, 'intermediate task output'));
  if (collected.deleted.length > 0) parts.push(plural(collected.deleted.length, 'unfinished version', 'unfinished versions') + ' of failed tries');
  if (collected.deletedModels.length > 0) parts.push(plural(collected.deletedModels.length, 'unfinished model') + ' of failed tries');
  if (retention.deletedRuns.length > 0) parts.push(plural(retention.deletedRuns.length, 'old run'));
  let text = parts.length > 0 ? `Deleted ${joinList(parts)}.` : `Nothing to delete: no asset has more than ${plural(keep, 'version')}.`;
  if (retention.protectedVersions.length > 0) {
    text += ` Kept ${plural(retention.protectedVersions.length, 'older version')} a waiting or running consumer still needs.`;
  }
  return text;
}

function joinList(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
