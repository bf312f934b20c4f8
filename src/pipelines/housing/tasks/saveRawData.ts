import type { TaskFunction } from '../../../taskApi/taskContext';
import { RAW_HOUSING } from '../datasets';
import { extractedTable } from '../extractedTable';
import { groupDigits } from '../../../core/groupDigits';

/** Keeps the rows exactly as loaded (housing or an upload: lineage tells which), for later comparison with predictions. */
export const saveRawData: TaskFunction = async (context) => {
  const table = await extractedTable(context);
  const output = await context.writeDataset(RAW_HOUSING, table);
  context.log.info(`Stored ${groupDigits(table.rowCount)} raw rows × ${table.names.length} columns as ${output.versionId}.`);
  return { rows: table.rowCount, columns: table.names.length };
};
