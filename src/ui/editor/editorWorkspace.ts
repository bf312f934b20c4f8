import { lessonNamed } from '../../authoring/lessons';
import { openStorage } from '../../runtime/storage/database';
import type { StorageScope } from '../../runtime/storageScope';
import { Workspace, type WorkspaceChange } from '../../runtime/workspace/workspace';

/** The lesson a first visit opens: the housing producer/consumer, exactly the built-in pipeline. */
export const HOUSING_LESSON = 'producer-consumer';

export interface EditorWorkspace {
  readonly workspace: Workspace;
  readonly tabId: string;
  /** Another tab wrote a file of this workspace. */
  subscribe(listener: (change: WorkspaceChange) => void): () => void;
  /** Set once the database was closed for another connection (reset all data): the editor stops writing. */
  closed(): string | null;
}

let opening: Promise<EditorWorkspace> | null = null;

const randomId = () => (typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : `${Date.now()}-${Math.random()}`);

/**
 * The editor's workspace, opened once per page on a connection of its own to the playground's database (or the
 * in-memory one where IndexedDB is refused). Deleted files of earlier sessions leave the trash now; an empty
 * workspace (a first visit) starts with the housing lesson.
 */
export function openEditorWorkspace(scope: StorageScope): Promise<EditorWorkspace> {
  opening ??= (async () => {
    let closedWhy: string | null = null;
    const { db } = await openStorage(scope.dbName, {
      onClosedForOthers: () => (closedWhy = 'The playground’s data is being reset or upgraded in another tab; reload this page.'),
    });
    const tabId = randomId();
    const listeners = new Set<(change: WorkspaceChange) => void>();
    const channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(scope.workspaceChannel) : null;
    channel?.addEventListener('message', (event: MessageEvent<unknown>) => {
      const change = event.data as WorkspaceChange | null;
      // Any script of the origin may post here: only a well-formed notice from another tab is passed on.
      if (!change || change.type !== 'workspace-changed' || typeof change.name !== 'string' || typeof change.revision !== 'number' || change.writer === tabId) return;
      for (const listener of listeners) listener(change);
    });
    const workspace = new Workspace({ db, tabId, now: Date.now, ...(channel ? { channel } : {}) });
    await workspace.purgeTrash(performance.timeOrigin);
    if ((await workspace.list()).length === 0 && (await workspace.trash()).length === 0) {
      const lesson = lessonNamed(HOUSING_LESSON)!;
      await workspace.create(lesson.fileName, lesson.text);
    }
    return {
      workspace,
      tabId,
      subscribe(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      closed: () => closedWhy,
    };
  })();
  return opening;
}
