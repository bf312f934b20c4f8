// Loaded into the sandbox right after the authoring API (./sdkModule.ts), before the user's file: what the host calls
// afterwards. `manifest()` hands back what the file declared; `runTask()` runs one task's function with its context
// (Airflow's task runner) and settles with its return value as JSON text. Type-stripped by sucrase; types only.
import type { SdkState } from './sdkModule';
import type { WireManifest, WireValue } from './wireTypes';

interface TaskPayload {
  readonly runId: string;
  readonly tryNumber: number;
  readonly params: Record<string, unknown>;
  readonly triggeringEvents: unknown[];
}

type Scope = Omit<typeof globalThis, 'console'> & { __airflowState?: SdkState; __airflowInternal?: unknown; console?: unknown };
const scope = globalThis as Scope;
const state = scope.__airflowState!;
delete scope.__airflowState;

const logTo = (level: string) => (...parts: unknown[]) => state.host.log(level, format(parts));
scope.console = Object.freeze({ log: logTo('info'), info: logTo('info'), warn: logTo('warning'), error: logTo('error'), debug: logTo('debug') });

const describe = (value: unknown): string => {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') {
    const name = (Object.getPrototypeOf(value) as { constructor?: { name?: string } } | null)?.constructor?.name;
    return name && name !== 'Object' ? `a ${name}` : 'an object';
  }
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return typeof value === 'function' ? 'a function' : typeof value === 'undefined' ? 'undefined' : `a ${typeof value}`;
};

/** The value as JSON text, or an error that names the first part JSON cannot hold (a Map, NaN, a Date…). */
function jsonText(value: unknown, what: string): string {
  const seen = new Set<object>();
  const check = (v: unknown, path: string): void => {
    if (v === null || typeof v === 'string' || typeof v === 'boolean') return;
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) throw new TypeError(`${what} must be JSON, but ${path} is ${v}.`);
      return;
    }
    const plain =
      typeof v === 'object' && (Array.isArray(v) || Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null);
    if (!plain) {
      throw new TypeError(
        `${what} must be JSON (null, true/false, numbers, text, arrays, plain objects), but ${path} is ${describe(v)}.` +
          (ArrayBuffer.isView(v) ? ' Write columns with getContext().writeAsset(asset, table) instead.' : ''),
      );
    }
    if (seen.has(v as object)) throw new TypeError(`${what} must be JSON, but ${path} refers back to itself.`);
    seen.add(v as object);
    if (Array.isArray(v)) v.forEach((item, i) => check(item, `${path}[${i}]`));
    else for (const key of Object.keys(v as object)) check((v as Record<string, unknown>)[key], `${path}.${key}`);
    seen.delete(v as object);
  };
  check(value, 'it');
  return JSON.stringify(value);
}

const freezeDeep = <T>(value: T): T => {
  if (value !== null && typeof value === 'object') {
    for (const key of Object.keys(value)) freezeDeep((value as Record<string, unknown>)[key]);
    Object.freeze(value);
  }
  return value;
};

const assetName = (asset: unknown, verb: string): string => {
  const name = asset !== null && typeof asset === 'object' ? (asset as { name?: unknown }).name : undefined;
  if (typeof name !== 'string') throw new TypeError(`${verb} takes an Asset (new Asset({ name }) or Asset.ref({ name })), not ${describe(asset)}.`);
  return name;
};

/** A table from the host: [namesJson, rowCount, dtypesJson, ...ArrayBuffers]. */
function toTable(parts: unknown[]): { names: string[]; columns: Record<string, Float32Array | Float64Array>; rowCount: number } {
  const names = JSON.parse(parts[0] as string) as string[];
  const rowCount = parts[1] as number;
  const dtypes = JSON.parse(parts[2] as string) as string[];
  const columns: Record<string, Float32Array | Float64Array> = {};
  names.forEach((name, i) => {
    const buffer = parts[3 + i] as ArrayBuffer;
    columns[name] = dtypes[i] === 'float32' ? new Float32Array(buffer) : new Float64Array(buffer);
  });
  return { names: [...names], columns, rowCount };
}

