import { HOUSING_OPERATORS } from './operatorNames';
import { operatorLoader } from './operators';
import type { TaskFunction } from '../taskApi/taskContext';
import { own } from '../core/ownKeys';

/** Loads a task's code on demand: a worker that only extracts never downloads tfjs. */
export type TaskLoader = () => Promise<TaskFunction>;
export type TaskRegistry = Readonly<Record<string, Readonly<Record<string, TaskLoader>>>>;

/** Task code of every DAG in ./housing/dags.ts, by DAG id and task id. Imported by workers only. */
export const housingTaskRegistry: TaskRegistry = {
  ml_producer: {
    extract: () => import('./housing/tasks/extract').then((m) => m.extract),
    save_raw_data: () => import('./housing/tasks/saveRawData').then((m) => m.saveRawData),
    check_data: () => import('./housing/tasks/checkData').then((m) => m.checkData),
    quarantine_data: () => import('./housing/tasks/quarantineData').then((m) => m.quarantineData),
    featurize: () => import('./housing/tasks/featurize').then((m) => m.featurize),
  },
  ml_consumer: {
    check_drift: () => import('./housing/tasks/checkDrift').then((m) => m.checkDrift),
    train: () => import('./housing/tasks/train').then((m) => m.train),
    predict: () => import('./housing/tasks/predict').then((m) => m.predict),
    save_predictions: () => import('./housing/tasks/savePredictions').then((m) => m.savePredictions),
  },
  ml_batch_predict: {
    predict: () => import('./housing/tasks/predict').then((m) => m.batchPredict),
    save_predictions: () => import('./housing/tasks/savePredictions').then((m) => m.savePredictions),
  },
};

/** One thing a worker loads in its idle time, before a try needs it (named on the timeline as `warm-up:<name>`). */
export interface WarmUpStep {
  readonly name: string;
  readonly load: () => Promise<unknown>;
}

const load = (dagId: keyof typeof housingTaskRegistry, taskId: string) => housingTaskRegistry[dagId]![taskId]!();

/**
 * What a task worker loads while it has no try, in the order the demo needs it: the small modules of the first tries
 * together (their fetches overlap; evaluating them takes milliseconds), then tfjs with train and the wasm backend started
 * (what a first training try would otherwise wait for), then predict, and danfojs (save_predictions) last. Every worker
 * loads all of it (any worker may get any try); no step starts while a try runs or right after one (runtime/workers/
 * warmUp.ts).
 */
export const housingWarmUp: readonly WarmUpStep[] = [
  {
    name: 'small-tasks',
    load: () =>
      Promise.all([
        ...['extract', 'check_data', 'save_raw_data', 'featurize', 'quarantine_data'].map((task) => load('ml_producer', task)),
        load('ml_consumer', 'check_drift'),
      ]),
  },
  { name: 'train', load: () => load('ml_consumer', 'train') },
  { name: 'tfjs-backend', load: () => import('./tf/backend').then((m) => m.prepareBackend()) },
  { name: 'predict', load: () => load('ml_consumer', 'predict') },
  { name: 'save_predictions', load: () => load('ml_consumer', 'save_predictions') },
];

/** Every task of a registry, in its order: the warm-up of a registry without a plan of its own (tests). */
export function warmUpOf(registry: TaskRegistry): WarmUpStep[] {
  return Object.entries(registry).flatMap(([dagId, tasks]) =>
    Object.entries(tasks).map(([taskId, load]) => ({ name: `${dagId}/${taskId}`, load })),
  );
}

/**
 * The code a try runs: the pipelines' own for its DAG and task id when there is any, else the built-in operator the
 * task names (demo and imported DAGs are made of operators). Undefined when there is neither.
 */
export function resolveTaskLoader(
  registry: TaskRegistry,
  request: { readonly dagId: string; readonly taskId: string; readonly operator?: string },
): { readonly load: TaskLoader; readonly source: 'registry' | 'operator' } | undefined {
  const registeredOwn = own(own(registry, request.dagId), request.taskId);
  if (registeredOwn) return { load: registeredOwn, source: 'registry' };
  const housing = request.operator !== undefined && Object.hasOwn(HOUSING_OPERATORS, request.operator)
    ? HOUSING_OPERATORS[request.operator as keyof typeof HOUSING_OPERATORS]
    : undefined;
  const registered = housing && own(own(registry, housing[0]), housing[1]);
  if (registered) return { load: registered, source: 'registry' };
  const operator = operatorLoader(request.operator);
  return operator ? { load: operator, source: 'operator' } : undefined;
}
