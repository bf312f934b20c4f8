/**
 * What the authoring API, running inside the sandbox, hands back to the host after a DAG file was evaluated: plain
 * data (one JSON string), with every position in the compiled JavaScript's coordinates. The host trusts none of it:
 * `../manifest.ts` checks every field before anything is translated. Types only — shared by the code that runs in
 * the sandbox (./sdkModule.ts, ./taskRuntime.ts) and the host.
 */

/** 1-based line and column in the compiled JavaScript of the user's file; the host maps them to the TypeScript. */
export interface WirePos {
  readonly line: number;
  readonly column: number;
}

/** Markers for values JSON cannot carry; anything else in an option is JSON as written. */
export const WIRE = {
  asset: '@@asset',
  assetRef: '@@assetRef',
  all: '@@and',
  any: '@@or',
  ref: '@@task',
  function: '@@function',
  unsupported: '@@unsupported',
} as const;

export type WireValue =
  | null
  | boolean
  | number
  | string
  | readonly WireValue[]
  | { readonly [key: string]: WireValue };

export interface WireAsset {
  readonly name: string;
  readonly uri: string;
  readonly description?: WireValue;
  readonly at: WirePos | null;
}

export type WireHandler =
  | { readonly type: 'function'; readonly params: number; readonly text: string }
  | { readonly type: 'operator'; readonly name: string }
  | { readonly type: 'invalid'; readonly what: string };

/** How a task decides its branch: Airflow's `@task.branch`, or the TypeScript SDK's `dag.if` / `dag.switch`. */
export type WireDecision =
  | { readonly type: 'if'; readonly then: string | null; readonly else: string | null }
  | { readonly type: 'switch'; readonly cases: readonly string[] };

export interface WireTask {
  readonly id: string;
  readonly kind: 'task' | 'branch' | 'short_circuit';
  readonly handler: WireHandler;
  readonly options: WireValue;
  readonly at: WirePos | null;
  /** Named inputs of the one call that placed the task (`load({ rows: extract() })`); null when never called. */
  readonly inputs: { readonly [name: string]: WireValue } | null;
  readonly decision: WireDecision | null;
}

export interface WireEdge {
  readonly up: string;
  readonly down: string;
  readonly at: WirePos | null;
}

export interface WireDag {
  readonly id: string;
  readonly spec: WireValue;
  readonly at: WirePos | null;
  readonly tasks: readonly WireTask[];
  readonly edges: readonly WireEdge[];
}

export interface WireManifest {
  readonly assets: readonly WireAsset[];
  readonly dags: readonly WireDag[];
}

/**
 * What the host gives the sandbox before the authoring API loads (`globalThis.__airflowHost`, taken and deleted
 * at once): the only way out of the sandbox. Each function checks its arguments as untrusted; the asynchronous ones
 * fail unless a task is running.
 */
export interface HostBridge {
  /** The file name the user's code is evaluated under: frames of that file are the user's call sites. */
  readonly fileName: string;
  log(level: string, text: string): void;
  sleep(duration: unknown): Promise<void>;
  /** Resolves with [namesJson, rowCount, dtypesJson, ...ArrayBuffers]. */
  readAsset(name: string): Promise<unknown[]>;
  /** `parts` is [namesJson, dtypesJson, ...ArrayBuffers]. */
  writeAsset(name: string, parts: unknown[], extraJson: string): Promise<void>;
  readOutput(taskId: string): Promise<unknown[]>;
  writeOutput(parts: unknown[]): Promise<void>;
  notify(level: string, text: string): void;
  /** An upstream task's return value as JSON text; undefined when it returned none. Throws for a task that is not a direct upstream. */
  xcom(taskId: string): string | undefined;
}
