import { MAX_DAG_FILE_BYTES } from '../../authoring/readDagFile';

/**
 * A file a person opened from disk, as text: refused with a clear reason when it is over 1 MB (the most a DAG file
 * may be) or not UTF-8 text. Nothing is stored until it passes.
 */
export async function readDroppedFile(file: Pick<File, 'name' | 'size' | 'arrayBuffer'>): Promise<{ ok: true; text: string } | { ok: false; error: string }> {
  if (file.size > MAX_DAG_FILE_BYTES) {
    return { ok: false, error: `${file.name} is ${(file.size / 1_048_576).toFixed(1)} MB; a DAG file may be at most 1 MB. Nothing was opened.` };
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  try {
    let text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    if (text.startsWith('\ufeff')) text = text.slice(1);
    if (text.includes('\u0000')) return { ok: false, error: `${file.name} holds NUL bytes: it is not a text file. Nothing was opened.` };
    return { ok: true, text };
  } catch {
    return { ok: false, error: `${file.name} is not UTF-8 text (a binary file, or another encoding). Nothing was opened.` };
  }
}
