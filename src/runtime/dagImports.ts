import type { Diagnostic } from '../authoring/dagFileResult';
import type { DagDefinition, DatasetDefinition } from '../core/dag';
import { addImported, catalogDatasets, mergeDags, mergeDatasets, type ImportSummary } from '../dagfile/dagCatalog';
import { DAG_DOCUMENT_FORMAT, DAG_DOCUMENT_VERSION, type DagDocument } from '../dagfile/dagDocument';
import { importContext } from '../dagfile/importContext';
import {
  authoredAssetsOf,
  authoredDagsOf,
  diagnosticText,
  loadAuthoredDags,
  versionDags,
  type AuthoredFile,
  type DagFileReader,
  type DeployedVersion,
} from './authoredDags';
import type { Coordinator } from './coordinator';
import type { Database } from './storage/database';
import { clearAuthoredFiles, loadAuthoredFiles, saveAuthoredFiles } from './storage/authoredFiles';
import { clearDagImports, loadDagImports, saveDagImports } from './storage/dagImports';

export type ImportOutcome =
  | { readonly ok: true; readonly summary: ImportSummary; readonly dags: readonly DagDefinition[]; readonly datasets: readonly DatasetDefinition[] }
  | { readonly ok: false; readonly errors: readonly string[] };

/** What saving and running an editor file did; a refusal lists the file's problems at their lines. */
export type DeployOutcome =
  | (Extract<ImportOutcome, { ok: true }> & { readonly versions: readonly DeployedVersion[]; readonly diagnostics: readonly Diagnostic[] })
  | { readonly ok: false; readonly errors: readonly string[]; readonly diagnostics: readonly Diagnostic[] };

/** What the playground runs: the built-in DAGs with the imported ones merged in, and every dataset definition. */
export interface DagCatalog {
  readonly dags: readonly DagDefinition[];
  readonly datasets: readonly DatasetDefinition[];
  /** Why stored imports or editor files were not loaded at start-up (they stay stored, untouched); null when they were. */
  readonly storedImportError: string | null;
}

/** The document validator and its schema load when a document is first checked: most page loads never import one. */
const documentValidator = () => import('../dagfile/validateDagDocument');

const emptyImports = (): DagDocument => ({ format: DAG_DOCUMENT_FORMAT, version: DAG_DOCUMENT_VERSION, datasets: [], dags: [] });

/**
 * The DAG list, layer over layer: the built-in DAGs, the imported JSON ones, then the editor's files. The newest
 * deployment of an id wins: saving a file takes its DAG ids out of the imports; importing JSON shadows the ids a
 * file declares (until that file is saved again).
 */
const layered = (builtIn: readonly DagDefinition[], imports: DagDocument, authored: readonly AuthoredFile[]) =>
  mergeDags(mergeDags(builtIn, imports.dags), authoredDagsOf(authored));

/**
 * Reads the imported DAG definitions and the editor's deployed files kept in IndexedDB and checks them again (the
 * registry, the engine or the built-in DAGs may have changed since they were stored). Refused ones are left in storage
 * as they are and reported, never deleted.
 */
export async function loadDagCatalog(
  db: Database,
  builtIn: readonly DagDefinition[],
  builtInDatasets: readonly DatasetDefinition[],
  editor: { readonly read?: DagFileReader; readonly now?: () => number; readonly nothingStored?: boolean } = {},
): Promise<DagCatalog & { imports: DagDocument; authored: AuthoredFile[] }> {
  const problems: string[] = [];
  let imports = emptyImports();
  // A database this page load created (a first visit) has nothing to read.
  const stored = editor.nothingStored ? undefined : await loadDagImports(db);
  if (stored) {
    const { errorText, validateDagDocument } = await documentValidator();
    const checked = validateDagDocument(stored.document, importContext(builtIn, builtInDatasets));
    if (checked.ok) imports = checked.document;
    else problems.push(`The DAGs imported earlier were not loaded: ${checked.errors.map(errorText).join('; ')}`);
  }
  const storedFiles = editor.read && !editor.nothingStored ? await loadAuthoredFiles(db) : [];
  const loaded =
    storedFiles.length > 0 && editor.read
      ? await loadAuthoredDags(db, storedFiles, editor.read, mergeDatasets(builtInDatasets, imports.datasets ?? []), (editor.now ?? Date.now)())
      : { files: [], errors: [] };
  problems.push(...loaded.errors);
  const dags = layered(builtIn, imports, loaded.files);
  return {
    dags,
    datasets: catalogDatasets(dags, builtInDatasets, imports.datasets ?? [], authoredAssetsOf(loaded.files)),
    storedImportError: problems.length > 0 ? problems.join(' ') : null,
    imports,
    authored: loaded.files,
  };
}

