import { checkDataQuality, MIN_HOUSING_ROWS, reportJson } from '../../dataQuality';
import type { TaskFunction } from '../../../taskApi/taskContext';
import { MIN_UPLOAD_ROWS } from '../../upload/limits';
import { producerSource } from '../../upload/producerSource';
import { QUARANTINED_HOUSING } from '../datasets';
import { extractedTable } from '../extractedTable';

/**
 * Keeps data that failed the checks aside for a person to look at, with the report (the same pure check as
 * check_data, on the same output of extract) in the dataset event's extra and in this task's return value.
 */
export const quarantineData: TaskFunction = async (context) => {
  const table = await extractedTable(context);
  const source = producerSource(context.params.source);
  const report = checkDataQuality(table, { minRows: source.kind === 'housing' ? MIN_HOUSING_ROWS : MIN_UPLOAD_ROWS });
  const failedChecks = report.checks.filter((c) => !c.passed).map((c) => c.name);
  const output = await context.writeDataset(QUARANTINED_HOUSING, table, {
    source: source.kind === 'housing' ? 'housing' : source.versionId,
    failedChecks,
    problems: [...report.problems],
  });
  context.log.warning(`Quarantined ${table.rowCount} rows as ${output.versionId}: ${report.problems.join(' ')}`);
  return { rows: table.rowCount, ...reportJson(report) };
};