/** A table for the host: [names, dtypes, ...ArrayBuffers] after checking its shape. */
function fromTable(table: unknown, verb: string): unknown[] {
  const columns = table !== null && typeof table === 'object' ? (table as { columns?: unknown }).columns : undefined;
  if (columns === null || typeof columns !== 'object') {
    throw new TypeError(`${verb} takes a table { columns: { name: Float32Array | Float64Array | number[] } }, not ${describe(table)}.`);
  }
  const given = (table as { names?: unknown }).names;
  const names = given === undefined ? Object.keys(columns) : given;
  if (!Array.isArray(names) || names.some((n) => typeof n !== 'string')) throw new TypeError(`${verb}: table.names must be a list of column names.`);
  const dtypes: string[] = [];
  const buffers: ArrayBuffer[] = [];
  let rows = -1;
  for (const name of names as string[]) {
    let column = (columns as Record<string, unknown>)[name];
    if (Array.isArray(column)) column = Float64Array.from(column as number[]);
    if (!(column instanceof Float32Array) && !(column instanceof Float64Array)) {
      throw new TypeError(`${verb}: column "${name}" must be a Float32Array, a Float64Array or an array of numbers, not ${describe(column)}.`);
    }
    if (rows >= 0 && column.length !== rows) throw new RangeError(`${verb}: column "${name}" has ${column.length} rows, the first has ${rows}.`);
    rows = column.length;
    dtypes.push(column instanceof Float32Array ? 'float32' : 'float64');
    const whole = column.byteOffset === 0 && column.byteLength === column.buffer.byteLength;
    buffers.push((whole ? column : column.slice()).buffer as ArrayBuffer);
  }
  return [JSON.stringify(names), JSON.stringify(dtypes), ...buffers];
}

const format = (args: unknown[]): string =>
  args
    .map((a) => {
      if (typeof a === 'string') return a;
      if (a instanceof Error) return `${a.name}: ${a.message}`;
      try {
        return JSON.stringify(a) ?? String(a);
      } catch {
        return String(a);
      }
    })
    .join(' ');

/**
 * Runs a host call made from the user's code; if it fails, the error carries the stack of the user's call (taken
 * now, while their frame is on the stack), so it points at their line rather than at nowhere.
 */
function atCallSite<T>(call: () => Promise<T>): Promise<T> {
  const site = new Error();
  const rethrow = (error: unknown): never => {
    const wrapped = error instanceof Error ? error : new Error(String(error));
    wrapped.stack = site.stack;
    throw wrapped;
  };
  try {
    return call().catch(rethrow);
  } catch (error) {
    return Promise.reject(error).catch(rethrow);
  }
}

/** Ids a branch follows, from what its function returned: a task (or its id), or a list of them. */
function followed(value: unknown, taskId: string): string[] {
  const one = (v: unknown): string => {
    if (typeof v === 'string') return v;
    const record = (typeof v === 'object' || typeof v === 'function') && v !== null ? state.nodes.get(v) : undefined;
    if (record) return record.id;
    throw new TypeError(`Branch "${taskId}" must return the task(s) to follow (tasks or their ids), not ${describe(v)}.`);
  };
  if (value === null || value === undefined) return [];
  return Array.isArray(value) ? value.map(one) : [one(value)];
}

