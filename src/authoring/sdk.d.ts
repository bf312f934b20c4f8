/**
 * The authoring API of Pipeline Playground: how a DAG file written in the page declares assets, DAGs and tasks. It
 * follows Airflow's TypeScript SDK (`apache-airflow-ts-sdk`): `new Asset({ name })`, `new Dag(id, { … })`,
 * `dag.task(id, async fn, { … })`, edges by passing an upstream task's result or with `before` / `after`, and
 * `dag.if` / `dag.switch` branches; `dag.branch` and `dag.shortCircuit` are Airflow's `@task.branch` and
 * `@task.short_circuit`. A file may import these names from 'apache-airflow-ts-sdk' or use them as globals.
 *
 * The file runs in a sandbox (QuickJS in WebAssembly, in a worker) when it is read and again for every task try;
 * a task's function reaches only its context (`getContext()`). This file is the full reference; the README has a
 * short example. Durations are a number of seconds (as in Airflow) or text with units: '500ms', '2s', '5m', '1h30m'.
 */
declare module 'apache-airflow-ts-sdk' {
  /** A value that survives JSON: what params, task inputs and return values (XCom) may hold. */
  export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

  /** A number of seconds (`2`, `0.5`) or text with units: '500ms', '2s', '5m', '1h', '1h30m', '1d'. */
  export type Duration = number | string;

  /** What `new Asset(...)` takes: a name, and optionally a URI (it defaults to the name) and a description. */
  export interface AssetSpec {
    /** The asset's id in the playground: letters, digits, `_`, `.`, `-`. */
    readonly name: string;
    /** Airflow's URI for it, e.g. 'playground://housing/raw'; defaults to the name. */
    readonly uri?: string;
    /** One line for the assets view. */
    readonly description?: string;
  }

  /** A data asset (Airflow 2 called them datasets): tasks update it (outlets) and DAGs are scheduled on it. */
  export class Asset {
    /** Declares an asset of this file: `new Asset({ name: 'raw_data' })`. */
    constructor(spec: AssetSpec);
    /** The asset's name, its id in the playground. */
    readonly name: string;
    /** Its URI (the name when none was given). */
    readonly uri: string;
    /** Its description, if any. */
    readonly description: string | undefined;
    /** Refers to an asset declared elsewhere (another DAG file, or the playground's own), by name. */
    static ref(spec: { readonly name: string }): AssetNameRef;
  }

  /** An asset named without being declared here: what `Asset.ref({ name })` returns. */
  export class AssetNameRef {
    private constructor();
    /** The asset's name. */
    readonly name: string;
  }

  /** An asset or a reference to one: what outlets, schedules and `readAsset` / `writeAsset` take. */
  export type AssetLike = Asset | AssetNameRef;

  /** Several assets combined with `and(...)` or `or(...)`: Airflow's `a & b` and `a | b`. */
  export class AssetCondition {
    private constructor();
    /** True for `and(...)`, false for `or(...)`. */
    readonly all: boolean;
  }

  /** What a DAG can be scheduled on: an asset, a condition, or a list of them (all of them, as in Airflow). */
  export type ScheduleCondition = AssetLike | AssetCondition | readonly ScheduleCondition[];

  /** Runs the DAG once every one of these has a new event since its last run (Airflow's `a & b`). */
  export function and(...conditions: ScheduleCondition[]): AssetCondition;

  /** Runs the DAG once any one of these has a new event since its last run (Airflow's `a | b`). */
  export function or(...conditions: ScheduleCondition[]): AssetCondition;

  /** A DAG param as Airflow's `Param(default, type=…)` declares it; checked when a person triggers the DAG. */
  export type ParamSpec =
    | {
        /** A number, or a whole number. */
        readonly type: 'number' | 'integer';
        /** The value when the trigger form leaves it as is. */
        readonly default: number;
        /** The smallest value allowed. */
        readonly minimum?: number;
        /** The largest value allowed. */
        readonly maximum?: number;
        /** One line for the trigger form. */
        readonly description?: string;
      }
    | {
        /** Text. */
        readonly type: 'string';
        /** The value when the trigger form leaves it as is. */
        readonly default: string;
        /** The only values allowed, if given. */
        readonly enum?: readonly string[];
        /** One line for the trigger form. */
        readonly description?: string;
      }
    | {
        /** true or false. */
        readonly type: 'boolean';
        /** The value when the trigger form leaves it as is. */
        readonly default: boolean;
        /** One line for the trigger form. */
        readonly description?: string;
      };

