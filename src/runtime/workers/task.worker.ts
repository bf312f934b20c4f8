/// <reference lib="webworker" />
import { housingTaskRegistry, housingWarmUp } from '../../pipelines/registry';
import { withFaults } from './faults';
import { createTaskWorkerApi } from './taskWorkerApi';
import { serveTaskWorker } from './tryChannel';

// A module worker: it runs the pipelines' task code, loading tfjs and danfojs only when a task needs them. Every task
// is wrapped for fault injection (`?fault=…`); a try no fault hits runs the task's code unchanged.
serveTaskWorker(createTaskWorkerApi(withFaults(housingTaskRegistry), undefined, { warmUp: housingWarmUp }), self);
