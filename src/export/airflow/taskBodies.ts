import type { TaskDefinition, TaskKind } from '../../core/dag';
import type { DatasetId } from '../../core/ids';
import { pyString } from './python';
import { own } from '../../core/ownKeys';

/**
 * The Python bodies of the exported tasks. The housing tasks do in pandas and scikit-learn what the playground's
 * workers do with danfojs and TensorFlow.js; operator tasks (noop, sleep, fail) and tasks the exporter does not know
 * get a body that keeps the DAG's shape runnable (a branch follows all its downstream tasks, a short-circuit lets
 * them run) and says what is left to write.
 */
export interface BodyContext {
  readonly dagId: string;
  readonly task: TaskDefinition;
  readonly kind: TaskKind;
  /** Ids of the tasks directly downstream of this one. */
  readonly downstream: readonly string[];
  /** A Python expression for a dataset: its module-level `Dataset` variable, or an inline `Dataset("uri")`. */
  dataset(id: DatasetId): string;
}

export interface TaskBody {
  /** Lines of the function body, not indented. */
  readonly lines: readonly string[];
  /** Whether the body uses the module's California housing helpers. */
  readonly usesHousing: boolean;
}

const ds = (c: BodyContext, id: string) => c.dataset(id as DatasetId);
/** The task's first outlet, or the dataset it would update in the playground's own DAG. */
const outlet = (c: BodyContext, fallback: string) => c.dataset((c.task.outlets?.[0] ?? fallback) as DatasetId);

/** What a branch returns when it cannot decide: every direct downstream task. */
const followAll = (c: BodyContext) => `[${c.downstream.map(pyString).join(', ')}]`;

/** The end of a body whose work decides nothing: keep the scheduling semantics of the task's kind. */
function kindReturn(c: BodyContext, value: string): string[] {
  switch (c.kind) {
    case 'branch':
      return ['# A branch returns the ids of the downstream tasks to follow; this one follows all of them.', `return ${followAll(c)}`];
    case 'short_circuit':
      return ['# A short-circuit task skips everything downstream when it returns a falsy value.', 'return True'];
    case 'task':
      return [`return ${value}`];
  }
}

type HousingBody = (c: BodyContext) => string[];

