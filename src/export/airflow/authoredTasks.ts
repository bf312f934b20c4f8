import type { DagSource, SourceRange } from '../../core/dag';
import { kindReturn, type BodyContext, type TaskBody } from './bodyContext';
import { pyString } from './python';

/**
 * What becomes of a task written in the page (`callable`: a TypeScript function of its DAG's file) in an Airflow
 * export. There is no Python for it, so the export never pretends: by default a Python `@task` that keeps the
 * original code in its docstring and raises NotImplementedError naming the task and the file; or, by choice,
 * `@task.stub(queue="typescript")`, whose body Airflow's TypeScript SDK runs from a handler file laid out for it
 * (typescriptHandlers.ts).
 */
export type AuthoredTaskMode = 'raise' | 'stub';

export const AUTHORED_TASK_MODES: readonly AuthoredTaskMode[] = ['raise', 'stub'];
export const DEFAULT_AUTHORED_TASK_MODE: AuthoredTaskMode = 'raise';

/** Reads `--authored raise|stub` (or a menu's value); anything else is refused with what is expected. */
export function parseAuthoredTaskMode(text: string): AuthoredTaskMode {
  if (text === 'raise' || text === 'stub') return text;
  throw new RangeError(
    `--authored must be raise (the default: a Python task that raises NotImplementedError) or stub (@task.stub for Airflow's TypeScript SDK), got ${JSON.stringify(text)}.`,
  );
}

/** The text of a stretch of a file (1-based lines and columns, end exclusive), line ends as `\n`. */
export function sourceText(text: string, range: SourceRange): string {
  const lines = text.split('\n').map((line) => line.replace(/\r$/, ''));
  if (range.line === range.endLine) return (lines[range.line - 1] ?? '').slice(range.column - 1, range.endColumn - 1);
  const first = (lines[range.line - 1] ?? '').slice(range.column - 1);
  const middle = lines.slice(range.line, range.endLine - 1);
  const last = (lines[range.endLine - 1] ?? '').slice(0, range.endColumn - 1);
  return [first, ...middle, last].join('\n');
}

/**
 * A task's function as a reader wants it: its first line given the indentation of the line it starts on, then the
 * indentation all its lines share removed (Python's textwrap.dedent, which tests/export/check_airflow_structure.py applies to compare).
 */
export function functionText(text: string, range: SourceRange): string {
  const lines = sourceText(text, range).split('\n');
  const startLine = text.split('\n')[range.line - 1] ?? '';
  lines[0] = `${/^[ \t]*/.exec(startLine)![0]}${lines[0]}`;
  return dedent(lines.join('\n'));
}

/** textwrap.dedent: the longest whitespace prefix every non-blank line shares goes; blank lines become empty. */
export function dedent(text: string): string {
  const lines = text.split('\n').map((line) => (/^[ \t]*$/.test(line) ? '' : line));
  let margin: string | null = null;
  for (const line of lines) {
    if (line === '') continue;
    const indent = /^[ \t]*/.exec(line)![0];
    if (margin === null) margin = indent;
    else {
      let i = 0;
      while (i < margin.length && i < indent.length && margin[i] === indent[i]) i++;
      margin = margin.slice(0, i);
    }
  }
  return lines.map((line) => line.slice(margin?.length ?? 0)).join('\n');
}

/** "trigger-rules.ts, lines 14-17" */
export const whereInFile = (source: DagSource, range: SourceRange): string =>
  `${source.fileName}, ${range.line === range.endLine ? `line ${range.line}` : `lines ${range.line}-${range.endLine}`}`;

/** The marker line after which a docstring holds the TypeScript, each line indented by four spaces. */
export const CODE_MARKER = 'Its TypeScript, as written in the page';

function docstring(c: BodyContext, source: DagSource, range: SourceRange, what: string): string {
  const code = functionText(source.text, range)
    .split('\n')
    .map((line) => (line === '' ? '' : `    ${line}`))
    .join('\n');
  return [c.task.description, what, '', `${CODE_MARKER} (${whereInFile(source, range)}):`, '', code].filter((line) => line !== undefined).join('\n');
}

/** A task whose body is the user's TypeScript: the mode's body, or null for any other task. */
export function authoredBody(c: BodyContext): TaskBody | null {
  const range = c.task.callable;
  const source = c.source;
  if (!range || !source) return null;
  const taskText = JSON.stringify(c.task.id);
  // Airflow's @task.stub runs a plain task in the other SDK; a branch or short-circuit decides what runs next,
  // which a stub cannot tell Airflow: those stay Python tasks that raise, in either mode.
  if (c.authored === 'stub' && c.kind === 'task') {
    return {
      docstring: docstring(
        c,
        source,
        range,
        `Runs in Airflow's TypeScript SDK (queue "typescript"): the handler registered for (${JSON.stringify(c.dagId)}, ${taskText}) in typescript/src/, exported from this function.`,
      ),
      decorator: { name: 'task.stub', args: ['queue="typescript"'] },
      parameters: '',
      lines: ['...'],
      helpers: [],
    };
  }
  const message =
    `Task ${taskText} of ${JSON.stringify(c.dagId)} is TypeScript written in the page (${whereInFile(source, range)}): ` +
    'this export has no Python for it. Port the code in this docstring to Python here' +
    (c.kind === 'task' ? ', or export with --authored stub to run it in Airflow\'s TypeScript SDK.' : '.');
  return {
    docstring: docstring(
      c,
      source,
      range,
      c.authored === 'stub' && c.kind !== 'task'
        ? `In Pipeline Playground this ${c.kind === 'branch' ? 'branch' : 'short-circuit'} task runs the TypeScript below; Airflow's @task.stub cannot decide what runs next, so it stays a Python task to port.`
        : 'In Pipeline Playground this task runs the TypeScript below, in a sandbox.',
    ),
    lines: [`raise NotImplementedError(${pyString(message)})`, ...(c.kind === 'task' ? [] : ['# What the ported body returns decides what runs next:', ...kindReturn(c, 'None').map((line) => `# ${line}`)])],
    helpers: [],
  };
}
