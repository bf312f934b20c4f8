// The authoring API as it runs inside the sandbox: the module a DAG file imports as 'apache-airflow-ts-sdk' (and the
// globals of the same names, for a file with no import). It records what the file declares, with the position of
// every call, and nothing else: the host turns the record into DagDefinitions and checks it (../manifest.ts,
// ../translate.ts). Type-stripped by sucrase when a sandbox starts; it may import types only, since nothing but this
// text is loaded into QuickJS. Its public shape is documented in ../sdk.d.ts (a unit test keeps the two in step).
import type { HostBridge, WireAsset, WireDecision, WireEdge, WireHandler, WirePos, WireTask, WireValue } from './wireTypes';
import type { WIRE } from './wireTypes';

const M: typeof WIRE = {
  asset: '@@asset',
  assetRef: '@@assetRef',
  all: '@@and',
  any: '@@or',
  ref: '@@task',
  function: '@@function',
  unsupported: '@@unsupported',
};

type Scope = typeof globalThis & { __airflowHost?: HostBridge; __airflowState?: SdkState };
const scope = globalThis as Scope;
const host = scope.__airflowHost!;
delete scope.__airflowHost;

interface TaskRecord {
  readonly dag: DagRecord;
  readonly id: string;
  kind: WireTask['kind'];
  readonly handler: WireHandler;
  readonly fn: ((args: unknown) => unknown) | null;
  readonly options: WireValue;
  readonly at: WirePos | null;
  inputs: Record<string, unknown> | null;
  decision: WireDecision | null;
  readonly ref: object;
}

interface DagRecord {
  readonly id: string;
  readonly spec: WireValue;
  readonly at: WirePos | null;
  readonly tasks: Map<string, TaskRecord>;
  readonly edges: Map<string, WireEdge>;
}

/** Everything the file declared, shared with ./taskRuntime.ts (which the host loads right after this module). */
export interface SdkState {
  readonly host: HostBridge;
  readonly assets: WireAsset[];
  readonly dags: DagRecord[];
  /** Task refs and factories → their task, so an edge can only join nodes this API handed out. */
  readonly nodes: WeakMap<object, TaskRecord>;
  readonly operators: WeakMap<object, { name: string; kind: WireTask['kind'] }>;
  context: object | null;
}

const state: SdkState = { host, assets: [], dags: [], nodes: new WeakMap(), operators: new WeakMap(), context: null };
scope.__airflowState = state;

/** Where the user's code called into this API: the first stack frame in the user's file. */
function callerPosition(): WirePos | null {
  const stack = String(new Error().stack ?? '');
  const marker = `(${host.fileName}:`;
  for (const line of stack.split('\n')) {
    const at = line.indexOf(marker);
    const bare = line.trim().startsWith(`at ${host.fileName}:`);
    if (at < 0 && !bare) continue;
    const match = /:(\d+):(\d+)\)?\s*$/.exec(line);
    if (match) return { line: Number(match[1]), column: Number(match[2]) };
  }
  return null;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
};

/** An option or input as plain data; what JSON cannot carry becomes a marker the host explains. */
function toWire(value: unknown, depth = 0): WireValue {
  if (depth > 32) return { [M.unsupported]: 'a value nested more than 32 levels deep' };
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : { [M.unsupported]: String(value) };
  if (value === undefined) return { [M.unsupported]: 'undefined' };
  if (typeof value === 'function') {
    const node = state.nodes.get(value);
    if (node) return { [M.ref]: node.id };
    const operator = state.operators.get(value);
    return operator ? { [M.unsupported]: `the operator ${operator.name}` } : { [M.function]: value.name || 'anonymous' };
  }
  if (typeof value !== 'object') return { [M.unsupported]: typeof value };
  if (value instanceof Asset) return { [M.asset]: value.name };
  if (value instanceof AssetNameRef) return { [M.assetRef]: value.name };
  if (value instanceof AssetCondition) return { [value.all ? M.all : M.any]: value.of.map((c) => toWire(c, depth + 1)) };
  const node = state.nodes.get(value);
  if (node) return { [M.ref]: node.id };
  if (state.operators.has(value)) return { [M.unsupported]: `the operator ${state.operators.get(value)!.name}` };
  if (Array.isArray(value)) return value.map((item) => toWire(item, depth + 1));
  if (!isPlainObject(value)) {
    const name = (Object.getPrototypeOf(value) as { constructor?: { name?: string } } | null)?.constructor?.name;
    return { [M.unsupported]: `a ${name || 'non-plain object'}` };
  }
  const out: Record<string, WireValue> = {};
  for (const key of Object.keys(value)) out[key] = toWire(value[key], depth + 1);
  return out;
}

