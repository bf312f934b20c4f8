import { sha1Hex } from '../core/sha1';
import type { SharePayload } from './sharePayload';

/**
 * A short fingerprint of a link's files (names and texts, not its settings or origin): the same link opened twice
 * opens the same scratch workspace instead of a second copy. 10 hex digits: collisions among the handful of links a
 * person opens are not a concern, and it keeps `#/editor/shared/<id>/<file>` readable.
 */
export function shareIdOf(payload: Pick<SharePayload, 'files'>): string {
  return sha1Hex(JSON.stringify(payload.files.map((file) => [file.name, file.text]))).slice(0, 10);
}
