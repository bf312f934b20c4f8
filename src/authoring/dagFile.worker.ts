/// <reference lib="webworker" />
import { expose } from 'comlink';
import { createDagFileWorkerApi } from './dagFileWorkerApi';

// A module worker that reads DAG files written in the page, as Airflow's DAG processor parses them: each read in a
// fresh QuickJS sandbox, never on the main thread. The main thread talks to it through ./dagFileClient.ts.
expose(createDagFileWorkerApi(), self);
