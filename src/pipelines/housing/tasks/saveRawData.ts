import type { TaskFunction } from '../../taskContext';
import { RAW_HOUSING } from '../datasets';

/** Keeps the rows exactly as loaded, for later comparison with the predictions. */
export const saveRawData: TaskFunction = async (context) => {
  const table = await context.readUpstreamOutput('extract');
  const output = await context.writeDataset(RAW_HOUSING, table);
  context.log.info(`Stored ${table.rowCount.toLocaleString('en-US')} raw rows as ${output.versionId}.`);
  return { rows: table.rowCount };
};
