import * as v from 'valibot';
import type { DagDocument } from '../../dagfile/dagDocument';
import type { Database } from './database';
import { guardQuota } from './quota';
import type { StoredDagImports } from './schema';

/** The meta store's key for the imported DAG definitions (the scheduler's checkpoint has its own key). */
const IMPORTS_KEY = 'importedDags';

/** The record's envelope, checked when read back; its document is checked again whole by the caller (dagImports.ts). */
const storedImportsSchema = v.looseObject({ kind: v.literal('dag-imports'), savedAt: v.number(), document: v.unknown() });

/** The imported DAG document, or null when the playground runs its built-in DAGs only (or what is stored is not one). */
export async function loadDagImports(db: Database): Promise<StoredDagImports | null> {
  const value: unknown = await db.get('meta', IMPORTS_KEY);
  return v.is(storedImportsSchema, value) ? (value as StoredDagImports) : null;
}

export async function saveDagImports(db: Database, document: DagDocument, savedAt: number): Promise<void> {
  const record: StoredDagImports = { kind: 'dag-imports', savedAt, document };
  await guardQuota('the imported DAG definitions', () => db.put('meta', record, IMPORTS_KEY));
}

export async function clearDagImports(db: Database): Promise<void> {
  await db.delete('meta', IMPORTS_KEY);
}
