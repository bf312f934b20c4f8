import type { DagDefinition } from '../core/dag';
import { own } from '../core/ownKeys';
import { validateDag } from '../core/validate';
import { MAX_CONDITION_DEPTH } from './dagDocumentSchema';
import { at, type JsonPath } from './jsonPath';
import { quotedValue } from '../core/displayText';
import { didYouMean } from './suggest';

/** What the running playground knows, against which a document's references are checked. */
export interface ImportContext {
  /** DAG id → task ids with registered code (pipelines/registeredTasks.ts). */
  readonly registeredTasks: Readonly<Record<string, readonly string[]>>;
  /** Built-in operator names (pipelines/operatorNames.ts). */
  readonly operators: readonly string[];
  /** Datasets the playground defines besides the document's own (the built-in ones, and those of kept DAGs). */
  readonly datasets: readonly string[];
  /** Pool names the scheduler has (`default_pool` at least). */
  readonly pools: readonly string[];
}

export interface RuleError {
  readonly path: JsonPath;
  readonly message: string;
}

type Rec = Record<string, unknown>;
const isRecord = (value: unknown): value is Rec => typeof value === 'object' && value !== null && !Array.isArray(value);
const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((x): x is string => typeof x === 'string') : []);

/**
 * The rules a schema cannot state, over whatever parts of the document are well-formed enough to read (a file with a
 * typo in one task still hears about the cycle in another): duplicate DAG and task ids, unknown or repeated upstream
 * tasks, datasets no one produces or lists, tasks with no code, unknown pools, and cycles (core/validate.ts). Errors
 * come DAG by DAG, in document order.
 */
export function documentRuleErrors(document: unknown, context: ImportContext): Map<number, RuleError[]> {
  const byDag = new Map<number, RuleError[]>();
  if (!isRecord(document) || !Array.isArray(document.dags)) return byDag;
  const dags: unknown[] = document.dags;
  // Datasets a schedule may name: the playground's, the document's, and every outlet of the document's DAGs.
  const known = new Set<string>(context.datasets);
  if (Array.isArray(document.datasets)) for (const d of document.datasets) if (isRecord(d) && typeof d.id === 'string') known.add(d.id);
  for (const dag of dags) if (isRecord(dag) && Array.isArray(dag.tasks)) for (const t of dag.tasks) if (isRecord(t)) for (const o of strings(t.outlets)) known.add(o);

  const firstIndexOfDag = new Map<string, number>();
  dags.forEach((dag, i) => {
    const errors: RuleError[] = [];
    const fail = (path: JsonPath, message: string) => errors.push({ path, message });
    const path = at('dags', i);
    if (isRecord(dag)) {
      if (isRecord(dag.schedule)) unknownDatasets(dag.schedule.condition, at(at(path, 'schedule'), 'condition'), known, 0, fail);
      if (Array.isArray(dag.tasks)) taskRules(dag, dag.tasks, path, context, fail);
      if (typeof dag.id === 'string') {
        const first = firstIndexOfDag.get(dag.id);
        if (first === undefined) firstIndexOfDag.set(dag.id, i);
        else fail(at(path, 'id'), `duplicate DAG id ${quotedValue(dag.id)} (also dags[${first}])`);
      }
      // The cycle needs only ids and upstream lists: it is looked for as soon as those are well-formed.
      const graph = graphOf(dag);
      if (graph) for (const error of validateDag(graph)) if (error.kind === 'cycle') fail(at(path, 'tasks'), error.message);
    }
    if (errors.length > 0) byDag.set(i, errors);
  });
  return byDag;
}

function taskRules(dag: Rec, tasks: unknown[], path: JsonPath, context: ImportContext, fail: (path: JsonPath, message: string) => void): void {
  const taskIds = tasks.map((t) => (isRecord(t) && typeof t.id === 'string' ? t.id : null));
  const firstIndex = new Map<string, number>();
  taskIds.forEach((id, i) => {
    if (id === null) return;
    const first = firstIndex.get(id);
    if (first === undefined) firstIndex.set(id, i);
    else fail(at(at(at(path, 'tasks'), i), 'id'), `duplicate task id ${quotedValue(id)} (also tasks[${first}])`);
  });
  const known = [...firstIndex.keys()];
  tasks.forEach((task, i) => {
    if (!isRecord(task)) return;
    const taskPath = at(at(path, 'tasks'), i);
    if (Array.isArray(task.upstream)) {
      const upstream: unknown[] = task.upstream;
      upstream.forEach((up, j) => {
        if (typeof up !== 'string') return;
        if (!firstIndex.has(up)) fail(at(at(taskPath, 'upstream'), j), `unknown task ${quotedValue(up)}${didYouMean(up, known)}`);
        else if (upstream.indexOf(up) !== j) fail(at(at(taskPath, 'upstream'), j), `task ${quotedValue(up)} is listed twice`);
      });
    }
    // No code: the pipelines have none for this DAG and task id, and the task names no built-in operator.
    const id = taskIds[i];
    if (typeof dag.id === 'string' && typeof id === 'string' && task.operator === undefined) {
      const registered = own(context.registeredTasks, dag.id) ?? [];
      if (!registered.includes(id)) {
        fail(
          taskPath,
          `task ${quotedValue(id)} has no code: the playground has no registered code for task ${quotedValue(id)} of DAG ${quotedValue(dag.id)}` +
            `${registered.length > 0 ? didYouMean(id, registered) : ''}; give it an "operator" (one of ${context.operators.join(', ')})`,
        );
      }
    }
    if (typeof task.pool === 'string' && !context.pools.includes(task.pool)) {
      fail(at(taskPath, 'pool'), `unknown pool ${quotedValue(task.pool)}${didYouMean(task.pool, context.pools)}; the playground has ${context.pools.join(', ')}`);
    }
  });
}

/** Dataset ids in a schedule's condition that nothing defines (a condition nested too deep is the schema's to refuse). */
function unknownDatasets(value: unknown, path: JsonPath, known: ReadonlySet<string>, depth: number, fail: (path: JsonPath, message: string) => void): void {
  if (depth > MAX_CONDITION_DEPTH || !isRecord(value)) return;
  if (value.type === 'dataset' && typeof value.id === 'string' && !known.has(value.id)) {
    fail(
      at(path, 'id'),
      `unknown dataset ${quotedValue(value.id)}${didYouMean(value.id, known)}: no task's outlets update it and the document's "datasets" do not list it`,
    );
  }
  if (Array.isArray(value.of)) value.of.forEach((inner, i) => unknownDatasets(inner, at(at(path, 'of'), i), known, depth + 1, fail));
}

/** Only the ids and upstream lists of a DAG, when they are well-formed (enough to look for a cycle). */
function graphOf(dag: Rec): DagDefinition | null {
  if (typeof dag.id !== 'string' || !Array.isArray(dag.tasks) || dag.tasks.length === 0) return null;
  const tasks: { id: string; upstream: string[] }[] = [];
  for (const task of dag.tasks) {
    if (!isRecord(task) || typeof task.id !== 'string' || !Array.isArray(task.upstream)) return null;
    if (!task.upstream.every((u): u is string => typeof u === 'string')) return null;
    tasks.push({ id: task.id, upstream: task.upstream });
  }
  return { id: dag.id, schedule: { type: 'manual' }, tasks } as unknown as DagDefinition;
}