/** What changed between two DAG lists, for the summary a person reads. */
function diffDags(before: readonly DagDefinition[], after: readonly DagDefinition[]): ImportSummary {
  const old = new Map(before.map((dag) => [dag.id as string, dag]));
  const next = new Set(after.map((dag) => dag.id as string));
  return {
    added: after.filter((dag) => !old.has(dag.id)).map((dag) => dag.id),
    replaced: after.filter((dag) => old.has(dag.id) && old.get(dag.id) !== dag).map((dag) => dag.id),
    removed: before.filter((dag) => !next.has(dag.id)).map((dag) => dag.id),
  };
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Imports DAG documents, saves and runs editor files, and resets the playground to the built-in DAGs. Each is checked
 * whole (the file or document, then the merged DAG list as the scheduler would take it), stored, and only then
 * scheduled: a refused file changes nothing, in memory or in storage.
 */
export class DagImports {
  private imports: DagDocument;
  private authored: AuthoredFile[];
  /** One import, deployment or reset at a time: a second one waits for the first to finish. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly db: Database,
    private readonly coordinator: Coordinator,
    private readonly builtIn: readonly DagDefinition[],
    private readonly builtInDatasets: readonly DatasetDefinition[],
    initial: DagDocument,
    private readonly now: () => number,
    private readonly editor: { readonly authored?: readonly AuthoredFile[]; readonly read?: DagFileReader } = {},
  ) {
    this.imports = initial;
    this.authored = [...(editor.authored ?? [])];
  }

  get catalog(): Pick<DagCatalog, 'dags' | 'datasets'> {
    const dags = layered(this.builtIn, this.imports, this.authored);
    return { dags, datasets: catalogDatasets(dags, this.builtInDatasets, this.imports.datasets ?? [], authoredAssetsOf(this.authored)) };
  }

  importText(text: string): Promise<ImportOutcome> {
    return this.serial(() => this.importNow(text));
  }

  deployFile(fileName: string, text: string): Promise<DeployOutcome> {
    return this.serial(() => this.deployNow(fileName, text));
  }

  reset(): Promise<ImportOutcome> {
    return this.serial(async () => {
      const before = this.catalog.dags;
      this.coordinator.checkDags(this.builtIn);
      await clearDagImports(this.db);
      await clearAuthoredFiles(this.db);
      this.imports = emptyImports();
      this.authored = [];
      await this.coordinator.replaceDags(this.builtIn);
      // Built-in DAGs an import or a file had replaced are back as they were; DAGs only they had added are gone.
      return { ok: true, summary: diffDags(before, this.builtIn), ...this.catalog };
    });
  }

  private async importNow(text: string): Promise<ImportOutcome> {
    const { errorText, parseDagDocument } = await documentValidator();
    const current = this.catalog;
    const parsed = parseDagDocument(text, importContext(current.dags, current.datasets));
    if (!parsed.ok) return { ok: false, errors: parsed.errors.map(errorText) };
    const incoming = parsed.document;
    const next: DagDocument = {
      format: DAG_DOCUMENT_FORMAT,
      version: DAG_DOCUMENT_VERSION,
      datasets: mergeDatasets(this.imports.datasets ?? [], incoming.datasets ?? []),
      dags: addImported(this.imports.dags, incoming.dags),
    };
    // The import is the newest deployment of its ids: an editor file declaring one of them steps back from it.
    const incomingIds = new Set(incoming.dags.map((dag) => dag.id as string));
    const authored = this.authored.map((file) => {
      const taken = file.dags.filter((dag) => incomingIds.has(dag.id) && !file.shadowed.includes(dag.id)).map((dag) => dag.id as string);
      return taken.length > 0 ? { ...file, shadowed: [...file.shadowed, ...taken] } : file;
    });
    const dags = layered(this.builtIn, next, authored);
    try {
      this.coordinator.checkDags(dags);
    } catch (error) {
      return { ok: false, errors: [messageOf(error)] };
    }
    try {
      await saveDagImports(this.db, next, this.now());
      if (authored.some((file, i) => file !== this.authored[i])) await saveAuthoredFiles(this.db, authored.map(storedFileOf));
    } catch (error) {
      return { ok: false, errors: [`Could not store the imported DAGs: ${messageOf(error)}`] };
    }
    const summary = diffDags(current.dags, dags);
    this.imports = next;
    this.authored = authored;
    await this.coordinator.replaceDags(dags);
    return { ok: true, summary, ...this.catalog };
  }

  private async deployNow(fileName: string, text: string): Promise<DeployOutcome> {
    const read = this.editor.read;
    if (!read) return { ok: false, errors: ['This playground cannot read DAG files.'], diagnostics: [] };
    const current = this.catalog;
    const others = this.authored.filter((file) => file.fileName !== fileName);
    const knownAssets = mergeDatasets(this.builtInDatasets, this.imports.datasets ?? [], authoredAssetsOf(others));
    const result = await read(text, { fileName, knownAssets });
    const errors = result.diagnostics.filter((d) => d.severity === 'error');
    if (!result.ok) {
      return { ok: false, errors: errors.map((d) => diagnosticText(fileName, d)), diagnostics: result.diagnostics };
    }
    if (result.dags.length === 0) {
      return { ok: false, errors: [`${fileName} declares no DAG: there is nothing to run (new Dag('my_dag') declares one).`], diagnostics: result.diagnostics };
    }
    const fileIds = new Set(result.dags.map((dag) => dag.id as string));
    // This file is now the newest deployment of its ids: they leave the JSON imports.
    const imports: DagDocument = { ...this.imports, dags: this.imports.dags.filter((dag) => !fileIds.has(dag.id)) };
    const unversioned: AuthoredFile = { fileName, text, deployedAt: this.now(), shadowed: [], dags: result.dags, assets: result.assets };
    try {
      this.coordinator.checkDags(layered(this.builtIn, imports, [...others, unversioned]));
    } catch (error) {
      return { ok: false, errors: [messageOf(error)], diagnostics: result.diagnostics };
    }
    let file: AuthoredFile;
    let versions: DeployedVersion[];
    try {
      const versioned = await versionDags(this.db, result.dags, unversioned.deployedAt);
      versions = versioned.versions;
      file = { ...unversioned, dags: versioned.dags };
      await saveAuthoredFiles(this.db, [...others, file].map(storedFileOf));
      if (imports.dags.length !== this.imports.dags.length) await saveDagImports(this.db, imports, this.now());
    } catch (error) {
      return { ok: false, errors: [`Could not store ${fileName}: ${messageOf(error)}`], diagnostics: result.diagnostics };
    }
    this.imports = imports;
    this.authored = [...others, file];
    const after = this.catalog;
    await this.coordinator.replaceDags(after.dags);
    return { ok: true, summary: diffDags(current.dags, after.dags), versions, diagnostics: result.diagnostics, ...after };
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const result = this.queue.then(work);
    this.queue = result.catch(() => undefined);
    return result;
  }
}

const storedFileOf = ({ fileName, text, deployedAt, shadowed }: AuthoredFile) => ({ fileName, text, deployedAt, shadowed });
