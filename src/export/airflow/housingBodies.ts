import type { DatasetId } from '../../core/ids';
import { HOUSING_OPERATORS } from '../../pipelines/operatorNames';
import { kindReturn, type BodyContext, type TaskBody } from './bodyContext';
import { pyString } from './python';

/**
 * The housing pipeline's tasks in Python, one per task the playground registers code for (pipelines/registry.ts):
 * the same steps, seeded split, clipping, metrics and messages, with the helpers of py/housing_data.py and py/housing_model.py. Each body reads
 * and writes what the browser task reads and writes, through files under DATA_DIR instead of IndexedDB.
 */
type HousingBody = (c: BodyContext) => string[];

const asset = (c: BodyContext, id: string) => c.asset(id as DatasetId);
/** The task's first outlet, or the asset it updates in the playground's own DAG. */
const outlet = (c: BodyContext, fallback: string) => c.asset((c.task.outlets?.[0] ?? fallback) as DatasetId);

/** Airflow 3 puts the extra into the asset event, as the playground does; both keep it in a file beside the data. */
function eventExtra(c: BodyContext, assetExpr: string, extra: string): string[] {
  return c.flavour.outletEventExtra
    ? ['# The asset event carries the extra, as the playground\'s does.', `context["outlet_events"][${assetExpr}].extra = ${extra}`]
    : ['# Airflow 2.9 cannot attach an extra to the dataset event: it is only in the file beside the data.'];
}

const extract: HousingBody = (c) => [
  'params = context["params"]',
  '# The browser fetches the CSV the site serves (or reads an uploaded CSV from IndexedDB); here a file.',
  'frame, source = _load_source(params.get("source"))',
  'log.info("Target %s; %d feature(s): %s.", frame.columns[-1], frame.shape[1] - 1, ", ".join(frame.columns[:-1]))',
  'corrupt = int(params.get("corrupt_rows") or 0)',
  'if corrupt > 0:',
  '    # A demo of the quality branch, as in the browser: the first feature blanked in rows picked by the seeded shuffle.',
  '    name = frame.columns[0]',
  '    rows = _seeded_permutation(len(frame), _mulberry32(SEED))[:corrupt]',
  '    frame.iloc[rows, 0] = float("nan")',
  '    log.warning("Blanked %s in %d rows (param corrupt_rows).", name, min(corrupt, len(frame)))',
  '# For the tasks downstream in this run (the browser passes columns through IndexedDB): a pickle, exact and fast.',
  'frame.to_pickle(_run_file(context, "extract.pkl"))',
  ...kindReturn(c, '{"source": source, "rows": int(len(frame)), "columns": int(frame.shape[1])}'),
];

const readExtract = ['import pandas as pd', '', 'frame = pd.read_pickle(_run_file(context, "extract.pkl"))'];
const minRows = 'min_rows = MIN_HOUSING_ROWS if context["params"].get("source") in (None, "housing") else MIN_OTHER_ROWS';

const saveRawData: HousingBody = (c) => [
  ...readExtract,
  `path = _write_asset(${outlet(c, 'raw_housing')}, frame)`,
  'log.info("Stored %s raw rows x %d columns at %s.", _count(len(frame)), frame.shape[1], path)',
  ...kindReturn(c, '{"rows": int(len(frame)), "columns": int(frame.shape[1])}'),
];

const checkData: HousingBody = (c) => {
  const pass = c.downstream.includes('featurize') ? 'featurize' : (c.downstream[0] ?? '');
  const fail = c.downstream.includes('quarantine_data') ? 'quarantine_data' : (c.downstream.at(-1) ?? '');
  const decision = [
    ...readExtract,
    minRows,
    'report = _quality_report(frame, min_rows)',
    'for line in _report_lines(report):',
    '    (log.info if line.startswith("\\u2713") else log.warning)("%s", line)',
    'for problem in report["problems"]:',
    '    log.warning("%s", problem)',
  ];
  switch (c.kind) {
    case 'branch':
      return [...decision, `return ${pyString(pass)} if report["passed"] else ${pyString(fail)}`];
    case 'short_circuit':
      return [...decision, 'return report["passed"]'];
    case 'task':
      return [...decision, 'if not report["passed"]:', '    raise ValueError("The data failed its quality checks: " + " ".join(report["problems"]))', 'return report'];
  }
};

