import { byteSizeOf, type ColumnTable } from '../../core/columns';
import type { RunId, TaskId } from '../../core/ids';
import type { Database } from './database';
import { guardQuota } from './quota';
import type { Lineage } from '../../core/records';
import { quoted } from '../../core/displayText';

const outputKey = (runId: RunId, taskId: TaskId) => `${runId}/${taskId}`;

/**
 * Stores a task's columnar result for its downstream tasks in the same run, with what the task had read (its
 * lineage), which a downstream task inherits when it reads this output.
 */
export async function writeTaskOutput(db: Database, runId: RunId, taskId: TaskId, table: ColumnTable, lineage?: Lineage): Promise<void> {
  const size = (byteSizeOf(table) / 1024 / 1024).toFixed(2);
  await guardQuota(`the output of task ${taskId} (${size} MB)`, () =>
    db.put('taskOutputs', {
      id: outputKey(runId, taskId),
      runId,
      taskId,
      names: table.names,
      columns: table.columns,
      rowCount: table.rowCount,
      ...(lineage ? { lineage } : {}),
    }),
  );
}

export async function readTaskOutput(db: Database, runId: RunId, taskId: TaskId): Promise<ColumnTable> {
  const record = await db.get('taskOutputs', outputKey(runId, taskId));
  if (!record) throw new Error(`Task ${quoted(taskId)} of run ${quoted(runId)} left no output to read.`);
  return { names: record.names, columns: record.columns, rowCount: record.rowCount };
}

/** An upstream output with the lineage its writer recorded (empty for records written before lineage existed). */
export async function readTaskOutputWithLineage(
  db: Database,
  runId: RunId,
  taskId: TaskId,
): Promise<{ table: ColumnTable; lineage: Lineage }> {
  const record = await db.get('taskOutputs', outputKey(runId, taskId));
  if (!record) throw new Error(`Task ${quoted(taskId)} of run ${quoted(runId)} left no output to read.`);
  return {
    table: { names: record.names, columns: record.columns, rowCount: record.rowCount },
    lineage: record.lineage ?? { inputs: [], upstreamOutputs: [], models: [] },
  };
}
