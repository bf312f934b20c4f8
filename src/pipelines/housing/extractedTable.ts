import type { ColumnTable } from '../../core/columns';
import type { DatasetVersionId } from '../../core/ids';
import type { TaskContext } from '../../taskApi/taskContext';
import { producerSource } from '../upload/producerSource';

/**
 * The stored upload extract hands on by reference, or null when it hands on a table of its own (the housing CSV, or
 * an upload with rows blanked by `corrupt_rows`). An upload is already columns in IndexedDB: copying a million rows
 * into extract's output took longer than extract's 10 s timeout on a busy machine, for nothing. A pure function of
 * the run's params, so every task of the producer reaches the same answer without asking extract.
 */
export function uploadByReference(params: TaskContext['params']): DatasetVersionId | null {
  const source = producerSource(params.source);
  return source.kind === 'upload' && !(Number(params.corrupt_rows ?? 0) > 0) ? source.versionId : null;
}

/** What extract handed on: the upload itself (lineage records it as an input), or extract's output. */
export function extractedTable(context: TaskContext): Promise<ColumnTable> {
  const upload = uploadByReference(context.params);
  return upload ? context.readDatasetVersion(upload) : context.readUpstreamOutput('extract');
}
