import type { Workspace } from '../runtime/workspace/workspace';
import { shareIdOf } from './shareId';
import { decodeShareFragment } from './shareLink';
import type { SharePayload } from './sharePayload';

export interface OpenedSharedLink {
  /** The scratch workspace's id (`scratch:<id>`): a fingerprint of the files. */
  readonly id: string;
  readonly payload: SharePayload;
  /** The file to show first. */
  readonly active: string;
  /** The link was opened before: its scratch files were kept as they are (with any edits made to them). */
  readonly reopened: boolean;
}

export type OpenSharedLinkResult = { readonly ok: true; readonly opened: OpenedSharedLink } | { readonly ok: false; readonly error: string };

/**
 * Opens a share link: decodes it and, only if every check passed, writes its files into the scratch workspace of its
 * id. Nothing else is written — not the person's own files, not a DAG, not a run — and a bad link writes nothing.
 * A file already in that scratch workspace (the same link opened before, maybe edited since) is left as it is.
 */
export async function openSharedLink(fragment: string, scratchOf: (id: string) => Workspace): Promise<OpenSharedLinkResult> {
  const decoded = await decodeShareFragment(fragment);
  if (!decoded.ok) return decoded;
  const { payload } = decoded;
  const id = shareIdOf(payload);
  const scratch = scratchOf(id);
  const existing = new Set((await scratch.list()).map((file) => file.name));
  for (const file of payload.files) {
    if (existing.has(file.name)) continue;
    const created = await scratch.create(file.name, file.text);
    if (!created.ok) return { ok: false, error: `The shared files could not be stored: ${created.conflict ? 'another tab wrote them meanwhile' : created.error}` };
  }
  return { ok: true, opened: { id, payload, active: payload.active ?? payload.files[0]!.name, reopened: existing.size > 0 } };
}
