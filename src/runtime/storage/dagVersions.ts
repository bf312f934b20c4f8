import type { DagDefinition } from '../../core/dag';
import { sha1Hex } from '../../core/sha1';
import type { Database } from './database';
import { guardQuota } from './quota';
import type { StoredDagVersion } from './schema';

/** JSON with object keys sorted, so that the same definition always hashes the same. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * What makes a DAG version: its definition and the whole text of its file (as in Airflow 3, where a change of the
 * serialized DAG or of its file's code makes a new version; a helper function edited elsewhere in the file changes
 * what the tasks run, so the file counts whole). The version number itself is left out.
 */
export function dagContentHash(dag: DagDefinition): string {
  const { version: _version, ...definition } = dag;
  return sha1Hex(canonical(definition));
}

export const dagVersionId = (dagId: string, version: number) => `${dagId}@v${version}`;

/** Every stored version of a DAG, oldest first. */
export async function versionsOfDag(db: Database, dagId: string): Promise<StoredDagVersion[]> {
  const all = await db.getAllFromIndex('dagVersions', 'byDag', dagId);
  return all.sort((a, b) => a.version - b.version);
}

export function readDagVersion(db: Database, dagId: string, version: number): Promise<StoredDagVersion | undefined> {
  return db.get('dagVersions', dagVersionId(dagId, version));
}

/**
 * The version of `dag` to schedule: its newest stored version when the content is the same (saving an unchanged file
 * makes no new version), else a new one, stored now, numbered one past the newest.
 */
export async function versionFor(db: Database, dag: DagDefinition, savedAt: number): Promise<{ readonly version: number; readonly created: boolean }> {
  const hash = dagContentHash(dag);
  const tx = db.transaction('dagVersions', 'readwrite');
  const existing = await tx.store.index('byDag').getAll(dag.id);
  const newest = existing.sort((a, b) => a.version - b.version).at(-1);
  if (newest && newest.hash === hash) {
    await tx.done;
    return { version: newest.version, created: false };
  }
  const version = (newest?.version ?? 0) + 1;
  const record: StoredDagVersion = {
    id: dagVersionId(dag.id, version),
    dagId: dag.id,
    version,
    hash,
    fileName: dag.source?.fileName ?? `${dag.id}.json`,
    text: dag.source?.text ?? '',
    savedAt,
  };
  await guardQuota(`version ${version} of DAG ${dag.id}`, async () => {
    await tx.store.put(record);
    await tx.done;
  });
  return { version, created: true };
}
