/**
 * Which file the editor shows, as the store and the URL name it: an own file by its name (`pipeline.ts`), a file of
 * a share link's scratch workspace as `shared/<id>/<name>` (own names never hold a '/', so the two cannot clash). The
 * same text names a deployed shared file, so its DAGs never take the place of an own file of the same name.
 */
export interface FileRef {
  /** The share link's id, or null for the person's own files. */
  readonly scratchId: string | null;
  readonly name: string;
}

const SHARED = /^shared\/([^/]+)\/([^/]+)$/;

export function parseFileRef(ref: string): FileRef {
  const shared = SHARED.exec(ref);
  return shared ? { scratchId: shared[1]!, name: shared[2]! } : { scratchId: null, name: ref };
}

export const sharedFileRef = (scratchId: string, name: string) => `shared/${scratchId}/${name}`;

export const fileRefText = (ref: FileRef) => (ref.scratchId === null ? ref.name : sharedFileRef(ref.scratchId, ref.name));