export class Asset {
  readonly name: string;
  readonly uri: string;
  readonly description: string | undefined;
  constructor(spec: { name?: string; uri?: string; description?: string }) {
    if (!isPlainObject(spec)) throw new TypeError('new Asset(...) takes an object: new Asset({ name: "my_asset" }).');
    const name = spec.name ?? spec.uri;
    const uri = spec.uri ?? spec.name;
    if (typeof name !== 'string' || name === '') throw new TypeError('An Asset needs a name: new Asset({ name: "my_asset" }).');
    if (typeof uri !== 'string' || uri === '') throw new TypeError(`Asset "${name}": its uri must be a non-empty string.`);
    this.name = name;
    this.uri = uri;
    this.description = spec.description;
    state.assets.push({
      name,
      uri,
      ...(spec.description === undefined ? {} : { description: toWire(spec.description) }),
      at: callerPosition(),
    });
    Object.freeze(this);
  }

  /** An asset declared elsewhere (another file, or the playground's own), by name: Airflow's `Asset.ref(name=...)`. */
  static ref(spec: { name: string }): AssetNameRef {
    if (!isPlainObject(spec) || typeof spec.name !== 'string' || spec.name === '') {
      throw new TypeError('Asset.ref(...) takes { name: "an_asset" }.');
    }
    return new AssetNameRef(spec.name);
  }
}

export class AssetNameRef {
  constructor(readonly name: string) {
    Object.freeze(this);
  }
}

export class AssetCondition {
  constructor(
    readonly all: boolean,
    readonly of: readonly unknown[],
  ) {
    Object.freeze(this);
  }
}

/** Both conditions: Airflow's `a & b`. */
export function and(...of: unknown[]): AssetCondition {
  return new AssetCondition(true, of);
}

/** Either condition: Airflow's `a | b`. */
export function or(...of: unknown[]): AssetCondition {
  return new AssetCondition(false, of);
}

function makeOperator(name: string, kind: WireTask['kind'] = 'task'): object {
  const operator = Object.freeze({ operatorName: name });
  state.operators.set(operator, { name, kind });
  return operator;
}

export const operators = Object.freeze({
  noop: makeOperator('noop'),
  sleep: makeOperator('sleep'),
  fail: makeOperator('fail'),
  housing: Object.freeze({
    extract: makeOperator('housing.extract'),
    save_raw_data: makeOperator('housing.save_raw_data'),
    check_data: makeOperator('housing.check_data', 'branch'),
    quarantine_data: makeOperator('housing.quarantine_data'),
    featurize: makeOperator('housing.featurize'),
    check_drift: makeOperator('housing.check_drift'),
    train: makeOperator('housing.train'),
    predict: makeOperator('housing.predict'),
    batch_predict: makeOperator('housing.batch_predict'),
    save_predictions: makeOperator('housing.save_predictions'),
  }),
});

/** The running task's context; only while a task runs (not while the file is read). */
export function getContext(): object {
  if (!state.context) {
    throw new Error('getContext() works only while a task runs, inside its function: not while the DAG file is read.');
  }
  return state.context;
}

const taskOf = (node: unknown, what: string): TaskRecord => {
  const record = typeof node === 'object' || typeof node === 'function' ? state.nodes.get(node as object) : undefined;
  if (!record) throw new TypeError(`${what} takes tasks this file declared (what dag.task(...) returned, or its call).`);
  return record;
};

function addEdge(up: TaskRecord, down: TaskRecord, at: WirePos | null): void {
  if (up.dag !== down.dag) {
    throw new Error(`An edge joins two tasks of one DAG: "${up.id}" is in DAG "${up.dag.id}", "${down.id}" in "${down.dag.id}".`);
  }
  if (up === down) throw new Error(`Task "${up.id}" cannot come before itself.`);
  const key = `${up.id}\u0000${down.id}`;
  if (!up.dag.edges.has(key)) up.dag.edges.set(key, { up: up.id, down: down.id, at });
}

export class Dag {
  readonly dagId: string;
  readonly #record: DagRecord;

