import { decodeShareFragment } from '../../share/shareLink';
import type { EmbedFile } from './embedRunner';

export type SharedFileOutcome = { readonly ok: true; readonly file: EmbedFile } | { readonly ok: false; readonly error: string };

/**
 * The file an embed's `#/share/<payload>` carries: the share codec's checks (size, bombs, shape, names) decide, and
 * the embed shows the payload's `active` file, else its first. Code from a link: it runs only when Run is pressed,
 * in the sandbox, like any embedded file.
 */
export async function openSharedFile(payload: string): Promise<SharedFileOutcome> {
  const decoded = await decodeShareFragment(payload);
  if (!decoded.ok) return { ok: false, error: decoded.error };
  const { files, active } = decoded.payload;
  const file = files.find((f) => f.name === active) ?? files[0];
  return file ? { ok: true, file: { name: file.name, text: file.text } } : { ok: false, error: 'The shared link holds no file.' };
}
