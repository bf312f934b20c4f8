import type { EmbedFile } from './embedRunner';

export type SharedFileOutcome = { readonly ok: true; readonly file: EmbedFile } | { readonly ok: false; readonly error: string };

/**
 * The file an embed's `#/share/<payload>` carries (issue 15 point 1's format). The one seam between the embed and the
 * share codec (src/share/shareLink.ts, another branch): once that is merged, this body becomes
 * `decodeShareFragment(payload)` and the payload's `active` file (else its first). Until then it says so plainly.
 */
export async function openSharedFile(payload: string): Promise<SharedFileOutcome> {
  void payload;
  return { ok: false, error: 'This embed carries a shared pipeline, which this build cannot open yet.' };
}