const HOUSING_BODIES: Readonly<Record<string, HousingBody>> = {
  extract: (c) => [
    'import numpy as np',
    '',
    'params = context["params"]',
    '# The browser fetches the CSV the site serves (or a CSV the person uploaded, kept in IndexedDB); here a file path.',
    'source = params.get("source") or None',
    'df = _load_housing(source if isinstance(source, str) and os.path.exists(source) else None)',
    'corrupt = int(params.get("corrupt_rows", 0) or 0)',
    'if corrupt > 0:',
    '    rows = np.random.default_rng(SEED).choice(len(df), size=min(corrupt, len(df)), replace=False)',
    '    df.loc[df.index[rows], :] = np.nan',
    '    log.warning("Blanked out %d rows to exercise the quality checks.", len(rows))',
    'path = _run_file(context, "extract.csv")',
    'df.to_csv(path, index=False)',
    'log.info("Loaded %d rows and %d columns.", len(df), df.shape[1])',
    ...kindReturn(c, '{"rows": int(len(df)), "path": path}'),
  ],
  save_raw_data: (c) => [
    'import pandas as pd',
    '',
    'df = pd.read_csv(_run_file(context, "extract.csv"))',
    `path = _write_dataset(${outlet(c, 'raw_housing')}, df)`,
    'log.info("Stored the raw copy (%d rows) at %s.", len(df), path)',
    ...kindReturn(c, '{"rows": int(len(df)), "path": path}'),
  ],
  check_data: (c) => {
    const pass = c.downstream.includes('featurize') ? 'featurize' : (c.downstream[0] ?? '');
    const fail = c.downstream.includes('quarantine_data') ? 'quarantine_data' : (c.downstream.at(-1) ?? '');
    const decision = [
      'import pandas as pd',
      '',
      'df = pd.read_csv(_run_file(context, "extract.csv"))',
      'problems = _quality_problems(df)',
      'with open(_run_file(context, "check_data_report.json"), "w", encoding="utf-8") as report:',
      '    json.dump({"passed": not problems, "rows": int(len(df)), "problems": problems}, report, indent=2)',
      'for problem in problems:',
      '    log.warning("Quality check: %s", problem)',
    ];
    switch (c.kind) {
      case 'branch':
        return [...decision, `return ${pyString(pass)} if not problems else ${pyString(fail)}`];
      case 'short_circuit':
        return [...decision, 'return not problems'];
      case 'task':
        return [...decision, 'if problems:', '    raise ValueError("Data failed its quality checks: " + "; ".join(problems))', 'return {"passed": True}'];
    }
  },
  featurize: (c) => [
    'import pandas as pd',
    '',
    'df = pd.read_csv(_run_file(context, "extract.csv"))',
    'features = df[FEATURES + [TARGET]].dropna()',
    '# Standardization is fitted on the training rows only, in train (fitting it here, on every row, would leak the',
    '# validation and test rows into the scaler); the published features are the cleaned columns.',
    `path = _write_dataset(${outlet(c, 'built_features')}, features)`,
    'log.info("Published %d rows of features at %s.", len(features), path)',
    ...kindReturn(c, '{"rows": int(len(features)), "path": path}'),
  ],
  quarantine_data: (c) => [
    'import pandas as pd',
    '',
    'df = pd.read_csv(_run_file(context, "extract.csv"))',
    'with open(_run_file(context, "check_data_report.json"), encoding="utf-8") as report:',
    '    problems = json.load(report)["problems"]',
    `path = _write_dataset(${outlet(c, 'quarantined_housing')}, df)`,
    'with open(path + ".report.json", "w", encoding="utf-8") as out:',
    '    json.dump({"problems": problems, "run_id": context["run_id"]}, out, indent=2)',
    'log.warning("Quarantined %d rows: %s", len(df), "; ".join(problems))',
    ...kindReturn(c, '{"rows": int(len(df)), "problems": problems}'),
  ],
  check_drift: (c) => [
    'import pickle',
    '',
    `df = _read_dataset(${ds(c, 'built_features')})`,
    'previous = _latest_model()',
    'if previous is None:',
    '    log.info("No model trained yet: nothing to compare the new features with.")',
    '    drift = {}',
    'else:',
    '    with open(previous, "rb") as f:',
    '        stats = pickle.load(f)["feature_stats"]',
    '    # Shift of each feature\'s mean, in standard deviations of the rows the previous model was trained on.',
    '    drift = {name: abs(float(df[name].mean()) - s["mean"]) / (s["std"] or 1.0) for name, s in stats.items()}',
    'for name, shift in sorted(drift.items(), key=lambda item: -item[1]):',
    '    log.info("%s: mean shifted by %.3f std", name, shift)',
    ...kindReturn(c, '{"drift": drift}'),
  ],
  train: (c) => [
    'import pickle',
    '',
    'import numpy as np',
    'from sklearn.linear_model import LinearRegression',
    'from sklearn.neural_network import MLPRegressor',
    'from sklearn.preprocessing import StandardScaler',
    '',
    'params = context["params"]',
    '# The browser reads exactly the built_features version whose event triggered this run; here, the newest file.',
    `df = _read_dataset(${ds(c, 'built_features')})`,
    'x = df[FEATURES].to_numpy(dtype=float)',
    'y = df[TARGET].to_numpy(dtype=float)',
    'split = _split(len(df), SEED)',
    'train_rows = split["train"]',
    '# Fitted on the training rows only; stored with the model and applied to every row it predicts.',
    'scaler = StandardScaler().fit(x[train_rows])',
    'xs = scaler.transform(x)',
    'kind = params.get("model", "linear")',
    'if kind == "mlp":',
    '    # The browser trains a 64 -> 32 ReLU network in TensorFlow.js with Adam and stops early on the validation split;',
    '    # scikit-learn\'s early stopping holds out 10% of the training rows instead.',
    '    model = MLPRegressor(',
    '        hidden_layer_sizes=(64, 32),',
    '        activation="relu",',
    '        solver="adam",',
    '        learning_rate_init=float(params.get("learning_rate", 0.001)),',
    '        max_iter=int(params.get("epochs", 30)),',
    '        early_stopping=True,',
    '        n_iter_no_change=int(params.get("patience", 10)),',
    '        random_state=SEED,',
    '    )',
    'else:',
    '    # The browser fits the linear model by gradient descent in TensorFlow.js; here the closed form (OLS).',
    '    model = LinearRegression()',
    'model.fit(xs[train_rows], y[train_rows])',
    'metrics = {name: _metrics(y[rows], model.predict(xs[rows])) for name, rows in split.items()}',
    '# The closed-form linear reference, on the same split: what any model here should at least match.',
    'ols = LinearRegression().fit(xs[train_rows], y[train_rows])',
    'metrics["ols_test"] = _metrics(y[split["test"]], ols.predict(xs[split["test"]]))',
    'for name, m in metrics.items():',
    '    log.info("%s: RMSE %.4f, MAE %.4f, R2 %.4f (%d rows)", name, m["rmse"], m["mae"], m["r2"], m["count"])',
    'model_id = _safe_name(context["dag"].dag_id + "-" + context["run_id"])',
    'path = os.path.join(_ensure_dir(os.path.join(DATA_DIR, "models")), model_id + ".pkl")',
    'feature_stats = {name: {"mean": float(df[name].iloc[train_rows].mean()), "std": float(df[name].iloc[train_rows].std())} for name in FEATURES}',
    'with open(path, "wb") as f:',
    '    pickle.dump({"model": model, "scaler": scaler, "kind": kind, "split": split, "metrics": metrics, "feature_stats": feature_stats}, f)',
    ...kindReturn(c, '{"model_id": model_id, "path": path, "metrics": metrics}'),
  ],
  predict: (c) => [
    'import pickle',
    '',
    'import numpy as np',
    'import pandas as pd',
    '',
    'trained = context["ti"].xcom_pull(task_ids="train") or {}',
    'model_path = trained.get("path") or _model_path(context["params"].get("model_id")) or _latest_model()',
    'if not model_path:',
    '    raise FileNotFoundError("No trained model to predict with.")',
    'with open(model_path, "rb") as f:',
    '    stored = pickle.load(f)',
    `df = _read_dataset(${ds(c, 'built_features')})`,
    'prediction = stored["model"].predict(stored["scaler"].transform(df[FEATURES].to_numpy(dtype=float)))',
    'split_code = np.full(len(df), -1, dtype=int)',
    'for code, name in enumerate(("train", "validation", "test")):',
    '    rows = [r for r in stored["split"][name] if r < len(df)]',
    '    split_code[rows] = code',
    'out = df[FEATURES].copy()',
    'out[TARGET] = df[TARGET].to_numpy(dtype=float)',
    'out["prediction"] = prediction',
    'out["split"] = split_code  # 0 train, 1 validation, 2 test, as the playground codes it',
    'path = _run_file(context, "predict.csv")',
    'out.to_csv(path, index=False)',
    'log.info("Predicted %d rows with %s.", len(out), os.path.basename(model_path))',
    ...kindReturn(c, '{"rows": int(len(out)), "model": os.path.basename(model_path)}'),
  ],
  save_predictions: (c) => [
    'import pandas as pd',
    '',
    'out = pd.read_csv(_run_file(context, "predict.csv"))',
    '# Predictions beside the raw values they were made for.',
    'out["residual"] = out[TARGET] - out["prediction"]',
    `path = _write_dataset(${outlet(c, 'housing_predictions')}, out)`,
    'log.info("Stored %d predictions at %s.", len(out), path)',
    ...kindReturn(c, '{"rows": int(len(out)), "path": path}'),
  ],
};

