import type { DagSource, TaskDefinition, TaskKind } from '../../core/dag';
import type { AuthoredTaskMode } from './authoredTasks';
import type { DatasetId } from '../../core/ids';
import type { Flavour } from './flavour';
import { pyString } from './python';

/** What a task body is written from: the task, its place in the DAG, and the Airflow version's vocabulary. */
export interface BodyContext {
  readonly dagId: string;
  readonly task: TaskDefinition;
  readonly kind: TaskKind;
  /** Ids of the tasks directly downstream of this one. */
  readonly downstream: readonly string[];
  readonly flavour: Flavour;
  /** The file the DAG was written in, when it was written in the page (its tasks with a `callable` are in it). */
  readonly source?: DagSource;
  /** What a task written in TypeScript becomes (authoredTasks.ts). */
  readonly authored: AuthoredTaskMode;
  /** A Python expression for an asset: its module-level variable, or an inline constructor call. */
  asset(id: DatasetId): string;
}

/** Module-level Python the bodies use, included once per module (py/*.py). */
export type PythonHelper = 'files' | 'split' | 'housing';

export interface TaskBody {
  /** Lines of the function body, not indented. */
  readonly lines: readonly string[];
  readonly helpers: readonly PythonHelper[];
  /**
   * The docstring, when the body wants one other than the task's description (a not-ported task says there what it
   * is in the playground; an authored task will keep its TypeScript there).
   */
  readonly docstring?: string;
  /**
   * A decorator that replaces the one the task's kind chooses, with its arguments after task_id: e.g.
   * `{ name: 'task.stub', args: ['queue="typescript"'] }` for a task whose code runs in another language's SDK.
   */
  readonly decorator?: { readonly name: string; readonly args: readonly string[] };
  /** The function's parameters, when not `**context` (a stub's body runs elsewhere and takes nothing here). */
  readonly parameters?: string;
}

/** What a branch returns when its work decides nothing: every direct downstream task. */
const followAll = (c: BodyContext) => `[${c.downstream.map(pyString).join(', ')}]`;

/** The end of a body whose work decides nothing: keep the scheduling meaning of the task's kind. */
export function kindReturn(c: BodyContext, value: string): string[] {
  switch (c.kind) {
    case 'branch':
      return ['# A branch returns the ids of the downstream tasks to follow; this one follows all of them.', `return ${followAll(c)}`];
    case 'short_circuit':
      return ['# A short-circuit task skips everything downstream when it returns a falsy value.', 'return True'];
    case 'task':
      return [`return ${value}`];
  }
}
