import type { TaskStorage } from './workers/taskStorage';

/**
 * Where the time goes, as User Timing measures (`pp:<what>:<stage>`) on the timeline of the thread doing the work: in
 * a task worker, a try's code load, each storage read and write and the task's own code; in the page, the boot steps
 * before `ready`. Nothing in the app reads them; the bench reads every timeline (Playwright) to break the demo and the
 * first load down by stage (tests/bench/demoStages.mjs), and DevTools shows them in a profile. The timeline is cleared
 * now and then, so a long session of many tries does not keep them all.
 */
const KEPT_MEASURES = 2_000;
let measures = 0;

export function measureStage(name: string, start: number): void {
  if (typeof performance.measure !== 'function') return;
  if (++measures > KEPT_MEASURES) {
    performance.clearMeasures();
    measures = 1;
  }
  performance.measure(`pp:${name}`, { start, end: performance.now() });
}

export async function timedStage<T>(name: string, work: () => Promise<T>): Promise<T> {
  const start = performance.now();
  try {
    return await work();
  } finally {
    measureStage(name, start);
  }
}

type AsyncMethods<T> = { [K in keyof T]: T[K] extends (...args: infer A) => Promise<infer R> ? (...args: A) => Promise<R> : T[K] };

/** The same storage, each call measured as `<task>:<method>`. */
export function timedTaskStorage(storage: TaskStorage, task: string): TaskStorage {
  const timed = {} as AsyncMethods<TaskStorage>;
  for (const key of Object.keys(storage) as (keyof TaskStorage)[]) {
    const method = storage[key] as (...args: unknown[]) => Promise<unknown>;
    (timed as Record<string, unknown>)[key] = (...args: unknown[]) => timedStage(`${task}:${key}`, () => method(...args));
  }
  return timed;
}
