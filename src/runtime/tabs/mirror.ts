import type { DatasetEvent } from '../../core/model';
import type { LogLine } from '../../core/logLine';
import type { Notification } from '../../core/notification';
import type { DatasetVersionMeta } from '../../core/records';
import type { SchedulerState } from '../../core/schedulerState';
import type { CoordinatorNotice } from '../coordinator';

/**
 * What a mirroring tab receives to show the same playground as the scheduling tab: the coordinator's notices, plus the
 * dataset versions' metadata the scheduling tab re-reads from IndexedDB after each dataset event. The page's store
 * applies them (src/store/applyNotice.ts) as they come, in either tab: the runtime only carries them.
 */
export type MirrorNotice = CoordinatorNotice | { readonly type: 'dataset_versions'; readonly versions: readonly DatasetVersionMeta[] };

/** The full picture a mirroring tab starts from: the part of the page's state that notices feed. */
export interface MirrorSnapshot {
  readonly scheduler: SchedulerState | null;
  readonly datasetVersions: readonly DatasetVersionMeta[];
  readonly datasetEvents: readonly DatasetEvent[];
  readonly notifications: readonly Notification[];
  readonly logs: Readonly<Record<string, readonly LogLine[]>>;
  readonly storageError: string | null;
}

/** Where the scheduling tab's news come from: the full picture now, and each change after. */
export interface MirrorSource {
  snapshot(): MirrorSnapshot;
  subscribe(listener: (notice: MirrorNotice) => void): () => void;
}

/** Where a mirroring tab puts what it receives (the page's store). */
export interface MirrorTarget {
  applySnapshot(snapshot: MirrorSnapshot): void;
  applyNotice(notice: MirrorNotice): void;
}
