import { lessonNamed } from '../../authoring/lessons';
import { openStorage } from '../../runtime/storage/database';
import type { StorageScope } from '../../runtime/storageScope';
import { purgeScratchTrash, scratchWorkspaceIds, scratchWorkspaceOf } from '../../runtime/workspace/scratchWorkspaces';
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
  /** The scratch workspace of a share link, on the same connection (the same object for the same id). */
  scratch(id: string): EditorWorkspace;
  /** The share links whose scratch workspaces hold files. */
  scratchIds(): Promise<string[]>;
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
    const workspaceNamed = (name?: string) => new Workspace({ db, tabId, now: Date.now, ...(channel ? { channel } : {}), ...(name ? { workspace: name } : {}) });
    const workspace = workspaceNamed();
    await workspace.purgeTrash(performance.timeOrigin);
    await purgeScratchTrash(db, performance.timeOrigin);
    if ((await workspace.list()).length === 0 && (await workspace.trash()).length === 0) {
      const lesson = lessonNamed(HOUSING_LESSON)!;
      await workspace.create(lesson.fileName, lesson.text);
    }
    const scratches = new Map<string, EditorWorkspace>();
    const editorWorkspaceOf = (ws: Workspace): EditorWorkspace => ({
      workspace: ws,
      tabId,
      subscribe(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      closed: () => closedWhy,
      scratch(id) {
        let scratch = scratches.get(id);
        if (!scratch) scratches.set(id, (scratch = editorWorkspaceOf(workspaceNamed(scratchWorkspaceOf(id)))));
        return scratch;
      },
      scratchIds: () => scratchWorkspaceIds(db),
    });
    return editorWorkspaceOf(workspace);
  })();
  return opening;
}
