/// <reference lib="webworker" />
import { expose } from 'comlink';
import { housingTaskRegistry, housingWarmUp } from '../../pipelines/registry';
import { withFaults } from './faults';
import { createTaskWorkerApi } from './taskWorkerApi';

// A module worker: it runs the pipelines' task code, loading tfjs and danfojs only when a task needs them. Every task
// is wrapped for fault injection (`?fault=…`); a try no fault hits runs the task's code unchanged.
expose(createTaskWorkerApi(withFaults(housingTaskRegistry), undefined, { warmUp: housingWarmUp }), self);
