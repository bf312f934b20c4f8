import { HOUSING_DAGS } from '../../../src/pipelines/housing/dags';
import { HOUSING_DATASETS } from '../../../src/pipelines/housing/datasets';
import { importContext } from '../../../src/dagfile/importContext';

/**
 * A table of DAG documents shared by the validator test and the schema-agreement test: each invalid one with the
 * exact messages the validator gives, and whether the JSON Schema alone can see the fault (`schema: false` when only
 * the graph rules — unknown upstream, cycles, unknown datasets, missing code, duplicate ids — refuse it).
 */
export const CONTEXT = importContext(HOUSING_DAGS, HOUSING_DATASETS);

type Json = unknown;

export const noopDag = (id: string, tasks: Json[] = [{ id: 'a', upstream: [], operator: 'noop' }], extra: Record<string, Json> = {}) => ({
  id,
  schedule: { type: 'manual' },
  tasks,
  ...extra,
});

export const doc = (...dags: Json[]) => ({ version: 1, dags });

export interface InvalidCase {
  readonly name: string;
  readonly document: Json;
  /** Whether the JSON Schema accepts it (the validator must still refuse it). */
  readonly schemaValid: boolean;
  readonly errors: readonly string[];
}

export const VALID_DOCUMENTS: readonly { name: string; document: Json }[] = [
  { name: 'one noop DAG', document: doc(noopDag('demo')) },
  {
    name: 'a DAG on an AND/OR dataset condition with every task setting',
    document: {
      $schema: './schema/dag-definition.schema.json',
      format: 'pipeline-playground/dags',
      version: 1,
      datasets: [{ id: 'extra', uri: 'file:///x.csv', description: 'an extra dataset' }],
      dags: [
        noopDag('pub', [{ id: 'make', upstream: [], operator: 'noop', outlets: ['extra'] }]),
        {
          id: 'sub',
          description: 'd',
          schedule: {
            type: 'datasets',
            condition: { type: 'any', of: [{ type: 'all', of: [{ type: 'dataset', id: 'extra' }, { type: 'dataset', id: 'raw_housing' }] }, { type: 'dataset', id: 'built_features' }] },
          },
          maxActiveRuns: 1,
          maxActiveTasks: 4,
          params: {
            n: { type: 'integer', default: 3, minimum: 1, maximum: 9, description: 'x' },
            r: { type: 'number', default: 0.5 },
            s: { type: 'string', default: 'a', enum: ['a', 'b'] },
            b: { type: 'boolean', default: true },
          },
          callbacks: { onSuccess: { notify: 'success', message: '{dag} ok' }, onFailure: { notify: 'error' } },
          tasks: [
            { id: 'a', upstream: [], operator: 'sleep', kind: 'branch', retries: 2, retryDelayMs: 0, retryExponentialBackoff: true, maxRetryDelayMs: 10, executionTimeoutMs: 5, pool: 'default_pool', poolSlots: 1 },
            { id: 'b', upstream: ['a'], operator: 'fail', kind: 'short_circuit', triggerRule: 'all_done', callbacks: { onRetry: { notify: 'warning' } } },
            { id: 'c', upstream: ['a', 'b'], operator: 'noop', kind: 'task', description: 'c' },
          ],
        },
      ],
    },
  },
  {
    name: 'a replacement of ml_consumer using its registered code',
    document: doc({ id: 'ml_consumer', schedule: { type: 'manual' }, tasks: [{ id: 'train', upstream: [] }, { id: 'predict', upstream: ['train'] }] }),
  },
];

