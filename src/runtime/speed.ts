import type { SchedulingSpeed } from './settings/userSettings';

/**
 * How long the coordinator holds a queued try before it hands it to a worker. The scheduler itself stays instant and
 * pure: the latency is added here, at the edge, with the coordinator's injected clock, so a FakeClock test can step
 * through it and the `instant` speed costs nothing.
 */
export interface SchedulingLatency {
  /** A task's try, from queued to its worker (Airflow 2: ~1 s from a task's end to its dependent's start). */
  readonly taskStartMs: number;
  /**
   * The first tries of a run a dataset event created, from that event to their worker (Airflow 2: ~2 s from the
   * producer's task end to the consumer's first task in the original example). Replaces `taskStartMs` for them.
   */
  readonly datasetTriggerMs: number;
}

export const INSTANT_LATENCY: SchedulingLatency = { taskStartMs: 0, datasetTriggerMs: 0 };

/**
 * Airflow 2's typical latencies with default settings: the scheduler loop (`scheduler_heartbeat_sec`, a loop of about
 * a second) between a task's end and its dependent's start, and about two seconds from a dataset event to the first
 * task of the run it triggers (the dataset queue is read in a later loop).
 */
export const AIRFLOW_LATENCY: SchedulingLatency = { taskStartMs: 1_000, datasetTriggerMs: 2_000 };

export function latencyOf(speed: SchedulingSpeed): SchedulingLatency {
  return speed === 'airflow' ? AIRFLOW_LATENCY : INSTANT_LATENCY;
}

/** Which kind of start a try is: the opening of a run a dataset event just created, or any other. */
export type StartKind = 'dataset_trigger' | 'task';

/** How long to hold this try in the queue. */
export function dispatchDelayMs(latency: SchedulingLatency, kind: StartKind): number {
  return kind === 'dataset_trigger' ? latency.datasetTriggerMs : latency.taskStartMs;
}

/** The log line of a try that was held, so the wait is explained where a person looks for it. */
export function describeDelay(delayMs: number, kind: StartKind): string {
  const why =
    kind === 'dataset_trigger'
      ? "as Airflow 2 takes from an asset (its dataset) event to the first task of the run it triggers"
      : "as Airflow 2's scheduler loop takes between a task and its dependent";
  return `Airflow-like speed: held ${delayMs} ms in the queue before a worker took it, ${why}.`;
}
