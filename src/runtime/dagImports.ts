import type { DagDefinition, DatasetDefinition } from '../core/dag';
import { addImported, catalogDatasets, mergeDags, mergeDatasets, summarizeImport, type ImportSummary } from '../dagfile/dagCatalog';
import { DAG_DOCUMENT_FORMAT, DAG_DOCUMENT_VERSION, type DagDocument } from '../dagfile/dagDocument';
import { importContext } from '../dagfile/importContext';
import type { Coordinator } from './coordinator';
import type { Database } from './storage/database';
import { clearDagImports, loadDagImports, saveDagImports } from './storage/dagImports';

export type ImportOutcome =
  | { readonly ok: true; readonly summary: ImportSummary; readonly dags: readonly DagDefinition[]; readonly datasets: readonly DatasetDefinition[] }
  | { readonly ok: false; readonly errors: readonly string[] };

/** What the playground runs: the built-in DAGs with the imported ones merged in, and every dataset definition. */
export interface DagCatalog {
  readonly dags: readonly DagDefinition[];
  readonly datasets: readonly DatasetDefinition[];
  /** Why the stored imports were not loaded at start-up (they stay stored, untouched); null when they were. */
  readonly storedImportError: string | null;
}

/** The document validator and its schema load when a document is first checked: most page loads never import one. */
const documentValidator = () => import('../dagfile/validateDagDocument');

const emptyImports = (): DagDocument => ({ format: DAG_DOCUMENT_FORMAT, version: DAG_DOCUMENT_VERSION, datasets: [], dags: [] });

/**
 * Reads the imported DAG definitions kept in IndexedDB and checks them again (the registry or the built-in DAGs may
 * have changed since they were stored). Refused ones are left in storage as they are and reported, never deleted.
 */
export async function loadDagCatalog(db: Database, builtIn: readonly DagDefinition[], builtInDatasets: readonly DatasetDefinition[]): Promise<DagCatalog & { imports: DagDocument }> {
  const stored = await loadDagImports(db);
  if (!stored) return { dags: builtIn, datasets: builtInDatasets, storedImportError: null, imports: emptyImports() };
  const { errorText, validateDagDocument } = await documentValidator();
  const checked = validateDagDocument(stored.document, importContext(builtIn, builtInDatasets));
  if (!checked.ok) {
    return {
      dags: builtIn,
      datasets: builtInDatasets,
      storedImportError: `The DAGs imported earlier were not loaded: ${checked.errors.map(errorText).join('; ')}`,
      imports: emptyImports(),
    };
  }
  const imports = checked.document;
  const dags = mergeDags(builtIn, imports.dags);
  return { dags, datasets: catalogDatasets(dags, builtInDatasets, imports.datasets ?? []), storedImportError: null, imports };
}

/**
 * Imports DAG documents into the running playground and resets it to the built-in DAGs. An import is checked whole
 * (the document, then the merged DAG list as the scheduler would take it), stored, and only then scheduled: a refused
 * file changes nothing, in memory or in storage.
 */
export class DagImports {
  private imports: DagDocument;
  /** One import or reset at a time: a second one waits for the first to finish. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly db: Database,
    private readonly coordinator: Coordinator,
    private readonly builtIn: readonly DagDefinition[],
    private readonly builtInDatasets: readonly DatasetDefinition[],
    initial: DagDocument,
    private readonly now: () => number,
  ) {
    this.imports = initial;
  }

  get catalog(): Pick<DagCatalog, 'dags' | 'datasets'> {
    const dags = mergeDags(this.builtIn, this.imports.dags);
    return { dags, datasets: catalogDatasets(dags, this.builtInDatasets, this.imports.datasets ?? []) };
  }

  importText(text: string): Promise<ImportOutcome> {
    return this.serial(() => this.importNow(text));
  }

  reset(): Promise<ImportOutcome> {
    return this.serial(async () => {
      const before = this.catalog.dags;
      this.coordinator.checkDags(this.builtIn);
      await clearDagImports(this.db);
      this.imports = emptyImports();
      await this.coordinator.replaceDags(this.builtIn);
      const builtInIds = new Set(this.builtIn.map((d) => d.id as string));
      const summary: ImportSummary = {
        added: [],
        // Built-in DAGs an import had replaced are back as they were; DAGs that only an import had added are gone.
        replaced: before.filter((d) => builtInIds.has(d.id) && !this.builtIn.includes(d)).map((d) => d.id),
        removed: before.filter((d) => !builtInIds.has(d.id)).map((d) => d.id),
      };
      return { ok: true, summary, ...this.catalog };
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
    const dags = mergeDags(this.builtIn, next.dags);
    try {
      this.coordinator.checkDags(dags);
    } catch (error) {
      return { ok: false, errors: [error instanceof Error ? error.message : String(error)] };
    }
    try {
      await saveDagImports(this.db, next, this.now());
    } catch (error) {
      return { ok: false, errors: [`Could not store the imported DAGs: ${error instanceof Error ? error.message : String(error)}`] };
    }
    const summary = summarizeImport(current.dags, incoming.dags);
    this.imports = next;
    await this.coordinator.replaceDags(dags);
    return { ok: true, summary, ...this.catalog };
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const result = this.queue.then(work);
    this.queue = result.catch(() => undefined);
    return result;
  }
}
