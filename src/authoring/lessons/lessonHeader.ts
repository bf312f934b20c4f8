import type { TaskState } from '../../core/states';

/**
 * What a lesson says should happen when it runs, in a form a page can check after the run (issue 15's gallery):
 * the DAGs to trigger in order, then for each DAG how many runs it should have, how they end, and the final state
 * (and try count) of named tasks in its latest run.
 */
export interface LessonCheck {
  readonly trigger: readonly string[];
  readonly runs: readonly {
    readonly dagId: string;
    readonly count?: number;
    readonly state?: 'success' | 'failed';
    readonly tasks?: Readonly<Record<string, TaskState>>;
    readonly tries?: Readonly<Record<string, number>>;
  }[];
}

/** A lesson file's header: the doc comment at its top, with @title, @teaches, @expect and @check. */
export interface LessonHeader {
  readonly title: string;
  readonly teaches: string;
  readonly expect: string;
  readonly check: LessonCheck;
}

/** Reads the header; throws with the missing or malformed tag named (a unit test reads every lesson). */
export function parseLessonHeader(text: string): LessonHeader {
  const comment = /^\s*\/\*\*([\s\S]*?)\*\//.exec(text);
  if (!comment) throw new Error('A lesson starts with a /** … */ header.');
  const tags = new Map<string, string>();
  let current: string | null = null;
  for (const raw of comment[1]!.split('\n')) {
    const line = raw.replace(/^\s*\*\s?/, '');
    const tag = /^@(\w+)\s+(.*)$/.exec(line);
    if (tag) {
      current = tag[1]!;
      tags.set(current, tag[2]!.trim());
    } else if (current && line.trim() !== '') {
      tags.set(current, `${tags.get(current)} ${line.trim()}`);
    }
  }
  const need = (name: string) => {
    const value = tags.get(name);
    if (!value) throw new Error(`The lesson header has no @${name}.`);
    return value;
  };
  const check = JSON.parse(need('check')) as LessonCheck;
  if (!Array.isArray(check.trigger) || !Array.isArray(check.runs)) throw new Error('@check needs "trigger" and "runs" lists.');
  return { title: need('title'), teaches: need('teaches'), expect: need('expect'), check };
}
