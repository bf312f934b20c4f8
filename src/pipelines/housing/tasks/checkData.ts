import { checkDataQuality, MIN_HOUSING_ROWS, reportLines } from '../../dataQuality';
import type { TaskFunction } from '../../../taskApi/taskContext';
import { MIN_UPLOAD_ROWS } from '../../upload/limits';
import { producerSource } from '../../upload/producerSource';
import { extractedTable } from '../extractedTable';
import { groupDigits } from '../../../core/groupDigits';

/**
 * A branch: data that passes every check goes on to `featurize`, data that fails one goes to `quarantine_data` (the
 * consumer then never sees it). Works on any table extract produced — the housing CSV or an upload — and logs one
 * line per check, then each problem with its column, count and first row.
 */
export const checkData: TaskFunction = async (context) => {
  const table = await extractedTable(context);
  const minRows = producerSource(context.params.source).kind === 'housing' ? MIN_HOUSING_ROWS : MIN_UPLOAD_ROWS;
  const report = checkDataQuality(table, { minRows });
  for (const line of reportLines(report)) {
    if (line.startsWith('✓')) context.log.info(line);
    else context.log.warning(line);
  }
  if (report.passed) {
    context.log.info(`All ${report.checks.length} checks passed on ${groupDigits(report.rowCount)} rows: on to featurize.`);
    return 'featurize';
  }
  for (const problem of report.problems) context.log.warning(problem);
  context.log.warning(
    `${report.problems.length} problem(s) in ${report.checks.filter((c) => !c.passed).map((c) => c.name).join(', ')}: the data goes to quarantine, not to the consumer team.`,
  );
  return 'quarantine_data';
};
