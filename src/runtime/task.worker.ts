/// <reference lib="webworker" />
import { expose } from 'comlink';
import { housingTaskRegistry } from '../pipelines/registry';
import { createTaskWorkerApi } from './taskWorkerApi';

// A module worker: it runs the pipelines' task code, loading tfjs and danfojs only when a task needs them.
expose(createTaskWorkerApi(housingTaskRegistry), self);