  /** A param: a full spec, or just its default (its type is then number, string or boolean). */
  export type Param = ParamSpec | number | string | boolean;

  /** How loud a notification is. */
  export type NotificationLevel = 'info' | 'success' | 'warning' | 'error';

  /** A callback as data: a notification (toast and notification log). `message` may use {dag}, {task}, {run}, {try}, {error}. */
  export interface Callback {
    /** The notification's level. */
    readonly notify: NotificationLevel;
    /** Its text; a default one is shown when absent. */
    readonly message?: string;
  }

  /** The options of `new Dag(id, options)`; all optional. Airflow-only ones (tags, catchup…) are ignored with a warning. */
  export interface DagSpec {
    /** When it runs: null (the default) when triggered by hand; an asset, `and(...)` / `or(...)` when assets are updated. */
    readonly schedule?: null | ScheduleCondition;
    /** Its params, by name; the trigger form shows them. */
    readonly params?: { readonly [name: string]: Param };
    /** Runs of this DAG running at once (default 16); more wait queued. */
    readonly maxActiveRuns?: number;
    /** Task tries of this DAG queued or running at once, over all its runs (default 16). */
    readonly maxActiveTasks?: number;
    /** Notifications when a run succeeds or fails. */
    readonly callbacks?: {
      /** When a run succeeds. */
      readonly onSuccess?: Callback;
      /** When a run fails. */
      readonly onFailure?: Callback;
    };
    /** One line for the DAG list. */
    readonly description?: string;
  }

  /** Airflow's trigger rules: when a task runs, given how its direct upstream tasks ended. */
  export type TriggerRule =
    | 'all_success'
    | 'all_failed'
    | 'all_done'
    | 'all_skipped'
    | 'one_success'
    | 'one_failed'
    | 'one_done'
    | 'none_failed'
    | 'none_failed_min_one_success'
    | 'none_skipped'
    | 'always';

  /** The options of a task (the last argument of `dag.task(...)`); all optional. */
  export interface TaskOptions {
    /** Tries after the first when a try fails (default 0). */
    readonly retries?: number;
    /** Wait before a retry (default 5 minutes, as in Airflow). */
    readonly retryDelay?: Duration;
    /** Double the wait after each failed try (plus a jitter), up to maxRetryDelay. */
    readonly retryExponentialBackoff?: boolean;
    /** The longest wait between tries with exponential backoff. */
    readonly maxRetryDelay?: Duration;
    /** A try running longer fails (or is retried) as AirflowTaskTimeout. Without it, a try may run 60 s. */
    readonly executionTimeout?: Duration;
    /** When the task runs, given its upstream tasks' states (default 'all_success'). */
    readonly triggerRule?: TriggerRule;
    /** Assets the task updates when it succeeds: the only ones its function may write. */
    readonly outlets?: readonly AssetLike[];
    /** Named pool the task takes slots from (default 'default_pool'). */
    readonly pool?: string;
    /** Slots of the pool a try takes (default 1). */
    readonly poolSlots?: number;
    /** Notifications when a try starts, succeeds, fails or is retried. */
    readonly callbacks?: {
      /** When a try starts. */
      readonly onExecute?: Callback;
      /** When a try succeeds. */
      readonly onSuccess?: Callback;
      /** When the task fails for good. */
      readonly onFailure?: Callback;
      /** When a failed try will be retried. */
      readonly onRetry?: Callback;
    };
    /** One line for the task details panel. */
    readonly description?: string;
  }

  /** A task of a DAG, as an edge can join it: what `dag.task(...)` returns, and what calling that returns. */
  export interface Node {
    /** The DAG's id. */
    readonly dagId: string;
    /** The task's id. */
    readonly taskId: string;
    /** Makes these tasks run after this one, passing nothing (Airflow's `this >> [a, b]`). */
    before(...downstream: Node[]): this;
    /** Makes this task run after these, passing nothing (Airflow's `[a, b] >> this`). */
    after(...upstream: Node[]): this;
  }

