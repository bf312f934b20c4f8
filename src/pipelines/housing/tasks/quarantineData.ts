import type { TaskFunction } from '../../taskContext';
import { checkHousingQuality } from '../dataQuality';
import { QUARANTINED_HOUSING } from '../datasets';

/** Keeps data that failed the checks aside, with the report, for a person to look at. */
export const quarantineData: TaskFunction = async (context) => {
  const table = await context.readUpstreamOutput('extract');
  const report = checkHousingQuality(table);
  const output = await context.writeDataset(QUARANTINED_HOUSING, table, { problems: report.problems.length });
  context.log.warning(`Quarantined ${table.rowCount} rows as ${output.versionId}: ${report.problems.join(' ')}`);
  return { rows: table.rowCount, problems: [...report.problems] };
};