export const INVALID_DOCUMENTS: readonly InvalidCase[] = [
  { name: 'not an object', document: [], schemaValid: false, errors: ['(root): must be an object, got an array'] },
  {
    name: 'missing dags, wrong version',
    document: { version: 2 },
    schemaValid: false,
    errors: ['(root): missing required property "dags"', 'version: must be 1 (the only version of this format), got 2'],
  },
  { name: 'empty DAG list', document: doc(), schemaValid: false, errors: ['dags: must have at least 1 item'] },
  {
    name: 'unknown root property',
    document: { version: 1, dag: [], dags: [noopDag('x')] },
    schemaValid: false,
    errors: ['dag: unknown property (did you mean "dags"?); allowed: $schema, format, version, datasets, dags'],
  },
  {
    name: 'wrong types',
    document: doc(noopDag('x', [{ id: 'a', upstream: 'b', operator: 'noop', retries: '2' }], { maxActiveRuns: 0 })),
    schemaValid: false,
    errors: ['dags[0].maxActiveRuns: must be ≥ 1, got 0', 'dags[0].tasks[0].upstream: must be an array, got a string', 'dags[0].tasks[0].retries: must be a number, got a string'],
  },
  {
    name: 'missing fields',
    document: doc({ id: 'x', tasks: [{ upstream: [], operator: 'noop' }] }),
    schemaValid: false,
    errors: ['dags[0]: missing required property "schedule"', 'dags[0].tasks[0]: missing required property "id"'],
  },
  {
    name: 'misspelt task property',
    document: doc(noopDag('x', [{ id: 'a', upstream: [], operator: 'noop', retrys: 1 }])),
    schemaValid: false,
    errors: [
      'dags[0].tasks[0].retrys: unknown property (did you mean "retries"?); allowed: id, upstream, outlets, description, kind, triggerRule, retries, retryDelayMs, retryExponentialBackoff, maxRetryDelayMs, executionTimeoutMs, pool, poolSlots, callbacks, operator',
    ],
  },
  {
    name: 'invalid id',
    document: doc(noopDag('my dag')),
    schemaValid: false,
    errors: ['dags[0].id: "my dag" is not a valid DAG id: use 1 to 250 letters, digits, "_", "-" or "." (Airflow\'s rule for ids)'],
  },
  {
    name: 'unknown operator and trigger rule',
    document: doc(noopDag('x', [{ id: 'a', upstream: [], operator: 'nop', triggerRule: 'all_sucess' }])),
    schemaValid: false,
    errors: [
      'dags[0].tasks[0].triggerRule: unknown trigger rule "all_sucess" (did you mean "all_success"?); one of all_success, all_failed, all_done, all_skipped, one_success, one_failed, one_done, none_failed, none_failed_min_one_success, none_skipped, always',
      'dags[0].tasks[0].operator: unknown operator "nop" (did you mean "noop"?); one of noop, sleep, fail, housing.extract, housing.save_raw_data, housing.check_data, housing.quarantine_data, housing.featurize, housing.check_drift, housing.train, housing.predict, housing.batch_predict, housing.save_predictions',
    ],
  },
  {
    name: 'bad params',
    document: doc(
      noopDag('x', undefined, {
        params: {
          epochs: { type: 'integer', default: 0, minimum: 1, maximum: 500 },
          lr: { type: 'number', default: 'fast' },
          model: { type: 'string', default: 'svm', enum: ['linear', 'mlp'] },
          k: { type: 'float', default: 1 },
        },
      }),
    ),
    schemaValid: false,
    errors: [
      'dags[0].params.epochs.default: 0 is below the minimum 1',
      'dags[0].params.lr.default: must be a number, got a string',
      'dags[0].params.model.default: "svm" is not one of the enum values "linear", "mlp"',
      'dags[0].params.k.type: unknown param type "float"; one of number, integer, string, boolean',
    ],
  },
  {
    name: 'unknown upstream task',
    document: doc(noopDag('x', [{ id: 'train', upstream: [], operator: 'noop' }, { id: 'b', upstream: [], operator: 'noop' }, { id: 'c', upstream: [], operator: 'noop' }, { id: 'd', upstream: ['train', 'trian'], operator: 'noop' }])),
    schemaValid: true,
    errors: ['dags[0].tasks[3].upstream[1]: unknown task "trian" (did you mean "train"?)'],
  },
  {
    name: 'duplicate DAG and task ids',
    document: doc(noopDag('x', [{ id: 'a', upstream: [], operator: 'noop' }, { id: 'a', upstream: [], operator: 'noop' }]), noopDag('x')),
    schemaValid: true,
    errors: ['dags[0].tasks[1].id: duplicate task id "a" (also tasks[0])', 'dags[1].id: duplicate DAG id "x" (also dags[0])'],
  },
  {
    name: 'a cycle',
    document: doc(noopDag('x', [{ id: 'a', upstream: ['c'], operator: 'noop' }, { id: 'b', upstream: ['a'], operator: 'noop' }, { id: 'c', upstream: ['b'], operator: 'noop' }])),
    schemaValid: true,
    errors: ['dags[0].tasks: DAG "x" has a cycle: "a" → "b" → "c" → "a".'],
  },
  {
    name: 'unknown dataset in a condition',
    document: doc({ id: 'x', schedule: { type: 'datasets', condition: { type: 'all', of: [{ type: 'dataset', id: 'bulit_features' }] } }, tasks: [{ id: 'a', upstream: [], operator: 'noop' }] }),
    schemaValid: true,
    errors: [
      'dags[0].schedule.condition.of[0].id: unknown asset "bulit_features" (did you mean "built_features"?): no task\'s outlets update it and the document\'s "datasets" do not list it',
    ],
  },
  {
    name: 'a task with no code',
    document: doc({ id: 'ml_consumer', schedule: { type: 'manual' }, tasks: [{ id: 'trian', upstream: [] }] }),
    schemaValid: true,
    errors: [
      'dags[0].tasks[0]: task "trian" has no code: the playground has no registered code for task "trian" of DAG "ml_consumer" (did you mean "train"?); give it an "operator" (one of noop, sleep, fail, housing.extract, housing.save_raw_data, housing.check_data, housing.quarantine_data, housing.featurize, housing.check_drift, housing.train, housing.predict, housing.batch_predict, housing.save_predictions)',
    ],
  },
  {
    name: 'unknown pool',
    document: doc(noopDag('x', [{ id: 'a', upstream: [], operator: 'noop', pool: 'gpu' }])),
    schemaValid: true,
    errors: ['dags[0].tasks[0].pool: unknown pool "gpu"; the playground has default_pool'],
  },
  {
    name: 'an empty condition group',
    document: doc({ id: 'x', schedule: { type: 'datasets', condition: { type: 'any', of: [] } }, tasks: [{ id: 'a', upstream: [], operator: 'noop' }] }),
    schemaValid: false,
    errors: ['dags[0].schedule.condition.of: must have at least 1 item'],
  },
  {
    name: 'asset URIs and names Airflow refuses',
    document: {
      version: 1,
      datasets: [
        { id: 'accented', uri: 's3://bucket/caf\u00e9' },
        { id: 'reserved', uri: 'airflow://internal' },
        { id: 'self', uri: 'x://a' },
        { id: 'broken', uri: 'x://a/b\nc' },
      ],
      dags: [noopDag('x')],
    },
    schemaValid: false,
    errors: [
      'datasets[0].uri: an asset URI must only consist of ASCII characters, as Airflow requires (Airflow 2, 3.0, and 3.1+ on MySQL refuse it at import); found U+00E9 "\u00e9" at character 16',
      'datasets[1].uri: the URI scheme "airflow" is reserved by Airflow',
      'datasets[2].id: "self" is a name Airflow 3 prohibits for an asset (self and context are reserved) (a dataset\'s id is its asset name in an Airflow 3 export)',
      "datasets[3].uri: an asset URI must not contain control characters (found U+000A at character 8): Python's URL parser deletes tabs and newlines silently, so the asset would get another URI",
    ],
  },
  {
    name: 'an asset URI with a reserved scheme (only the validator sees it)',
    document: { version: 1, datasets: [{ id: 'reserved', uri: 'AIRFLOW://x' }], dags: [noopDag('x')] },
    schemaValid: true,
    errors: ['datasets[0].uri: the URI scheme "airflow" is reserved by Airflow'],
  },
];