  /** A task's place in its DAG and its future result: pass it as another task's input to make an edge that carries it. */
  export interface TaskRef<TReturn = unknown> extends Node {
    /** Type-only: what the task's function returns. Never set. */
    readonly __returns?: TReturn;
  }

  /** The inputs a task is called with: for each of its function's named arguments, an upstream task or a value. */
  export type TaskInputs<TArgs> = { readonly [K in keyof TArgs]: TaskRef<TArgs[K]> | TaskRef<unknown> | TArgs[K] };

  /**
   * What `dag.task(...)` returns: call it once to place the task, with its inputs — `load({ rows: extract() })` makes
   * the edge extract → load and hands extract's return value to load as `rows`. A task never called is placed with
   * no inputs. It is also a `Node`, for `before` / `after`.
   */
  export type TaskFactory<TArgs, TReturn> = Node &
    ([TArgs] extends [void] ? () => TaskRef<TReturn> : (inputs: TaskInputs<TArgs>) => TaskRef<TReturn>);

  /** A built-in operator, used in place of a function: `dag.task('start', operators.noop)`. */
  export interface Operator {
    /** Its name, as the DAG definition records it (e.g. 'housing.extract'). */
    readonly operatorName: string;
  }

  /** What a branch's function returns: the task(s) to follow, by reference or id; the others are skipped. */
  export type BranchChoice = Node | string | readonly (Node | string)[] | null;

  /** A DAG: its tasks, their edges and its schedule. */
  export class Dag {
    /** Declares a DAG: `new Dag('my_pipeline', { schedule: null })`. Its id must be unique among the DAGs. */
    constructor(dagId: string, spec?: DagSpec);
    /** The DAG's id. */
    readonly dagId: string;
    /**
     * Declares a task whose code is an async function of this file. The function takes one object of named inputs
     * (`async ({ rows }) => …`) and reads its context with `getContext()`; what it returns (JSON) is its XCom.
     */
    task<TArgs extends object | void = void, TReturn = unknown>(
      taskId: string,
      fn: (args: TArgs) => TReturn | Promise<TReturn>,
      options?: TaskOptions,
    ): TaskFactory<TArgs, Awaited<TReturn>>;
    /** Declares a task that runs a built-in operator: `dag.task('extract', operators.housing.extract)`. */
    task(taskId: string, operator: Operator, options?: TaskOptions): TaskFactory<void, unknown>;
    /** Airflow's `@task.branch`: the function returns the direct downstream task(s) to follow; the rest are skipped. */
    branch<TArgs extends object | void = void>(
      taskId: string,
      fn: (args: TArgs) => BranchChoice | Promise<BranchChoice>,
      options?: TaskOptions,
    ): TaskFactory<TArgs, string[]>;
    /** A branch that runs a built-in operator (e.g. operators.housing.check_data). */
    branch(taskId: string, operator: Operator, options?: TaskOptions): TaskFactory<void, string[]>;
    /** Airflow's `@task.short_circuit`: when the function returns something falsy, everything downstream is skipped. */
    shortCircuit<TArgs extends object | void = void, TReturn = unknown>(
      taskId: string,
      fn: (args: TArgs) => TReturn | Promise<TReturn>,
      options?: TaskOptions,
    ): TaskFactory<TArgs, Awaited<TReturn>>;
    /** The TypeScript SDK's condition: `dag.if(check).then(a).else(b)`; `check` returns a boolean, the side not taken is skipped. */
    if(condition: TaskRef<boolean>): {
      /** The task to run when the condition returns true. */
      then(task: Node): {
        /** The task to run when it returns false (optional). */
        else(task: Node): void;
      };
    };
    /** The TypeScript SDK's multi-way branch: `dag.switch(pick).case(a).case(b)`; `pick` returns one of the cases. */
    switch(decider: TaskRef): SwitchCases;
  }

  /** The cases of `dag.switch(...)`, added one `case(...)` at a time. */
  export interface SwitchCases {
    /** A task the decider may choose; the cases it does not choose are skipped. */
    case(task: Node): SwitchCases;
  }

