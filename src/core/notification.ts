import type { NotificationLevel } from './dag';
import type { DagId, RunId, TaskId } from './ids';

/** A message for the person watching: from a DAG's callback, or from the playground itself (a trigger, an error). */
export interface Notification {
  readonly id: number;
  readonly timestamp: number;
  readonly level: NotificationLevel;
  readonly title: string;
  readonly message: string;
  readonly source: 'callback' | 'system';
  readonly dagId?: DagId;
  readonly runId?: RunId;
  readonly taskId?: TaskId;
}

/** Fills a callback message template: {dag}, {task}, {run}, {try}, {error}. Unknown names stay as written. */
export function fillTemplate(template: string, values: Readonly<Record<string, string | number | undefined>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = Object.hasOwn(values, name) ? values[name] : undefined;
    return value === undefined ? whole : String(value);
  });
}