const featurize: HousingBody = (c) => {
  const target = outlet(c, 'built_features');
  return [
    ...readExtract,
    '# Features as float32 in their raw units, the target last (no scaling: each model fits its scaler on its',
    '# training rows only), and per-column statistics for the drift check, as danfojs computes them in the browser.',
    'stats = _column_stats(frame)',
    'extra = {"featureStats": stats, "target": str(frame.columns[-1])}',
    `path = _write_asset(${target}, frame.astype("float32"), extra)`,
    ...eventExtra(c, target, 'extra'),
    'log.info("Published %s rows of features at %s.", _count(len(frame)), path)',
    ...kindReturn(c, '{"rows": int(len(frame)), "features": int(frame.shape[1] - 1), "target": str(frame.columns[-1])}'),
  ];
};

const quarantineData: HousingBody = (c) => {
  const target = outlet(c, 'quarantined_housing');
  return [
    ...readExtract,
    minRows,
    'report = _quality_report(frame, min_rows)',
    'extra = {"source": context["params"].get("source") or "housing", "failedChecks": [x["name"] for x in report["checks"] if not x["passed"]], "problems": report["problems"]}',
    `path = _write_asset(${target}, frame, extra)`,
    ...eventExtra(c, target, 'extra'),
    'log.warning("Quarantined %d rows at %s: %s", len(frame), path, " ".join(report["problems"]))',
    ...kindReturn(c, 'dict({"rows": int(len(frame))}, **report)'),
  ];
};

const checkDrift: HousingBody = (c) => [
  `features_asset = ${asset(c, 'built_features')}`,
  'features = list(_read_asset(features_asset, dtype="float32").columns[:-1])',
  '# The statistics featurize recorded with this version, as the browser takes them from the triggering event.',
  'current = _feature_stats(features_asset, features)',
  'reference = _newest_model()',
  'if reference is None:',
  '    report = {"status": "skipped", "referenceModelId": None, "features": [], "schemaChanges": [], "message": "No model is stored yet: no reference, skipped."}',
  'else:',
  '    report = _compare_feature_stats(reference["id"], reference["featureStats"], current, features)',
  '(log.warning if report["status"] == "drift" else log.info)("%s", report["message"])',
  'for f in report["features"]:',
  '    log.info("%s: mean shift %.3f sigma, std ratio %.3f%s", f["feature"], f["meanShift"], f["stdRatio"], " - DRIFT" if f["drifted"] else "")',
  ...kindReturn(c, 'report'),
];

