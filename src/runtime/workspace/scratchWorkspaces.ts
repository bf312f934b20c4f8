import type { Database } from '../storage/database';

/** The workspace a share link opens into: `scratch:<id>`, beside the person's own (`own`), never inside it. */
export const SCRATCH_PREFIX = 'scratch:';
export const scratchWorkspaceOf = (id: string) => `${SCRATCH_PREFIX}${id}`;

/** The ids of the scratch workspaces holding live files (their trash, `trash:scratch:…`, does not count). */
export async function scratchWorkspaceIds(db: Database): Promise<string[]> {
  const keys = await db.getAllKeysFromIndex('workspaceFiles', 'byWorkspace', IDBKeyRange.bound(SCRATCH_PREFIX, `${SCRATCH_PREFIX}\uffff`));
  return [...new Set(keys.map(([workspace]) => workspace.slice(SCRATCH_PREFIX.length)))].sort();
}

/**
 * Empties the trash of every scratch workspace of files deleted before `before` (a new session), as the own workspace's
 * trash is emptied: a removed share link's files do not stay stored for ever. Returns how many files went.
 */
export async function purgeScratchTrash(db: Database, before: number): Promise<number> {
  const prefix = `trash:${SCRATCH_PREFIX}`;
  const tx = db.transaction('workspaceFiles', 'readwrite');
  const trashed = await tx.store.index('byWorkspace').getAll(IDBKeyRange.bound(prefix, `${prefix}\uffff`));
  const old = trashed.filter((file) => (file.trashedAt ?? 0) < before);
  for (const file of old) await tx.store.delete([file.workspace, file.name]);
  await tx.done;
  return old.length;
}