/** Which housing body a task gets: its own id in the housing DAGs (also when a DAG of that id is imported). */
const HOUSING_TASKS: Readonly<Record<string, readonly string[]>> = {
  ml_producer: ['extract', 'save_raw_data', 'check_data', 'featurize', 'quarantine_data'],
  ml_consumer: ['check_drift', 'train', 'predict', 'save_predictions'],
  ml_batch_predict: ['predict', 'save_predictions'],
};

export function taskBody(c: BodyContext): TaskBody {
  const { dagId, task } = c;
  if (task.operator === undefined && own(HOUSING_TASKS, dagId)?.includes(task.id)) {
    return { lines: own(HOUSING_BODIES, task.id)!(c), usesHousing: true };
  }
  switch (task.operator) {
    case 'noop':
      return { lines: ['# The playground\'s noop operator: succeeds at once (Airflow\'s EmptyOperator does the same).', ...kindReturn(c, 'None')], usesHousing: false };
    case 'sleep':
      return {
        lines: ['# The playground\'s sleep operator: waits, then succeeds.', 'time.sleep(1.0)', ...kindReturn(c, 'None')],
        usesHousing: false,
      };
    case 'fail':
      return {
        lines: [
          '# The playground\'s fail operator: every try fails (its retries run, then the task fails).',
          `raise RuntimeError(${pyString(`Task ${task.id} fails on purpose (operator "fail").`)})`,
        ],
        usesHousing: false,
      };
    default:
      return {
        lines: [
          `# TODO: port this task's code. In the playground it is ${task.operator === undefined ? 'registered code' : `operator ${JSON.stringify(task.operator)}`} that the exporter has no Python for.`,
          `log.warning(${pyString(`Task ${task.id} has no Python body yet.`)})`,
          ...kindReturn(c, 'None'),
        ],
        usesHousing: false,
      };
  }
}

