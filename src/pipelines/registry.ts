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
  /** Loads (or practises); a long step looks at `signal.stop` between slices and ends early once a try is waiting. */
  readonly load: (signal: { readonly stop: boolean }) => Promise<unknown>;
  /** Needs tfjs or danfojs: only the worker the pool keeps for heavy tries runs it (housing/heavyTasks.ts). */
  readonly heavy?: boolean;
  /**
   * Works in slices and stops once a try is waiting, so a try never waits behind it long. Other steps (evaluating a
   * module) hold the worker's thread until done: the pool sends a light try elsewhere meanwhile (workerPool.ts).
   */
  readonly yields?: boolean;
}

const load = (dagId: keyof typeof housingTaskRegistry, taskId: string) => housingTaskRegistry[dagId]![taskId]!();

/** Steps of the practice run: a few tens of milliseconds of a cold worker's time, enough for the engine to compile a step. */
export const PRACTICE_STEPS = 300;

/**
 * What a task worker loads while it has no try, in the order the demo needs it: the small modules of the first tries
 * together (their fetches overlap; evaluating them takes milliseconds), then tfjs with train and the wasm backend started
 * (what a first training try would otherwise wait for), predict, danfojs (save_predictions), and last a short practice
 * run of the linear fit's steps, so a first fit runs them compiled (ml/practiceTraining.ts; it stops when a try arrives). No
 * step starts while a try runs or right after one (runtime/workers/warmUp.ts). The `heavy` steps run only in the
 * worker the pool keeps for tfjs and danfojs (any worker when there is one): evaluating tfjs held the other worker's
 * thread for ~230 ms after a Trigger, delaying extract.
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
  { name: 'train', load: () => load('ml_consumer', 'train'), heavy: true },
  { name: 'tfjs-backend', load: () => import('./tf/backend').then((m) => m.prepareBackend()), heavy: true },
  { name: 'predict', load: () => load('ml_consumer', 'predict'), heavy: true },
  { name: 'save_predictions', load: () => load('ml_consumer', 'save_predictions'), heavy: true },
  {
    name: 'practice-training',
    load: (signal) => import('./ml/practiceTraining').then((m) => m.practiceTraining(PRACTICE_STEPS, signal)),
    heavy: true,
    yields: true,
  },
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
