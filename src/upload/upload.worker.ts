/// <reference lib="webworker" />
import { expose } from 'comlink';
import { createUploadWorkerApi } from './uploadWorkerApi';

// A module worker for people's own CSV files: parsing and validating untrusted input never happens on the main thread.
expose(createUploadWorkerApi(), self);
