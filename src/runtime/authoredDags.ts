import type { DagFileResult, Diagnostic } from '../authoring/dagFileResult';
import type { DagDefinition, DatasetDefinition } from '../core/dag';
import { mergeDags, mergeDatasets } from '../dagfile/dagCatalog';
import type { DeployedVersion } from './commands/playgroundCommand';
import type { Database } from './storage/database';
import { versionFor } from './storage/dagVersions';
import type { StoredAuthoredFile } from './storage/schema';

/**
 * Reads a DAG file the way the scheduling tab trusts: in its own DAG-file worker (src/authoring), never on the word of
 * the tab that sent the text. Injected so tests read files in-thread.
 */
export type DagFileReader = (text: string, options: { readonly fileName: string; readonly knownAssets: readonly DatasetDefinition[] }) => Promise<DagFileResult>;

/** A deployed editor file with what it declares, each DAG carrying its version. */
export interface AuthoredFile extends StoredAuthoredFile {
  readonly dags: readonly DagDefinition[];
  readonly assets: readonly DatasetDefinition[];
}

export type { DeployedVersion };

/**
 * The DAGs the editor's files add, later deployments first to lose: files in deployment order, each replacing what an
 * earlier one declared under the same id; a DAG a newer JSON import took over (`shadowed`) is left out.
 */
export function authoredDagsOf(files: readonly AuthoredFile[]): DagDefinition[] {
  const ordered = [...files].sort((a, b) => a.deployedAt - b.deployedAt);
  return mergeDags(
    [],
    ordered.reduce<DagDefinition[]>((acc, file) => mergeDags(acc, file.dags.filter((dag) => !file.shadowed.includes(dag.id))), []),
  );
}

export function authoredAssetsOf(files: readonly AuthoredFile[]): DatasetDefinition[] {
  return mergeDatasets(...[...files].sort((a, b) => a.deployedAt - b.deployedAt).map((file) => file.assets));
}

/** A diagnostic as one line a person reads: `pipeline.ts:3:7 SyntaxError: …`. */
export const diagnosticText = (fileName: string, d: Diagnostic) => `${fileName}:${d.line}:${d.column} ${d.message}`;

/** Gives each DAG of a file its version (stored when new). */
export async function versionDags(
  db: Database,
  dags: readonly DagDefinition[],
  now: number,
): Promise<{ readonly dags: DagDefinition[]; readonly versions: DeployedVersion[] }> {
  const versioned: DagDefinition[] = [];
  const versions: DeployedVersion[] = [];
  for (const dag of dags) {
    const { version, created } = await versionFor(db, dag, now);
    versioned.push({ ...dag, version });
    versions.push({ dagId: dag.id, version, created });
  }
  return { dags: versioned, versions };
}

/**
 * Reads the deployed files again at start-up (the engine or the built-in DAGs may have changed since), in deployment
 * order, each knowing the assets of those before it. A file that no longer reads cleanly is not scheduled and is
 * reported; it stays stored, untouched, and its workspace draft is where the person fixes it.
 */
export async function loadAuthoredDags(
  db: Database,
  stored: readonly StoredAuthoredFile[],
  read: DagFileReader,
  knownAssets: readonly DatasetDefinition[],
  now: number,
): Promise<{ readonly files: AuthoredFile[]; readonly errors: string[] }> {
  const files: AuthoredFile[] = [];
  const errors: string[] = [];
  let assets = [...knownAssets];
  for (const file of stored) {
    const result = await read(file.text, { fileName: file.fileName, knownAssets: assets });
    if (!result.ok) {
      const first = result.diagnostics.find((d) => d.severity === 'error');
      errors.push(`${file.fileName} was not scheduled again: ${first ? diagnosticText(file.fileName, first) : 'it did not read'}.`);
      continue;
    }
    const { dags } = await versionDags(db, result.dags, now);
    files.push({ ...file, dags, assets: result.assets });
    assets = mergeDatasets(assets, result.assets);
  }
  return { files, errors };
}
