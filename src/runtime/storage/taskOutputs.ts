import type { ColumnTable } from '../../core/columns';
import type { RunId, TaskId } from '../../core/ids';
import type { Database } from './database';

const outputKey = (runId: RunId, taskId: TaskId) => `${runId}/${taskId}`;

/** Stores a task's columnar result for its downstream tasks in the same run. */
export async function writeTaskOutput(db: Database, runId: RunId, taskId: TaskId, table: ColumnTable): Promise<void> {
  await db.put('taskOutputs', {
    id: outputKey(runId, taskId),
    runId,
    taskId,
    names: table.names,
    columns: table.columns,
    rowCount: table.rowCount,
  });
}

export async function readTaskOutput(db: Database, runId: RunId, taskId: TaskId): Promise<ColumnTable> {
  const record = await db.get('taskOutputs', outputKey(runId, taskId));
  if (!record) throw new Error(`Task "${taskId}" of run "${runId}" left no output to read.`);
  return { names: record.names, columns: record.columns, rowCount: record.rowCount };
}