  /** The built-in operators. */
  export const operators: {
    /** Does nothing and succeeds (Airflow's EmptyOperator). */
    readonly noop: Operator;
    /** Waits params.sleep_ms milliseconds (default 100) and succeeds. */
    readonly sleep: Operator;
    /** Always fails: to watch retries, trigger rules and callbacks. */
    readonly fail: Operator;
    /** The housing pipeline's task code, to build it again (see the producer/consumer lesson). */
    readonly housing: {
      /** Loads the California housing CSV (or the upload named by param source) into columns. */
      readonly extract: Operator;
      /** Stores the raw copy as asset raw_housing. */
      readonly save_raw_data: Operator;
      /** A branch: checks the data, then follows featurize or quarantine_data. */
      readonly check_data: Operator;
      /** Keeps data that failed the checks as quarantined_housing. */
      readonly quarantine_data: Operator;
      /** Builds float32 features and their statistics; publishes built_features. */
      readonly featurize: Operator;
      /** Compares new features with those the newest model was trained on. */
      readonly check_drift: Operator;
      /** Trains the model chosen by param model on a seeded split. */
      readonly train: Operator;
      /** Predicts every row with the model train just made. */
      readonly predict: Operator;
      /** Predicts with a stored model (param model_id), as ml_batch_predict does. */
      readonly batch_predict: Operator;
      /** Stores features, actual value, prediction, residual and split as housing_predictions. */
      readonly save_predictions: Operator;
    };
  };

  /** A table of columns: what `readAsset` returns. Values are copied in; changing them changes nothing stored. */
  export interface Table {
    /** The column names, in order. */
    readonly names: string[];
    /** The columns by name. */
    readonly columns: { [name: string]: Float32Array | Float64Array };
    /** The number of rows. */
    readonly rowCount: number;
  }

  /** A table to write: columns of equal length; `names` gives their order (default: the order of `columns`). */
  export interface TableInput {
    /** The column names, in order. */
    readonly names?: readonly string[];
    /** The columns by name; plain number arrays are stored as Float64Array. */
    readonly columns: { readonly [name: string]: Float32Array | Float64Array | readonly number[] };
  }

  /** Log lines of a try: they show in its task log. `console.log` and friends go there too. */
  export interface TaskLog {
    /** A debug line. */
    debug(...parts: unknown[]): void;
    /** An info line. */
    info(...parts: unknown[]): void;
    /** A warning line. */
    warning(...parts: unknown[]): void;
    /** An error line. */
    error(...parts: unknown[]): void;
  }

  /** What a running task's function reaches, and nothing else: no DOM, no network, no storage of the page. */
  export interface TaskContext {
    /** The DAG's id. */
    readonly dagId: string;
    /** The task's id. */
    readonly taskId: string;
    /** The run's id. */
    readonly runId: string;
    /** This try's number: 1 for the first, 2 for the first retry… */
    readonly tryNumber: number;
    /** The run's params (defaults filled in), read-only. */
    readonly params: { readonly [name: string]: JsonValue };
    /** The asset events that triggered the run (empty for a run triggered by hand). */
    readonly triggeringEvents: readonly JsonValue[];
    /** The try's log. */
    readonly log: TaskLog;
    /** What a direct upstream task returned (Airflow's xcom_pull); undefined if it returned nothing. */
    xcom(taskId: string): JsonValue | undefined;
    /** Reads an asset's columns: the version whose event triggered this run, or else the newest stored one. */
    readAsset(asset: AssetLike): Promise<Table>;
    /** Writes a new version of an asset this task declares in its outlets (any other fails the try); stored when the try succeeds. */
    writeAsset(asset: AssetLike, table: TableInput, extra?: { readonly [key: string]: JsonValue }): Promise<void>;
    /** Reads the columns a direct upstream task left with writeOutput in this run. */
    readOutput(taskId: string): Promise<Table>;
    /** Leaves columns for downstream tasks of this run (not an asset, no event). */
    writeOutput(table: TableInput): Promise<void>;
    /** Waits without blocking anything: a number of seconds or text such as '200ms'. */
    sleep(duration: Duration): Promise<void>;
    /** Raises a notification for the person watching. */
    notify(level: NotificationLevel, message: string): void;
    /** Reports how far the task is (a line in the task log: "Progress: 3 of 10 (30%) — message"). */
    progress(done: number, total?: number, message?: string): void;
  }

  /** The running task's context; call it inside a task's function (Airflow's get_current_context()). */
  export function getContext(): TaskContext;
}
