import { createDagFileClient, type DagFileClient } from '../../authoring/dagFileClient';
import { dagFilePicture, type DagFilePicture } from '../../viz/dagFilePicture';

export type PictureOutcome = { readonly ok: true; readonly picture: DagFilePicture } | { readonly ok: false; readonly error: string };

/** Pictures by file text: a lesson's file is read once per page, whichever view asks. */
const cache = new Map<string, Promise<PictureOutcome>>();
let client: DagFileClient | null = null;
let queue: Promise<unknown> = Promise.resolve();
let waiting = 0;

/**
 * Reads the file in a DAG-file worker of the gallery's own (the editor's shared reader keeps only its newest read, so
 * the gallery's reads would make each other stale there), one file at a time, and draws the DAGs it declares. The
 * worker stops once no read is waiting.
 */
export function lessonPicture(fileName: string, text: string): Promise<PictureOutcome> {
  const cached = cache.get(text);
  if (cached) return cached;
  waiting++;
  const read = queue.then(async (): Promise<PictureOutcome> => {
    client ??= createDagFileClient();
    try {
      const outcome = await client.evaluate(text, { fileName });
      if (outcome.stale) return { ok: false, error: 'The file reader stopped before it read the file.' };
      if (outcome.dags.length === 0) {
        const first = outcome.diagnostics.find((d) => d.severity === 'error');
        return { ok: false, error: first ? `Line ${first.line}: ${first.message}` : 'The file declares no DAG.' };
      }
      return { ok: true, picture: dagFilePicture(outcome.dags) };
    } finally {
      if (--waiting === 0) {
        client?.dispose();
        client = null;
      }
    }
  });
  queue = read;
  cache.set(text, read);
  // A read that failed is tried again the next time a view asks.
  void read.then((outcome) => outcome.ok || cache.delete(text));
  return read;
}
