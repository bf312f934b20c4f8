import { seededRandom } from '../../core/random';
import type { TaskRegistry } from '../../pipelines/registry';
import type { TaskContext, TaskFunction } from '../../taskApi/taskContext';
import type { RuntimeSettings } from './protocol';
import { quoted } from '../../core/displayText';

/**
 * Fault injection, for demos and for end-to-end suites: `?fault=extract:throw@1` makes try 1 of `extract` fail before
 * its code runs. The faults travel to the workers in RuntimeSettings, and the worker wraps every task function with
 * `withFaults`, so a fault goes through exactly the path a real failure takes (the pool, the scheduler, storage).
 *
 * - throw: the try fails with an `InjectedFault` error (retried by the task's rules);
 * - hang:  the try never ends, until its execution timeout stops it (or a person clears or marks it);
 * - crash: the worker itself dies with an uncaught error outside the task: the pool reports `WorkerCrashed` and
 *          replaces the worker;
 * - quota: the task runs, but every storage write of this try fails with QuotaExceededError, as on a full disk
 *          (applied where the worker opens storage for the try: see taskWorkerApi);
 * - stall: the task's code runs to its end — what it stores is stored (staged) — but the try never reports, as when
 *          the page closes between a task's last write and the record of its success (until its timeout stops it).
 */
export type FaultKind = 'throw' | 'hang' | 'crash' | 'quota' | 'stall';

export const FAULT_KINDS: readonly FaultKind[] = ['throw', 'hang', 'crash', 'quota', 'stall'];

export interface FaultSpec {
  readonly taskId: string;
  readonly kind: FaultKind;
  /** Which try numbers (1-based) the fault hits; every try when absent. */
  readonly tries?: readonly number[];
  /** Where the fault comes from when not the URL (the Settings page), for the try's log and error. */
  readonly reason?: string;
}

export type FaultParse = { readonly ok: true; readonly fault: FaultSpec } | { readonly ok: false; readonly error: string };

const FORMAT = 'expected task:kind or task:kind@tries, e.g. extract:throw@1 or featurize:crash@1,2';
const TASK_ID = /^[A-Za-z0-9_.-]+$/;

/** Parses one `task:kind[@try,…]` spec; the error says what is wrong and what the format is. */
export function parseFault(text: string): FaultParse {
  const spec = text.trim();
  const fail = (why: string): FaultParse => ({ ok: false, error: `Invalid fault ${quoted(text)}: ${why} (${FORMAT}).` });
  if (spec === '') return fail('it is empty');
  const colon = spec.indexOf(':');
  if (colon < 0) return fail('no ":" between the task id and the kind');
  const taskId = spec.slice(0, colon);
  const rest = spec.slice(colon + 1);
  if (!TASK_ID.test(taskId)) {
    return fail(taskId === '' ? 'the task id is missing' : `${quoted(taskId)} is not a task id (letters, digits, _ . - only)`);
  }
  const at = rest.indexOf('@');
  const kind = at < 0 ? rest : rest.slice(0, at);
  if (!(FAULT_KINDS as readonly string[]).includes(kind)) {
    return fail(kind === '' ? 'the kind is missing' : `unknown kind ${quoted(kind)}; use ${FAULT_KINDS.join(', ')}`);
  }
  if (at < 0) return { ok: true, fault: { taskId, kind: kind as FaultKind } };
  const tries: number[] = [];
  for (const item of rest.slice(at + 1).split(',')) {
    if (!/^\d+$/.test(item) || Number(item) < 1) {
      return fail(item === '' ? 'a try number is missing after "@" or ","' : `${quoted(item)} is not a try number (1, 2, …)`);
    }
    if (!tries.includes(Number(item))) tries.push(Number(item));
  }
  return { ok: true, fault: { taskId, kind: kind as FaultKind, tries } };
}

/**
 * Parses every `fault` URL param. Malformed specs are left out and reported, one error each; so is a spec for a task
 * no DAG has, when `knownTaskIds` is given (a typo would otherwise inject nothing, silently).
 */
export function parseFaults(
  texts: readonly string[],
  knownTaskIds?: readonly string[],
): { readonly faults: readonly FaultSpec[]; readonly errors: readonly string[] } {
  const faults: FaultSpec[] = [];
  const errors: string[] = [];
  for (const text of texts) {
    const parsed = parseFault(text);
    if (!parsed.ok) errors.push(parsed.error);
    else if (knownTaskIds && !knownTaskIds.includes(parsed.fault.taskId)) {
      errors.push(`Invalid fault ${quoted(text)}: no DAG has a task ${quoted(parsed.fault.taskId)} (${knownTasksText(knownTaskIds)}).`);
    } else faults.push(parsed.fault);
  }
  return { faults, errors };
}

