/// <reference lib="webworker" />
// A task worker with the real worker API and no pipeline code: built-in operators (noop) and tasks written in the
// page (the sandbox) only — what the authoring bench and the sandbox's browser check run tries in.
import { expose } from 'comlink';
import { createTaskWorkerApi } from '../../../src/runtime/workers/taskWorkerApi';

expose(createTaskWorkerApi({}), self);
