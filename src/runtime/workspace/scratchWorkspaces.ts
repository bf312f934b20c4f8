import type { Database } from '../storage/database';

/** The workspace a share link opens into: `scratch:<id>`, beside the person's own (`own`), never inside it. */
export const SCRATCH_PREFIX = 'scratch:';
export const scratchWorkspaceOf = (id: string) => `${SCRATCH_PREFIX}${id}`;

/** The ids of the scratch workspaces holding live files (their trash, `trash:scratch:…`, does not count). */
export async function scratchWorkspaceIds(db: Database): Promise<string[]> {
  const keys = await db.getAllKeysFromIndex('workspaceFiles', 'byWorkspace', IDBKeyRange.bound(SCRATCH_PREFIX, `${SCRATCH_PREFIX}\uffff`));
  return [...new Set(keys.map(([workspace]) => workspace.slice(SCRATCH_PREFIX.length)))].sort();
}
