import type { TaskFunction } from '../../taskContext';
import { checkHousingQuality } from '../dataQuality';

/** A branch: good data goes on to `featurize`, bad data to `quarantine_data` (the consumer then never sees it). */
export const checkData: TaskFunction = async (context) => {
  const table = await context.readUpstreamOutput('extract');
  const report = checkHousingQuality(table);
  if (report.passed) {
    context.log.info(`All checks passed on ${report.rowCount.toLocaleString('en-US')} rows: schema, missing values, ranges, row count.`);
    return 'featurize';
  }
  for (const problem of report.problems) context.log.warning(problem);
  context.log.warning(`${report.problems.length} check(s) failed: the data goes to quarantine, not to the consumer team.`);
  return 'quarantine_data';
};
