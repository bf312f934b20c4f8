import { logKey, type LogLine } from '../../core/logLine';
import type { RunId } from '../../core/ids';
import type { Database } from './database';

/** Appends a batch of log lines in one transaction (logs arrive in bursts; one transaction per line is slow). */
export async function appendLogs(db: Database, lines: readonly LogLine[]): Promise<void> {
  if (lines.length === 0) return;
  const tx = db.transaction('logs', 'readwrite');
  await Promise.all([
    ...lines.map((line) => tx.store.put({ ...line, key: logKey(line.runId, line.taskId, line.tryNumber) })),
    tx.done,
  ]);
}

export async function logsOfRun(db: Database, runId: RunId): Promise<LogLine[]> {
  const lines = await db.getAllFromIndex('logs', 'byRun', runId);
  return lines.map(({ key: _key, ...line }) => line);
}