const train: HousingBody = (c) => [
  'params = context["params"]',
  'kind = params.get("model", "linear")',
  'if kind not in ("linear", "mlp"):',
  '    raise ValueError(\'Param "model" must be one of linear, mlp, got %r.\' % (kind,))',
  'options = {name: params.get(name, default) for name, default in (("epochs", 40), ("learning_rate", 0.01), ("patience", 8), ("batch_size", 256))}',
  '# The browser reads exactly the built_features version whose event triggered this run; here, the newest file.',
  `features_asset = ${asset(c, 'built_features')}`,
  'x_all, features, target = _read_features(features_asset)',
  'version = _asset_version(features_asset)',
  'y = x_all[:, -1]',
  'split = _split_rows(len(y), SEED)',
  'log.info("Training a %s model on %s to predict %s from %d features: %d train, %d validation, %d test rows (seed %d).", kind, version, target, len(features), len(split["train"]), len(split["validation"]), len(split["test"]), SEED)',
  'scaler = _fit_scaler(x_all[:, :-1], split["train"], features)',
  'xs = _scaled(x_all[:, :-1], scaler)',
  'started = time.perf_counter()',
  'ols = _fit_ols(xs[split["train"]], y[split["train"]])',
  'if kind == "linear":',
  '    # The browser fits the linear model by Adam in TensorFlow.js and lands within ~0.001 R2 of this closed form.',
  '    model, history, best_epoch, stopped = ols, [], 0, False',
  '    predict = lambda rows: _ols_predict(ols, xs[rows])',
  'else:',
  '    model, history, best_epoch, stopped = _fit_mlp(xs, y, split, options)',
  '    predict = lambda rows: model.predict(xs[rows])',
  'splits = {name: _metrics(y[split[name]], predict(split[name])) for name in ("train", "validation", "test")}',
  'ols_test = _metrics(y[split["test"]], _ols_predict(ols, xs[split["test"]]))',
  'for name, m in splits.items():',
  '    log.info("%s: RMSE %.4f, MAE %.4f, R2 %.4f (%d rows)", name, m["rmse"], m["mae"], m["r2"], m["count"])',
  'log.info("Closed-form OLS reference, same rows: test R2 %.4f (gap to this model %.4f).", ols_test["r2"], ols_test["r2"] - splits["test"]["r2"])',
  c.task.upstream.includes('check_drift' as never) ? 'drift = context["ti"].xcom_pull(task_ids="check_drift")' : 'drift = None  # this Dag has no check_drift upstream',
  'model_id = "model@%s/%d" % (context["run_id"], context["ti"].try_number)',
  '_save_model({',
  '    "id": model_id, "createdAt": time.time(), "kind": kind, "model": model, "scaler": scaler, "trainedOn": version,',
  '    "seed": SEED, "params": dict(params), "split": {"train": len(split["train"]), "validation": len(split["validation"]), "test": len(split["test"]), "seed": SEED},',
  '    "splits": splits, "olsTest": ols_test, "history": history, "drift": drift,',
  '    "featureStats": _feature_stats(features_asset, features),',
  '})',
  'log.info("Saved model %s.", model_id)',
  ...kindReturn(
    c,
    '{"modelId": model_id, "kind": kind, "seed": SEED, "epochs": options["epochs"], "epochsRun": len(history), "bestEpoch": best_epoch, "stoppedEarly": stopped, "trainRows": len(split["train"]), "validationRows": len(split["validation"]), "testRows": len(split["test"]), "testRmse": splits["test"]["rmse"], "testMae": splits["test"]["mae"], "testR2": splits["test"]["r2"], "validationR2": splits["validation"]["r2"], "trainR2": splits["train"]["r2"], "olsTestR2": ols_test["r2"], "trainMs": round((time.perf_counter() - started) * 1000), "drift": (drift or {}).get("status", "skipped")}',
  ),
];

/** ml_consumer's predict: the model its own `train` stored in this run. */
const predictTrained: HousingBody = (c) => [
  'trained = context["ti"].xcom_pull(task_ids="train")',
  'if not trained or not trained.get("modelId"):',
  '    raise ValueError("train returned no model id: it must run (and succeed) before predict.")',
  `result = _predict_with(context, ${asset(c, 'built_features')}, trained["modelId"])`,
  ...kindReturn(c, 'result'),
];

/** ml_batch_predict's predict: the model param model_id names, or the newest one; an unknown id fails, as in the browser. */
const predictStored: HousingBody = (c) => [
  'requested = context["params"].get("model_id")',
  'requested = requested.strip() if isinstance(requested, str) else ""',
  'newest = _newest_model()',
  'model_id = requested or (newest["id"] if newest else None)',
  'if not model_id:',
  '    raise ValueError("No model is stored yet: run ml_consumer (or the producer, which triggers it) first.")',
  'if not requested:',
  '    log.info("No model_id given: using the newest model, %s.", model_id)',
  `result = _predict_with(context, ${asset(c, 'built_features')}, model_id)`,
  ...kindReturn(c, 'result'),
];

