import type { CallbackSpec } from './dag';
import type { DagRun } from './model';

/** A warning longer than this is cut in the run's notification (the task's own log and notification keep it whole). */
const MAX_WARNING_CHARS = 300;

/**
 * The warnings a run's tasks gave with their results: a task that succeeds but wants the person to know its result is
 * doubtful (a model much worse than a straight line) returns `{ …, warnings: ["…"] }`. In task order, empty strings
 * and values that are not strings left out.
 */
export function runWarnings(run: DagRun): string[] {
  const warnings: string[] = [];
  for (const ti of run.tasks) {
    const value = ti.state === 'success' ? ti.returnValue : undefined;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) continue;
    const listed = (value as { readonly warnings?: unknown }).warnings;
    if (!Array.isArray(listed)) continue;
    for (const warning of listed) if (typeof warning === 'string' && warning.trim() !== '') warnings.push(warning.trim());
  }
  return warnings;
}

/**
 * A DAG's on_success callback for a run whose tasks gave warnings: raised as a warning, not as plain success, with the
 * warnings after its message. Any other callback, or a run without warnings, is left as it is.
 */
export function successWithWarnings(spec: CallbackSpec, message: string, warnings: readonly string[]): { level: CallbackSpec['notify']; message: string } {
  if (warnings.length === 0 || spec.notify !== 'success') return { level: spec.notify, message };
  const cut = (w: string) => (w.length > MAX_WARNING_CHARS ? `${w.slice(0, MAX_WARNING_CHARS - 1)}…` : w);
  const what = warnings.length === 1 ? 'But:' : `But, ${warnings.length} warnings:`;
  return { level: 'warning', message: `${message} ${what} ${warnings.map(cut).join(' ')}` };
}
