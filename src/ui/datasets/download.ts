import type { ColumnTable } from '../../core/columns';
import { csvChunks } from '../../viz/charts/csv';
import { downloadBlob } from '../download';

/** Lets the browser paint and handle input between two pieces of work. */
const yieldToBrowser = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * Writes a table as CSV in pieces of 1,000 rows, yielding between them so that no piece blocks the page for long
 * (20k rows × 13 columns take a few hundred milliseconds in all), then saves it.
 */
export async function downloadTableCsv(table: ColumnTable, fileName: string): Promise<void> {
  const parts: string[] = [];
  for (const chunk of csvChunks(table, 1000)) {
    parts.push(chunk);
    await yieldToBrowser();
  }
  downloadBlob(new Blob(parts, { type: 'text/csv;charset=utf-8' }), fileName);
}

/** A file name from an id such as `built_features@manual__…/featurize/1`: path separators and colons are replaced. */
export const safeFileName = (id: string, extension: string): string => `${id.replace(/[^\w.@-]+/g, '_')}.${extension}`;