/** Module-level helpers of the housing bodies: file layout, loading, quality checks, the split and metrics. */
export const HOUSING_HELPERS = `
# ---- California housing helpers ------------------------------------------------------------------------------------
# The playground keeps datasets and task outputs in IndexedDB as typed-array columns and runs each task in a Web
# Worker; here they are CSV files under DATA_DIR and each task runs wherever the executor puts it (on a cluster,
# DATA_DIR must be shared storage). pandas and scikit-learn stand in for danfojs and TensorFlow.js.
FEATURES = ["MedInc", "HouseAge", "AveRooms", "AveBedrms", "Population", "AveOccup", "Latitude", "Longitude"]
TARGET = "MedHouseVal"
# Plausible ranges of the 1990 census block groups; outside them a row is suspect (as in the playground's checks).
RANGES = {
    "MedInc": (0, 20),
    "HouseAge": (0, 100),
    "AveRooms": (0, 200),
    "AveBedrms": (0, 50),
    "Population": (0, 50000),
    "AveOccup": (0, 2000),
    "Latitude": (32, 42.1),
    "Longitude": (-124.5, -114),
    "MedHouseVal": (0, 5.00001),
}
MIN_ROWS = 1000
HOUSING_CSV = os.environ.get("HOUSING_CSV", os.path.join(DATA_DIR, "california_housing.csv"))


def _load_housing(path=None):
    """The housing rows: a CSV in scikit-learn's column layout if there is one, else scikit-learn's own copy."""
    import pandas as pd

    path = path or HOUSING_CSV
    if os.path.exists(path):
        return pd.read_csv(path)
    from sklearn.datasets import fetch_california_housing

    return fetch_california_housing(as_frame=True).frame


def _quality_problems(df):
    problems = []
    missing_columns = [name for name in FEATURES + [TARGET] if name not in df.columns]
    if missing_columns:
        problems.append("Missing columns: " + ", ".join(missing_columns) + ".")
    if len(df) < MIN_ROWS:
        problems.append("Only %d rows; at least %d expected." % (len(df), MIN_ROWS))
    for name, (low, high) in RANGES.items():
        if name not in df.columns:
            continue
        column = df[name]
        missing = int(column.isna().sum())
        outside = int(((column < low) | (column > high)).sum())
        if missing:
            problems.append("%s: %d missing values." % (name, missing))
        if outside:
            problems.append("%s: %d values outside [%s, %s]." % (name, outside, low, high))
    return problems


def _split(n, seed, validation=0.15, test=0.15):
    """A seeded shuffle cut into train / validation / test row indices."""
    import numpy as np

    order = np.random.default_rng(seed).permutation(n)
    n_test = int(round(n * test))
    n_validation = int(round(n * validation))
    return {
        "train": sorted(order[n_test + n_validation:].tolist()),
        "validation": sorted(order[n_test:n_test + n_validation].tolist()),
        "test": sorted(order[:n_test].tolist()),
    }


def _metrics(actual, predicted):
    from sklearn.metrics import mean_absolute_error, mean_squared_error, r2_score

    return {
        "rmse": float(mean_squared_error(actual, predicted) ** 0.5),
        "mae": float(mean_absolute_error(actual, predicted)),
        "r2": float(r2_score(actual, predicted)),
        "count": int(len(actual)),
    }


def _model_path(model_id):
    if not model_id:
        return None
    path = os.path.join(DATA_DIR, "models", _safe_name(str(model_id)) + ".pkl")
    return path if os.path.exists(path) else None


def _latest_model():
    folder = os.path.join(DATA_DIR, "models")
    if not os.path.isdir(folder):
        return None
    models = [os.path.join(folder, name) for name in os.listdir(folder) if name.endswith(".pkl")]
    return max(models, key=os.path.getmtime) if models else None
`;
