import type { SandboxFailure } from '../sandbox/session';
import { originalPosition, type LineSegments, type Position } from '../sandbox/sourceMap';
import type { StackFrame } from '../sandbox/stackFrames';

/** The innermost frame in the user's file, as a position of the TypeScript they wrote (a call: at its callee). */
export function userPosition(failure: SandboxFailure, fileName: string, segments: LineSegments, source: string): Position | null {
  const frame = failure.frames.find((f) => f.file === fileName);
  return frame ? calleePosition(source, originalPosition(segments, frame)) : null;
}

/** QuickJS places a call at its `(`: step back over the callee's name, so `dag.task(` points at `task`. */
export function calleePosition(source: string, at: Position): Position {
  const text = source.split('\n', at.line)[at.line - 1] ?? '';
  let index = at.column - 1;
  if (text[index] !== '(') return at;
  while (index > 0 && /[\w$]/.test(text[index - 1]!)) index--;
  return { line: at.line, column: index + 1 };
}

/** The user's frames of a stack, mapped to their TypeScript, in the `    at fn (file:line:col)` form. */
export function userStack(frames: readonly StackFrame[], fileName: string, segments: LineSegments, source: string): string {
  return frames
    .filter((f) => f.file === fileName)
    .map((f) => {
      const at = calleePosition(source, originalPosition(segments, f));
      return `    at ${f.fn ? `${f.fn} (` : ''}${fileName}:${at.line}:${at.column}${f.fn ? ')' : ''}`;
    })
    .join('\n');
}

/** `1 s`, `250 ms`, `256 MB`: limits as a person reads them. */
export const showMs = (ms: number) => (ms >= 1_000 && ms % 100 === 0 ? `${ms / 1_000} s` : `${ms} ms`);
export const showBytes = (bytes: number) => `${Math.round(bytes / 1_048_576)} MB`;