function runTask(dagId: string, taskId: string, payloadJson: string): Promise<string> {
  const bridge = state.host;
  const dag = state.dags.find((d) => d.id === dagId);
  const task = dag?.tasks.get(taskId);
  if (!dag || !task) return Promise.reject(new Error(`The DAG file no longer declares task "${taskId}" of DAG "${dagId}".`));
  if (!task.fn) return Promise.reject(new Error(`Task "${taskId}" has no function of its own to run.`));
  const payload = JSON.parse(payloadJson) as TaskPayload;
  const xcom = (upstreamId: string): unknown => {
    const text = bridge.xcom(upstreamId);
    return text === undefined ? undefined : JSON.parse(text);
  };
  const args: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(task.inputs ?? {})) {
    const upstream = (typeof value === 'object' || typeof value === 'function') && value !== null ? state.nodes.get(value) : undefined;
    args[name] = upstream ? xcom(upstream.id) : value;
  }
  state.context = Object.freeze({
    dagId,
    taskId,
    runId: payload.runId,
    tryNumber: payload.tryNumber,
    params: freezeDeep(payload.params),
    triggeringEvents: freezeDeep(payload.triggeringEvents),
    log: Object.freeze({ debug: logTo('debug'), info: logTo('info'), warning: logTo('warning'), error: logTo('error') }),
    xcom: (upstreamId: string) => xcom(String(upstreamId)),
    readAsset: (asset: unknown) => atCallSite(() => bridge.readAsset(assetName(asset, 'readAsset(...)')).then(toTable)),
    writeAsset: (asset: unknown, table: unknown, extra: unknown = {}) =>
      atCallSite(() => {
        const name = assetName(asset, 'writeAsset(...)');
        return bridge.writeAsset(name, fromTable(table, `writeAsset(${name})`), jsonText(extra, 'The extra of writeAsset(...)'));
      }),
    readOutput: (upstreamId: string) => atCallSite(() => bridge.readOutput(String(upstreamId)).then(toTable)),
    writeOutput: (table: unknown) => atCallSite(() => bridge.writeOutput(fromTable(table, 'writeOutput(...)'))),
    sleep: (duration: unknown) => atCallSite(() => bridge.sleep(duration)),
    notify: (level: unknown, message: unknown) => bridge.notify(String(level), String(message)),
    progress(done: unknown, total?: unknown, message?: unknown) {
      const d = Number(done);
      const t = total === undefined ? undefined : Number(total);
      const share = t !== undefined && t > 0 ? ` (${Math.round((100 * d) / t)}%)` : '';
      bridge.log('info', `Progress: ${d}${t === undefined ? '' : ` of ${t}`}${share}${message === undefined ? '' : ` — ${String(message)}`}`);
    },
  });
  return Promise.resolve()
    .then(() => task.fn!(args))
    .then((value) => {
      if (task.decision?.type === 'if') {
        if (typeof value !== 'boolean') throw new TypeError(`Condition "${taskId}" must return true or false, not ${describe(value)}.`);
        const chosen = value ? task.decision.then : task.decision.else;
        return JSON.stringify([...(chosen === null ? [] : [chosen]), ...otherDownstream(dag, taskId, task.decision)]);
      }
      if (task.decision?.type === 'switch') {
        const chosen = followed(value, taskId);
        const cases: readonly string[] = task.decision.cases;
        const wrong = chosen.filter((id) => !cases.includes(id));
        if (chosen.length !== 1 || wrong.length > 0) {
          throw new Error(`Branch "${taskId}" must return one of its cases (${task.decision.cases.join(', ')}), not ${JSON.stringify(chosen)}.`);
        }
        return JSON.stringify([...chosen, ...otherDownstream(dag, taskId, task.decision)]);
      }
      if (task.kind === 'branch') return JSON.stringify(followed(value, taskId));
      return value === undefined ? '' : jsonText(value, `The return value of task "${taskId}"`);
    })
    .finally(() => {
      state.context = null;
    });
}

/** The direct downstream tasks a `dag.if` / `dag.switch` does not decide about: they are always followed. */
function otherDownstream(dag: SdkState['dags'][number], taskId: string, decision: { type: 'if' | 'switch' } & Record<string, unknown>): string[] {
  const cases = decision.type === 'if' ? [decision['then'], decision['else']] : (decision['cases'] as string[]);
  const down = new Set<string>();
  for (const edge of dag.edges.values()) if (edge.up === taskId) down.add(edge.down);
  return [...down].filter((id) => !cases.includes(id));
}

function manifest(): string {
  const out: WireManifest = {
    assets: state.assets,
    dags: state.dags.map((dag) => ({
      id: dag.id,
      spec: dag.spec,
      at: dag.at,
      edges: [...dag.edges.values()],
      tasks: [...dag.tasks.values()].map((task) => ({
        id: task.id,
        kind: task.kind,
        handler: task.handler,
        options: task.options,
        at: task.at,
        inputs: task.inputs === null ? null : wireInputs(task.inputs),
        decision: task.decision,
      })),
    })),
  };
  return JSON.stringify(out);
}

function wireInputs(inputs: Record<string, unknown>): Record<string, WireValue> {
  const out: Record<string, WireValue> = {};
  for (const [name, value] of Object.entries(inputs)) {
    const upstream = (typeof value === 'object' || typeof value === 'function') && value !== null ? state.nodes.get(value) : undefined;
    out[name] = upstream ? { '@@task': upstream.id } : safeJson(value);
  }
  return out;
}

const safeJson = (value: unknown): WireValue => {
  try {
    return JSON.parse(jsonText(value, 'An input')) as WireValue;
  } catch (error) {
    return { '@@unsupported': error instanceof Error ? error.message : String(error) };
  }
};

scope.__airflowInternal = Object.freeze({ manifest, runTask });
