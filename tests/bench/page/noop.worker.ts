/// <reference lib="webworker" />
// The bench's task worker: the real worker API (comlink, IndexedDB per run, result protocol) around task functions
// that do nothing, so what the bench measures is the orchestration around a task, not the task.
import type { TaskLoader, TaskRegistry } from '../../../src/pipelines/registry';
import type { TaskFunction } from '../../../src/taskApi/taskContext';
import { createTaskWorkerApi } from '../../../src/runtime/workers/taskWorkerApi';
import { serveTaskWorker } from '../../../src/runtime/workers/tryChannel';
import { BENCH_DAGS } from './benchDags';

const noop: TaskFunction = async () => undefined;
const loadNoop: TaskLoader = () => Promise.resolve(noop);

const noopRegistry: TaskRegistry = Object.fromEntries(
  BENCH_DAGS.map((dag) => [dag.id, Object.fromEntries(dag.tasks.map((task) => [task.id, loadNoop]))]),
);

serveTaskWorker(createTaskWorkerApi(noopRegistry), self);
