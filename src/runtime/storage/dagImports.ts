import type { DagDocument } from '../../dagfile/dagDocument';
import type { Database } from './database';
import { guardQuota } from './quota';
import type { StoredDagImports } from './schema';

/** The meta store's key for the imported DAG definitions (the scheduler's checkpoint has its own key). */
const IMPORTS_KEY = 'importedDags';

/** The imported DAG document, or null when the playground runs its built-in DAGs only. */
export async function loadDagImports(db: Database): Promise<StoredDagImports | null> {
  const value = await db.get('meta', IMPORTS_KEY);
  return value && 'kind' in value && value.kind === 'dag-imports' ? value : null;
}

export async function saveDagImports(db: Database, document: DagDocument, savedAt: number): Promise<void> {
  const record: StoredDagImports = { kind: 'dag-imports', savedAt, document };
  await guardQuota('the imported DAG definitions', () => db.put('meta', record, IMPORTS_KEY));
}

export async function clearDagImports(db: Database): Promise<void> {
  await db.delete('meta', IMPORTS_KEY);
}