const savePredictions: HousingBody = (c) => {
  const predictTask = c.task.upstream.find((id) => id === 'predict') ?? c.task.upstream[0] ?? 'predict';
  return [
    'import numpy as np',
    'import pandas as pd',
    '',
    'predicted = pd.read_pickle(_run_file(context, "predict.pkl"))',
    `made = context["ti"].xcom_pull(task_ids=${pyString(predictTask)}) or {}`,
    `features_asset = ${asset(c, 'built_features')}`,
    'if made.get("versionId") != _asset_version(features_asset):',
    '    raise ValueError("built_features changed between predict and save_predictions: run the Dag again.")',
    'frame = _read_asset(features_asset, dtype="float32")',
    'clash = [name for name in ("prediction", "residual", "split") if name in frame.columns]',
    'if clash:',
    '    raise ValueError("The data already have column(s) %s: rename them before predicting." % ", ".join(clash))',
    'if len(frame) != len(predicted):',
    '    raise ValueError("%d predictions for %d rows: the inputs do not match." % (len(predicted), len(frame)))',
    'target_name = frame.columns[-1]',
    'actual = frame.iloc[:, -1].to_numpy(dtype="float64")',
    'prediction = predicted["prediction"].to_numpy(dtype="float32")',
    '# The residual is prediction - actual, as the playground stores it and the asset\'s description says.',
    'frame["prediction"] = prediction',
    'frame["residual"] = (prediction.astype("float64") - actual).astype("float32")',
    'frame["split"] = predicted["split"].to_numpy(dtype="float32")',
    'test = predicted["split"].to_numpy() == SPLIT_CODES["test"]',
    `path = _write_asset(${outlet(c, 'housing_predictions')}, frame, {"modelId": made.get("modelId")})`,
    'if test.any():',
    '    held_out = _metrics(actual[test], prediction[test])',
    '    log.info("Stored %s predictions at %s (test rows: %d, RMSE %.4f, R2 %.4f).", _count(len(frame)), path, held_out["count"], held_out["rmse"], held_out["r2"])',
    '# Where the model is wrong, not only how much: the test rows in five bands of their actual value (as the playground).',
    'bands = []',
    'if test.sum() >= 5:',
    '    y = actual[test]',
    '    error = prediction[test].astype("float64") - y',
    '    order = np.argsort(y, kind="stable")',
    '    ranked = pd.DataFrame({"band": np.arange(len(y)) * 5 // len(y) + 1, "actual": y[order], "abs_error": np.abs(error[order]), "error": error[order]})',
    '    table = ranked.groupby("band").agg(lo=("actual", "min"), hi=("actual", "max"), rows=("error", "size"), mae=("abs_error", "mean"), bias=("error", "mean"))',
    '    log.info("Held-out error by band of actual %s (mean error > 0: predicted too high):", target_name)',
    '    for band, row in table.iterrows():',
    '        log.info("  band %d (%.2f-%.2f, %d rows): MAE %.3f, bias %+.3f", band, row["lo"], row["hi"], row["rows"], row["mae"], row["bias"])',
    '        bands.append({"band": int(band), "from": float(row["lo"]), "to": float(row["hi"]), "rows": int(row["rows"]), "mae": float(row["mae"]), "bias": float(row["bias"])})',
    ...kindReturn(c, '{"rows": int(len(frame)), "modelId": made.get("modelId"), "testRows": int(test.sum()), "errorByBand": bands}'),
  ];
};

/** Which body a task gets: the same (DAG id, task id) pairs as the playground's task registry. */
const HOUSING_BODIES: Readonly<Record<string, Readonly<Record<string, HousingBody>>>> = {
  ml_producer: { extract, save_raw_data: saveRawData, check_data: checkData, featurize, quarantine_data: quarantineData },
  ml_consumer: { check_drift: checkDrift, train, predict: predictTrained, save_predictions: savePredictions },
  ml_batch_predict: { predict: predictStored, save_predictions: savePredictions },
};

export const HOUSING_BODY_IDS: Readonly<Record<string, readonly string[]>> = Object.fromEntries(
  Object.entries(HOUSING_BODIES).map(([dagId, bodies]) => [dagId, Object.keys(bodies)]),
);

export function housingBody(c: BodyContext): TaskBody | null {
  return housingBodyOf(c, c.dagId, c.task.id);
}

/**
 * The body of a housing operator (`operator: 'housing.train'`, e.g. in a DAG written in the page): the same Python as
 * the built-in task whose code the operator is (pipelines/operatorNames.ts).
 */
export function housingOperatorBody(c: BodyContext, operator: string): TaskBody | null {
  if (!Object.hasOwn(HOUSING_OPERATORS, operator)) return null;
  const [dagId, taskId] = HOUSING_OPERATORS[operator as keyof typeof HOUSING_OPERATORS];
  return housingBodyOf(c, dagId, taskId);
}

function housingBodyOf(c: BodyContext, dagId: string, taskId: string): TaskBody | null {
  const body = Object.hasOwn(HOUSING_BODIES, dagId) && Object.hasOwn(HOUSING_BODIES[dagId]!, taskId) ? HOUSING_BODIES[dagId]![taskId]! : null;
  // ml_consumer's predict reads the model from train's XCom: without a `train` upstream it takes the batch form.
  const chosen = body === predictTrained && !c.task.upstream.includes('train' as never) ? predictStored : body;
  return chosen ? { lines: chosen(c), helpers: ['files', 'split', 'housing'] } : null;
}
