import { logKey, type LogLine } from '../../core/logLine';
import type { RunId, TaskId } from '../../core/ids';
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

export interface LoggedSoFar {
  /**
   * The first free line number after the stored lines of these tries: a page that writes to a try an earlier page
   * logged (a try lost when that page closed) numbers its lines after those, never over them.
   */
  readonly nextSeq: number;
  /** When each try (by logKey) wrote its last stored line: the last sign of life of a try whose page went away. */
  readonly lastLineAt: ReadonlyMap<string, number>;
}

/** The last stored line of each of these tries (one cursor step each, however long their logs are). */
export async function loggedSoFar(db: Database, tries: readonly { runId: RunId; taskId: TaskId; tryNumber: number }[]): Promise<LoggedSoFar> {
  let nextSeq = 0;
  const lastLineAt = new Map<string, number>();
  const store = db.transaction('logs').store;
  for (const { runId, taskId, tryNumber } of tries) {
    const key = logKey(runId, taskId, tryNumber);
    const last = await store.openCursor(IDBKeyRange.bound([key, -Infinity], [key, Infinity]), 'prev');
    if (!last) continue;
    nextSeq = Math.max(nextSeq, last.value.seq + 1);
    lastLineAt.set(key, last.value.timestamp);
  }
  return { nextSeq, lastLineAt };
}
