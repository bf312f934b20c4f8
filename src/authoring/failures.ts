import type { SandboxFailure } from '../sandbox/session';
import { originalPosition, type LineSegments, type Position } from '../sandbox/sourceMap';
import type { StackFrame } from '../sandbox/stackFrames';

/** The innermost frame in the user's file, as a position of the TypeScript they wrote. */
export function userPosition(failure: SandboxFailure, fileName: string, segments: LineSegments): Position | null {
  const frame = failure.frames.find((f) => f.file === fileName);
  return frame ? originalPosition(segments, frame) : null;
}

/** The user's frames of a stack, mapped to their TypeScript, in the `    at fn (file:line:col)` form. */
export function userStack(frames: readonly StackFrame[], fileName: string, segments: LineSegments): string {
  return frames
    .filter((f) => f.file === fileName)
    .map((f) => {
      const at = originalPosition(segments, f);
      return `    at ${f.fn ? `${f.fn} (` : ''}${fileName}:${at.line}:${at.column}${f.fn ? ')' : ''}`;
    })
    .join('\n');
}

/** `1 s`, `250 ms`, `256 MB`: limits as a person reads them. */
export const showMs = (ms: number) => (ms >= 1_000 && ms % 100 === 0 ? `${ms / 1_000} s` : `${ms} ms`);
export const showBytes = (bytes: number) => `${Math.round(bytes / 1_048_576)} MB`;