  constructor(dagId: string, spec: Record<string, unknown> = {}) {
    if (typeof dagId !== 'string' || dagId === '') throw new TypeError('new Dag(...) needs an id: new Dag("my_dag", { … }).');
    this.dagId = dagId;
    this.#record = { id: dagId, spec: toWire(spec), at: callerPosition(), tasks: new Map(), edges: new Map() };
    state.dags.push(this.#record);
  }

  task(taskId: string, handler: unknown, options?: unknown): unknown {
    return this.#add(taskId, handler, options, 'task');
  }

  branch(taskId: string, handler: unknown, options?: unknown): unknown {
    return this.#add(taskId, handler, options, 'branch');
  }

  shortCircuit(taskId: string, handler: unknown, options?: unknown): unknown {
    return this.#add(taskId, handler, options, 'short_circuit');
  }

  if(condition: unknown): { then(task: unknown): { else(task: unknown): void } } {
    const decider = this.#decider(condition, 'dag.if');
    const decision = { type: 'if' as const, then: null as string | null, else: null as string | null };
    decider.decision = decision;
    const side = (which: 'then' | 'else', node: unknown) => {
      const target = taskOf(node, `dag.if(...).${which}(...)`);
      if (decision[which] !== null) throw new Error(`Condition "${decider.id}" already has a "${which}" branch.`);
      decision[which] = target.id;
      addEdge(decider, target, callerPosition());
    };
    return {
      then(node) {
        side('then', node);
        return { else: (other) => side('else', other) };
      },
    };
  }

  switch(decider: unknown): { case(task: unknown): unknown } {
    const record = this.#decider(decider, 'dag.switch');
    const decision = { type: 'switch' as const, cases: [] as string[] };
    record.decision = decision;
    const branch = {
      case(node: unknown) {
        const target = taskOf(node, 'dag.switch(...).case(...)');
        if (decision.cases.includes(target.id)) throw new Error(`Branch "${record.id}" lists "${target.id}" twice.`);
        decision.cases.push(target.id);
        addEdge(record, target, callerPosition());
        return branch;
      },
    };
    return branch;
  }

  #decider(node: unknown, verb: string): TaskRecord {
    const record = taskOf(node, `${verb}(...)`);
    if (record.dag !== this.#record) throw new Error(`${verb}(...) takes a task of DAG "${this.dagId}".`);
    if (record.decision || record.kind !== 'task') throw new Error(`Task "${record.id}" already decides a branch.`);
    // For the scheduler it is a branch: what it follows is worked out from its return value (./taskRuntime.ts).
    record.kind = 'branch';
    return record;
  }

  #add(taskId: string, handler: unknown, options: unknown, kind: WireTask['kind']): unknown {
    if (typeof taskId !== 'string' || taskId === '') {
      throw new TypeError(`A task of DAG "${this.dagId}" needs an id: dag.task("my_task", async () => { … }).`);
    }
    if (this.#record.tasks.has(taskId)) throw new Error(`Task "${taskId}" is already declared in DAG "${this.dagId}".`);
    const operator = handler !== null && typeof handler === 'object' ? state.operators.get(handler) : undefined;
    const described: WireHandler =
      typeof handler === 'function'
        ? { type: 'function', params: handler.length, text: Function.prototype.toString.call(handler) }
        : operator
          ? { type: 'operator', name: operator.name }
          : { type: 'invalid', what: handler === undefined ? 'nothing' : typeof handler };
    const factory = (inputs?: unknown) => {
      if (record.inputs !== null) {
        throw new Error(`Task "${taskId}" of DAG "${this.dagId}" was already called: a task has one place in a DAG.`);
      }
      record.inputs = this.#inputs(record, inputs);
      return ref;
    };
    // Methods, not arrows: each returns its receiver (the factory or the ref it was called on), as the SDK's do.
    const node = {
      dagId: this.dagId,
      taskId,
      before(...downstream: unknown[]): unknown {
        const at = callerPosition();
        for (const other of downstream) addEdge(record, taskOf(other, 'before(...)'), at);
        return this;
      },
      after(...upstream: unknown[]): unknown {
        const at = callerPosition();
        for (const other of upstream) addEdge(taskOf(other, 'after(...)'), record, at);
        return this;
      },
    };
    const ref = Object.freeze({ ...node });
    Object.assign(factory, node);
    const record: TaskRecord = {
      dag: this.#record,
      id: taskId,
      kind: operator && operator.kind !== 'task' && kind === 'task' ? operator.kind : kind,
      handler: described,
      fn: typeof handler === 'function' ? (handler as (args: unknown) => unknown) : null,
      options: toWire(options ?? {}),
      at: callerPosition(),
      inputs: null,
      decision: null,
      ref,
    };
    state.nodes.set(ref, record);
    state.nodes.set(factory, record);
    this.#record.tasks.set(taskId, record);
    return factory;
  }

  #inputs(record: TaskRecord, inputs: unknown): Record<string, unknown> {
    if (inputs === undefined) return {};
    if (!isPlainObject(inputs) || state.nodes.has(inputs)) {
      throw new TypeError(`Task "${record.id}" takes one object naming its inputs: ${record.id}({ rows: extract() }).`);
    }
    const at = callerPosition();
    for (const value of Object.values(inputs)) {
      const upstream = (typeof value === 'object' || typeof value === 'function') && value !== null ? state.nodes.get(value) : undefined;
      if (upstream) addEdge(upstream, record, at);
    }
    return { ...inputs };
  }
}
