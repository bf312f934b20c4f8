/** One frame of a QuickJS stack trace: `    at fn (file:line:col)` or `    at file:line:col`. */
export interface StackFrame {
  readonly fn: string;
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

const FRAME = /^\s*at (?:(.*?) \((.+):(\d+):(\d+)\)|(.+):(\d+):(\d+))\s*$/;

export function parseStack(stack: string): StackFrame[] {
  const frames: StackFrame[] = [];
  for (const line of stack.split('\n')) {
    const match = FRAME.exec(line);
    if (!match) continue;
    if (match[2] !== undefined) {
      frames.push({ fn: match[1] ?? '', file: match[2], line: Number(match[3]), column: Number(match[4]) });
    } else {
      frames.push({ fn: '', file: match[5]!, line: Number(match[6]), column: Number(match[7]) });
    }
  }
  return frames;
}