/**
 * Splits faults into those on tasks some DAG has and an error for each other one. Checked against the DAGs scheduled
 * now (imported DAGs are known only once the page has booted), not only when the URL is read.
 */
export function checkFaultTasks(
  faults: readonly FaultSpec[],
  knownTaskIds: readonly string[],
): { readonly known: readonly FaultSpec[]; readonly errors: readonly string[] } {
  const known = faults.filter((f) => knownTaskIds.includes(f.taskId));
  const errors = faults
    .filter((f) => !knownTaskIds.includes(f.taskId))
    .map((f) => `Invalid fault "${formatFault(f)}": no DAG has a task ${quoted(f.taskId)} (${knownTasksText(knownTaskIds)}).`);
  return { known, errors };
}

/** The known task ids for an error message: all of them when few, else a sample (a 1,000-task DAG is known too). */
function knownTasksText(knownTaskIds: readonly string[]): string {
  const unique = [...new Set(knownTaskIds)];
  const shown = unique.slice(0, 12).join(', ');
  return unique.length <= 12 ? `known: ${shown}` : `known: ${shown} and ${unique.length - 12} more`;
}

/** The text form of a spec, as parseFault reads it. */
export function formatFault(fault: FaultSpec): string {
  return `${fault.taskId}:${fault.kind}${fault.tries ? `@${fault.tries.join(',')}` : ''}`;
}

/** The first fault that hits this try of this task, if any. */
export function faultFor(faults: readonly FaultSpec[] | undefined, taskId: string, tryNumber: number): FaultSpec | undefined {
  return faults?.find((f) => f.taskId === taskId && (f.tries === undefined || f.tries.includes(tryNumber)));
}

/**
 * A seeded number in [0, 1) for one try, the same on every machine for the same seed, DAG, run number, task and try:
 * with a failure probability p, a try fails when its roll is below p — so a seed (and a reset, which starts run
 * numbers over) replays the same failures.
 */
export function failureRoll(seed: number, dagId: string, runSeq: number, taskId: string, tryNumber: number): number {
  // FNV-1a over the try's identity, then one step of the seeded generator to spread nearby hashes over [0, 1).
  let hash = 0x811c9dc5;
  for (const char of `${dagId}\u0000${runSeq}\u0000${taskId}\u0000${tryNumber}`) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193);
  return seededRandom((hash ^ seed) >>> 0)();
}

/** The error an injected `throw` fails a try with. */
export class InjectedFault extends Error {
  override readonly name = 'InjectedFault';
}

/** Kills the current worker: an error thrown from a timer is uncaught, so the Worker's 'error' event fires outside. */
export function scheduleUncaughtError(message: string): void {
  setTimeout(() => {
    throw new Error(message);
  });
}

/** This try's faults: the worker builds every context with the try's RuntimeSettings; task code sees TaskSettings. */
const faultsOf = (context: TaskContext): readonly FaultSpec[] | undefined => (context.settings as RuntimeSettings).faults;

/**
 * Wraps a task function so that, when a fault in `context.settings.faults` hits this try, the fault happens before
 * the task's own code runs. `crash` is how the worker is made to die (replaceable in tests).
 */
export function withFault(task: TaskFunction, crash: (message: string) => void = scheduleUncaughtError): TaskFunction {
  return (context) => {
    const fault = faultFor(faultsOf(context), context.taskId, context.tryNumber);
    if (!fault) return task(context);
    const what = `${quoted(context.taskId)} try ${context.tryNumber} (fault ${formatFault(fault)}${fault.reason ? `: ${fault.reason}` : ''})`;
    context.log.warning(`Injecting a ${fault.kind} fault into ${what}.`);
    switch (fault.kind) {
      case 'throw':
        return Promise.reject(new InjectedFault(`Injected fault: ${what} throws before its code runs.`));
      case 'hang':
        return new Promise<never>(() => {});
      case 'crash':
        crash(`Injected worker crash: ${what}.`);
        return new Promise<never>(() => {});
      case 'quota':
        return task(context); // its storage writes fail, below the task
      case 'stall':
        return task(context).then(() => {
          context.log.warning(`The code of ${what} finished; the try stalls and will not report.`);
          return new Promise<never>(() => {});
        });
    }
  };
}

/** Every task of a registry wrapped with `withFault`; a try with no fault runs the task's code unchanged. */
export function withFaults(registry: TaskRegistry, crash?: (message: string) => void): TaskRegistry {
  return Object.fromEntries(
    Object.entries(registry).map(([dagId, tasks]) => [
      dagId,
      Object.fromEntries(Object.entries(tasks).map(([taskId, load]) => [taskId, () => load().then((task) => withFault(task, crash))])),
    ]),
  );
}
