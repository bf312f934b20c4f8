import type { RunId } from '../../core/ids';
import { failureRoll, faultFor, type FaultSpec } from '../workers/faults';
import type { RuntimeSettings } from '../workers/protocol';
import type { UserSettings } from './userSettings';

/** The try a worker is about to get. */
export interface TryRef {
  readonly dagId: string;
  readonly runId: RunId;
  /** The run's sequence number (stable across reloads; restarts at 1 after a reset). */
  readonly runSeq: number;
  readonly taskId: string;
  readonly tryNumber: number;
}

/** What the coordinator puts in a try's request, and a line for the try's log saying what it ran with. */
export interface TrySetup {
  readonly settings: RuntimeSettings;
  readonly note?: string;
}

export interface TrySettingsSources {
  /** The settings in force now (stored, with the URL's overrides). */
  current(): UserSettings;
  /** Faults from the URL. */
  urlFaults(): readonly FaultSpec[];
  readonly baseUrl: string;
  /** Uses up one "fail the next try" entry for this task; true if there was one. */
  claimArmedFailure(dagId: string, taskId: string): boolean;
}

/**
 * Settings per try, at the moment the try goes to a worker: a change in the Settings page applies to the tries and
 * runs that start after it. The seed and the backend are fixed per run, when its first try starts — a run never
 * trains with one seed and predicts with another. Failure injection is decided per try: the URL's faults, then an
 * armed "fail the next try", then the seeded failure probability.
 */
export function createTrySettings(sources: TrySettingsSources): (ref: TryRef) => TrySetup {
  const perRun = new Map<RunId, Pick<UserSettings, 'seed' | 'backend'>>();
  return (ref) => {
    const now = sources.current();
    let run = perRun.get(ref.runId);
    if (!run) perRun.set(ref.runId, (run = { seed: now.seed, backend: now.backend }));
    const faults = [...sources.urlFaults()];
    const injected: string[] = [];
    if (!faultFor(faults, ref.taskId, ref.tryNumber) && sources.claimArmedFailure(ref.dagId, ref.taskId)) {
      faults.push({ taskId: ref.taskId, kind: 'throw', tries: [ref.tryNumber], reason: 'Settings: fail the next try of this task' });
      injected.push('fails on purpose (armed in Settings)');
    }
    if (
      !faultFor(faults, ref.taskId, ref.tryNumber) &&
      now.failureProbability > 0 &&
      failureRoll(run.seed, ref.dagId, ref.runSeq, ref.taskId, ref.tryNumber) < now.failureProbability
    ) {
      const reason = `Settings: failure probability ${now.failureProbability} per try, seed ${run.seed}`;
      faults.push({ taskId: ref.taskId, kind: 'throw', tries: [ref.tryNumber], reason });
      injected.push(`fails on purpose (failure probability ${now.failureProbability})`);
    }
    const note =
      `Settings for this try: worker pool ${now.poolSize}, seed ${run.seed}, tfjs ${run.backend}, speed ${now.speed}` +
      (now.failureProbability > 0 ? `, failure probability ${now.failureProbability}` : '') +
      (injected.length > 0 ? `; this try ${injected.join(', ')}` : '') +
      '.';
    return { settings: { seed: run.seed, backend: run.backend, baseUrl: sources.baseUrl, faults }, note };
  };
}
