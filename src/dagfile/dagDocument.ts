import { producedDatasets, scheduledDatasets, type DagDefinition, type DatasetDefinition } from '../core/dag';
import type { DatasetId } from '../core/ids';

/**
 * The playground's own file format for DAG definitions: what "Export → JSON" writes and "Import DAGs" reads. The DAGs
 * are the `DagDefinition`s themselves (plain data), so a round trip export → import gives back equal definitions. Its
 * schema is dagDocumentSchema.ts (valibot: it interprets schemas, so it runs under the strict CSP); the published JSON
 * Schema, public/schema/dag-definition.schema.json, is generated from it (publishedSchema.ts).
 */
export const DAG_DOCUMENT_FORMAT = 'pipeline-playground/dags';
export const DAG_DOCUMENT_VERSION = 1;
/** Files bigger than this are refused before parsing (a DAG file of 1,000 tasks is ~150 kB). */
export const MAX_DOCUMENT_BYTES = 5_000_000;
/** Where the site serves the schema, relative to its base (so it works under any sub-path). */
export const DAG_SCHEMA_PATH = 'schema/dag-definition.schema.json';

export interface DagDocument {
  readonly $schema?: string;
  readonly format?: typeof DAG_DOCUMENT_FORMAT;
  readonly version: typeof DAG_DOCUMENT_VERSION;
  /** Datasets the DAGs name, with the URI an export to Airflow uses. Optional: an unlisted one gets `playground://<id>`. */
  readonly datasets?: readonly DatasetDefinition[];
  readonly dags: readonly DagDefinition[];
}

/** The datasets a DAG names, in its outlets or its schedule, without repeats. */
export function datasetsOfDag(dag: DagDefinition): DatasetId[] {
  return [...new Set([...producedDatasets(dag), ...scheduledDatasets(dag)])];
}

/** A dataset's definition: the known one, or a default URI for one known only by id. */
export function datasetDefinition(id: DatasetId, known: readonly DatasetDefinition[]): DatasetDefinition {
  return known.find((d) => d.id === id) ?? { id, uri: `playground://${id}` };
}

/** A document holding these DAGs and the definitions of the datasets they name. */
export function dagDocument(dags: readonly DagDefinition[], knownDatasets: readonly DatasetDefinition[]): DagDocument {
  const ids = [...new Set(dags.flatMap(datasetsOfDag))];
  return {
    $schema: `./${DAG_SCHEMA_PATH}`,
    format: DAG_DOCUMENT_FORMAT,
    version: DAG_DOCUMENT_VERSION,
    datasets: ids.map((id) => datasetDefinition(id, knownDatasets)),
    dags,
  };
}

/**
 * Why a DAG cannot be exported as JSON, or null: a DAG written in the page is code (its file), which this format does
 * not hold — its document would be refused on import (dagDocumentSchema.ts says the same there).
 */
export function jsonExportRefusal(dag: DagDefinition): string | null {
  if (!dag.source) return null;
  return `${dag.id} was written in the page (${dag.source.fileName}): the DAG JSON format does not hold its TypeScript code, so Import DAGs would refuse it. Download it as its DAG file (.ts) and open that in the editor, or export it to Airflow.`;
}

export const documentText = (document: DagDocument): string => `${JSON.stringify(document, null, 2)}\n`;

/** A file name made of the DAG id's safe characters. */
export const exportFileName = (dagId: string, extension: 'py' | 'json'): string =>
  `${dagId.replace(/[^A-Za-z0-9_.-]+/g, '_').replace(/^[.]+/, '_') || 'dag'}.${extension}`;
