import type { PreloadedSource } from '../sandbox/session';
import { compileTypeScript } from './compile';
// The authoring API's own code, as text: it runs inside the sandbox, never in the page or the worker itself.
import sdkModuleText from './vm/sdkModule.ts?raw';
import taskRuntimeText from './vm/taskRuntime.ts?raw';

/** The import specifier of the authoring API, as Airflow's TypeScript SDK is published. */
export const SDK_MODULE_NAME = 'apache-airflow-ts-sdk';
/** Where the sandbox leaves the API's internal functions for the host, which takes them before user code runs. */
export const INTERNAL_GLOBAL = '__airflowInternal';
const RUNTIME_NAME = 'airflow-sdk-runtime';

let compiled: readonly PreloadedSource[] | null = null;

/** The API module and its task runtime, type-stripped once per worker. */
export function sdkSources(): readonly PreloadedSource[] {
  if (!compiled) {
    const strip = (text: string, name: string): PreloadedSource => {
      const result = compileTypeScript(text, name);
      if (!result.ok) throw new Error(`The authoring API does not compile: ${result.message} (${name}:${result.line}:${result.column}).`);
      return { name, js: result.compiled.js };
    };
    compiled = [strip(sdkModuleText, SDK_MODULE_NAME), strip(taskRuntimeText, RUNTIME_NAME)];
  }
  return compiled;
}

/** Names a user's file may not take: frames of these files are the API's, not the user's. */
export const RESERVED_FILE_NAMES: readonly string[] = [SDK_MODULE_NAME, RUNTIME_NAME];
