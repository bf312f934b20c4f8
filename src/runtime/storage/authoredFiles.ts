import * as v from 'valibot';
import type { Database } from './database';
import { guardQuota } from './quota';
import type { StoredAuthoredFile, StoredAuthoredFiles } from './schema';

/** The meta store's key for the files saved and run from the editor. */
const AUTHORED_KEY = 'authoredFiles';

const storedSchema = v.object({
  kind: v.literal('authored-files'),
  files: v.array(
    v.object({ fileName: v.string(), text: v.string(), deployedAt: v.number(), shadowed: v.array(v.string()) }),
  ),
});

/** The deployed editor files, oldest deployment first; empty when none (or when what is stored is not such a record). */
export async function loadAuthoredFiles(db: Database): Promise<readonly StoredAuthoredFile[]> {
  const value: unknown = await db.get('meta', AUTHORED_KEY);
  const parsed = v.safeParse(storedSchema, value);
  return parsed.success ? [...parsed.output.files].sort((a, b) => a.deployedAt - b.deployedAt) : [];
}

export async function saveAuthoredFiles(db: Database, files: readonly StoredAuthoredFile[]): Promise<void> {
  const record: StoredAuthoredFiles = { kind: 'authored-files', files };
  await guardQuota('the DAG files saved from the editor', () => db.put('meta', record, AUTHORED_KEY));
}

export async function clearAuthoredFiles(db: Database): Promise<void> {
  await db.delete('meta', AUTHORED_KEY);
}
