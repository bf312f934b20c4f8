import type { RunId, TaskId } from './ids';

export type LogLevel = 'debug' | 'info' | 'warning' | 'error';

/** One line of a task try's log. Rendered as text, never as HTML. */
export interface LogLine {
  readonly runId: RunId;
  readonly taskId: TaskId;
  readonly tryNumber: number;
  readonly seq: number;
  readonly timestamp: number;
  readonly level: LogLevel;
  readonly message: string;
}

export const logKey = (runId: RunId, taskId: TaskId, tryNumber: number) => `${runId}/${taskId}/${tryNumber}`;
