#!/usr/bin/env python3
"""Runs the exported modules as Airflow's `dag.test()` would, against the strict stand-in in tests/export/standin.

Usage: python3 tests/export/run_exported.py <export dir> <browser reference .json>

<export dir> is what `npm run export:airflow -- <dir> --with <hostile DAGs>` wrote (one flavour, 3 or 2);
<browser reference> what tests/export/browserReference.ts computed with the playground's own code. The scenario:
  1. every module's `context[...]` keys are real context keys of its Airflow version (read with `ast`);
  2. every module imports (Airflow's checks on ids, arguments and asset URIs run as the DAGs are built);
  3. the seeded split picks the same rows as the browser for every seed and size of the reference;
  4. ml_producer with its defaults: every task succeeds but quarantine_data (skipped by the branch);
  5. the Dags scheduled on the updated assets run, because of those asset events: ml_consumer and the hostile
     Dag; the consumer's held-out R2 is within 0.01 of the browser's linear model and matches its OLS reference;
  6. ml_batch_predict with the consumer's model (same rows, same split), with none (the newest), and with an unknown
     model id, which fails with a clear message;
  7. ml_producer with corrupt_rows=5: the rows the browser blanks are blanked, check_data sends the data to
     quarantine, nothing is triggered;
  8. the consumer with model=mlp (3 epochs, batch 512): batch size and the validation split's early stopping used;
  9. demo_fan_1000 with sleep_ms=1: 1,000 tasks, each sleep honouring sleep_ms, in seconds;
and, after 5, the trigger-rules lesson (a DAG file written in the page, exported with --lesson trigger-rules): its
noop operators run, its TypeScript tasks raise NotImplementedError naming the task and the file.
The Airflow 2 export runs steps 1-6 (7 to 9 run the same Python under both versions).
Prints one line per check; exits 1 listing every failure.
"""
from __future__ import annotations

import ast
import importlib.util
import json
import logging
import math
import os
import sys
import tempfile
import time
import warnings

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "standin"))

from airflow import _dag  # noqa: E402  (the stand-in, first on sys.path)
from airflow._dag import schedule_triggered  # noqa: E402
from airflow._run import CONTEXT_KEYS, run_dag  # noqa: E402

FAILURES = []


def check(what, ok, detail=""):
    print("%s %s%s" % ("ok  " if ok else "FAIL", what, (": " + detail) if detail else ""))
    if not ok:
        FAILURES.append(what + ((": " + detail) if detail else ""))
    return ok


def flavour_of(source):
    return 3 if "from airflow.sdk import" in source else 2


def context_keys_used(tree):
    """Every string key read from a name `context`: context["k"], context.get("k"), context["outlet_events"][...]."""
    keys = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name) and node.value.id == "context":
            if isinstance(node.slice, ast.Constant) and isinstance(node.slice.value, str):
                keys.add(node.slice.value)
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "get"
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "context"
            and node.args
            and isinstance(node.args[0], ast.Constant)
        ):
            keys.add(node.args[0].value)
    return keys


def load_modules(directory):
    dags = {}
    for name in sorted(os.listdir(directory)):
        if not name.endswith(".py"):
            continue
        path = os.path.join(directory, name)
        with open(path, encoding="utf-8") as source_file:
            source = source_file.read()
        flavour = flavour_of(source)
        unknown = sorted(context_keys_used(ast.parse(source)) - CONTEXT_KEYS[flavour])
        check("%s reads only Airflow %d context keys" % (name, flavour), not unknown, ", ".join(unknown))
        before = len(_dag.REGISTRY)
        spec = importlib.util.spec_from_file_location("exported_" + name[:-3].replace(".", "_"), path)
        module = importlib.util.module_from_spec(spec)
        try:
            spec.loader.exec_module(module)
        except Exception as error:  # noqa: BLE001 - every import error is a finding
            check("%s imports" % name, False, "%s: %s" % (type(error).__name__, error))
            continue
        for built in _dag.REGISTRY[before:]:
            dags[built.dag_id] = (built, module)
    return dags


def run(dags, dag_id, conf=None, **kwargs):
    built, _ = dags[dag_id]
    started = time.perf_counter()
    result = run_dag(built, conf=conf, **kwargs)
    result.seconds = time.perf_counter() - started
    check("%s%s: no callback raised" % (dag_id, " " + json.dumps(conf) if conf else ""), not result.callback_errors, "; ".join(result.callback_errors))
    return result


def states_are(result, expected, what):
    check(what, result.states == expected, "got %s%s" % (result.states, "; errors: %s" % result.errors if result.errors else ""))


def triggered_by(dags, events):
    """The Dags an asset-triggered run starts for, after these events (Airflow: a run once the condition holds)."""
    updated = {event["key"] for event in events}
    return [dag_id for dag_id, (built, _) in dags.items() if built.schedule is not None and schedule_triggered(built.schedule, updated)]


def asset_triggered_runs(dags, events):
    runs = {}
    for dag_id in triggered_by(dags, events):
        built, _ = dags[dag_id]
        by_asset = {}
        for event in events:
            by_asset.setdefault(event["asset"], []).append(event)
        runs[dag_id] = run(dags, dag_id, run_type="asset_triggered", triggering_events=by_asset)
    return runs


def main(directory, reference_path):
    with open(reference_path, encoding="utf-8") as data:
        reference = json.load(data)
    data_dir = tempfile.mkdtemp(prefix="playground-data-")
    os.environ["PLAYGROUND_DATA_DIR"] = data_dir
    os.environ.pop("PLAYGROUND_SEED", None)
    logging.basicConfig(level=logging.CRITICAL)
    warnings.simplefilter("error")  # a deprecation or runtime warning in the exported code is a finding too
    started = time.perf_counter()
    dags = load_modules(directory)
    flavour = next(iter(dags.values()))[0].flavour if dags else None
    print("Airflow %s export: %d Dag(s) loaded from %s" % (flavour, len(dags), directory))
    if "ml_consumer" not in dags or "ml_producer" not in dags:
        check("the housing Dags are there", False)
        return 1
    consumer_module = dags["ml_consumer"][1]

    # 3. The same rows as the browser.
    wrong = [
        "n=%d seed=%d" % (case["n"], case["seed"])
        for case in reference["splits"]
        if {k: v for k, v in consumer_module._split_rows(case["n"], case["seed"]).items() if k != "codes"}
        != {"train": case["train"], "validation": case["validation"], "test": case["test"]}
    ]
    check("the seeded split picks the browser's rows (%d seeds x sizes)" % len(reference["splits"]), not wrong, ", ".join(wrong))

    # 4-5. Producer, then what its asset events trigger.
    producer = run(dags, "ml_producer")
    states_are(producer, {"extract": "success", "save_raw_data": "success", "check_data": "success", "featurize": "success", "quarantine_data": "skipped"}, "ml_producer: every task succeeds; quarantine_data skipped by the branch")
    produced = sorted(event["asset"].name for event in producer.events)
    check("ml_producer updates raw_housing and built_features", produced == sorted(["raw_housing", "built_features"] if flavour == 3 else ["playground://housing/raw", "playground://housing/built_features"]), str(produced))
    if flavour == 3:
        extra = next(e["extra"] for e in producer.events if e["asset"].name == "built_features")
        check("the built_features event carries featureStats", sorted(extra.get("featureStats", {})) == sorted(reference_features() + ["MedHouseVal"]))
    triggered = triggered_by(dags, producer.events)
    check("built_features triggers ml_consumer (and the hostile Dag's OR condition)", sorted(triggered) == ["class", "ml_consumer"], str(triggered))
    runs = asset_triggered_runs(dags, producer.events)
    consumer = runs["ml_consumer"]
    states_are(consumer, {"check_drift": "success", "train": "success", "predict": "success", "save_predictions": "success"}, "ml_consumer (asset-triggered): every task succeeds")
    check("its run id says it was asset-triggered", consumer.run_id.startswith("asset_triggered__" if flavour == 3 else "dataset_triggered__"), consumer.run_id)
    trained = consumer.xcoms.get("train") or {}
    saved = consumer.xcoms.get("save_predictions") or {}
    bands = saved.get("errorByBand") or []
    check("save_predictions reports the held-out error in 5 bands of the actual value, covering every test row",
          len(bands) == 5 and sum(b["rows"] for b in bands) == saved.get("testRows") and all(bands[i]["to"] <= bands[i + 1]["from"] for i in range(4)), str(bands))
    check("…too high in the cheapest band and too low in the dearest (regression to the mean)",
          len(bands) == 5 and bands[0]["bias"] > 0 and bands[4]["bias"] < 0, str([round(b["bias"], 3) for b in bands]))
    housing = reference["housing"]
    sizes = (trained.get("trainRows"), trained.get("validationRows"), trained.get("testRows"))
    check("the consumer splits 70/15/15 as the browser", sizes == (housing["sizes"]["train"], housing["sizes"]["validation"], housing["sizes"]["test"]), str(sizes))
    browser_r2 = housing["linear"]["testR2"] if housing.get("linear") else housing["ols"]["testR2"]
    r2 = trained.get("testR2", math.nan)
    check("held-out R2 %.4f is within 0.01 of the browser's %.4f" % (r2, browser_r2), abs(r2 - browser_r2) < 0.01)
    check("the OLS reference agrees with the browser's (%.6f vs %.6f)" % (trained.get("olsTestR2", math.nan), housing["ols"]["testR2"]), abs(trained.get("olsTestR2", math.nan) - housing["ols"]["testR2"]) < 1e-6)
    hostile = runs["class"]
    states_are(hostile, {"1st-task": "success", "import": "success", "import_": "success", "def": "failed", "__init__": "success"}, "the hostile Dag: branch, short-circuit, fail operator and one_failed as the playground runs them")
    check("the fail operator's message names the task and try", "Task \"def\" runs the fail operator" in hostile.errors.get("def", ""), hostile.errors.get("def", ""))
    check("its retries wait as Airflow computes them (1 s, then 2-3 s)", hostile.retry_waits.get("def", [None])[0] == 1.0 and 2.0 <= hostile.retry_waits["def"][1] <= 3.0, str(hostile.retry_waits))
    check("its sleep branch follows all its downstream tasks", hostile.xcoms.get("import") == ["import_", "def"], str(hostile.xcoms.get("import")))

    # 5b. An authored lesson (a DAG file written in the page): its built-in operators run as the built-in ones do,
    # its TypeScript tasks raise NotImplementedError naming the task and the file, and the trigger rules decide the rest.
    if check("the trigger-rules lesson was exported", "lesson_trigger_rules" in dags):
        lesson = run(dags, "lesson_trigger_rules")
        states_are(lesson, {"extract": "failed", "transform": "upstream_failed", "load": "upstream_failed", "alert": "failed", "cleanup": "success", "report": "upstream_failed"}, "lesson_trigger_rules: noop operators run, TypeScript tasks raise, one_failed / all_done / none_failed decide")
        for task_id, lines in (("extract", "17-20"), ("alert", "33-35")):
            expected = "NotImplementedError: Task \"%s\" of \"lesson_trigger_rules\" is TypeScript written in the page (trigger-rules.ts, lines %s): this export has no Python for it." % (task_id, lines)
            check("%s's error names the task and the file" % task_id, lesson.errors.get(task_id, "").startswith(expected), lesson.errors.get(task_id, ""))
        check("the lesson's run fails, as in the playground", lesson.state == "failed", lesson.state)

    predictions = read_asset_csv(data_dir, "playground://housing/predictions")
    if predictions is not None:
        residual_ok = max(abs(p - a - r) for p, a, r in zip(predictions["prediction"], predictions["MedHouseVal"], predictions["residual"])) < 1e-5
        check("residual = prediction - actual, as in the browser and the asset's description", residual_ok)
        test_rows = [i for i, s in enumerate(predictions["split"]) if s == 2.0]
        ref42 = next(c for c in reference["splits"] if c["n"] == housing["rows"] and c["seed"] == housing["seed"])
        check("the split column marks the browser's test rows", test_rows == ref42["test"])

    # 6. Batch prediction with the consumer's model, the newest, and an unknown one.
    batch = run(dags, "ml_batch_predict", {"model_id": trained.get("modelId", "")})
    states_are(batch, {"predict": "success", "save_predictions": "success"}, "ml_batch_predict with the consumer's model")
    check("…on the data it was trained on: rows keep their split", (batch.xcoms.get("predict") or {}).get("sameData") is True)
    newest = run(dags, "ml_batch_predict")
    check("ml_batch_predict with no model_id uses the newest model", (newest.xcoms.get("predict") or {}).get("modelId") == trained.get("modelId"), str(newest.xcoms.get("predict")))
    unknown = run(dags, "ml_batch_predict", {"model_id": "model@nope/1"})
    states_are(unknown, {"predict": "failed", "save_predictions": "upstream_failed"}, "an unknown model_id fails predict; save_predictions is upstream_failed")
    check("…with a clear message", 'Model "model@nope/1" is not stored. Stored models: %s' % trained.get("modelId") in unknown.errors.get("predict", ""), unknown.errors.get("predict", ""))
    check("…and the run fails", unknown.state == "failed")

    if flavour == 2:
        # Steps 7 to 9 run the same Python under both versions; the Airflow 3 run covers them.
        return summary(started)

    # 7. Corrupted rows go to quarantine; nothing downstream is triggered.
    corrupt = run(dags, "ml_producer", {"corrupt_rows": 5})
    states_are(corrupt, {"extract": "success", "save_raw_data": "success", "check_data": "success", "featurize": "skipped", "quarantine_data": "success"}, "ml_producer corrupt_rows=5: check_data sends the data to quarantine")
    quarantined = read_asset_csv(data_dir, "playground://housing/quarantine")
    blanked = [i for i, v in enumerate(quarantined["MedInc"]) if math.isnan(v)] if quarantined else None
    check("the rows the browser blanks are blanked (MedInc only)", blanked == sorted(reference["corruptRows"]) and not any(math.isnan(v) for v in quarantined["MedHouseVal"]), str(blanked))
    problems = (corrupt.xcoms.get("quarantine_data") or {}).get("problems", [])
    check("the quarantine report names the column, count and first row", problems == ["MedInc: 5 missing values (first at row %d)." % (min(reference["corruptRows"]) + 1)], str(problems))
    check("nothing is triggered by a quarantine", triggered_by(dags, corrupt.events) == [], str(triggered_by(dags, corrupt.events)))

    # 8. The MLP honours batch_size and stops on the validation split.
    mlp = run(dags, "ml_consumer", {"model": "mlp", "epochs": 3, "batch_size": 512})
    states_are(mlp, {"check_drift": "success", "train": "success", "predict": "success", "save_predictions": "success"}, "ml_consumer model=mlp")
    mlp_trained = mlp.xcoms.get("train") or {}
    record = consumer_module._load_model(mlp_trained.get("modelId", "?")) if mlp_trained else None
    check("…with batch_size 512 and at most 3 epochs", record is not None and record["model"].batch_size == 512 and 1 <= mlp_trained.get("epochsRun", 0) <= 3, str(mlp_trained.get("epochsRun")))
    check("…its validation losses are the validation split's", record is not None and len(record["history"]) == mlp_trained.get("epochsRun") and all(h["validationLoss"] > 0 for h in record["history"]))
    check("…and it learns (test R2 %.3f > 0.6)" % mlp_trained.get("testR2", math.nan), mlp_trained.get("testR2", 0) > 0.6)
    check("check_drift compares with the previous model", (mlp.xcoms.get("check_drift") or {}).get("status") in ("ok", "drift"), str((mlp.xcoms.get("check_drift") or {}).get("status")))

    # 9. The fan-out demo: 1,000 tasks, each sleeping sleep_ms.
    fan = run(dags, "demo_fan_1000", {"sleep_ms": 1})
    sleeps = [value for task_id, value in fan.xcoms.items() if task_id.startswith("sleep_")]
    check("demo_fan_1000: 1,000 tasks succeed", len(fan.states) == 1000 and set(fan.states.values()) == {"success"})
    check("…each sleep honours sleep_ms=1", len(sleeps) == 998 and all(s == {"sleptMs": 1} for s in sleeps))
    check("…in seconds (%.1f s)" % fan.seconds, fan.seconds < 30)
    check("its default sleep_ms is the playground's 20 ms", dags["demo_fan_1000"][0].params["sleep_ms"].default == 20)

    return summary(started)


def summary(started):
    seconds = time.perf_counter() - started
    print("%d check(s) failed in %.1f s" % (len(FAILURES), seconds) if FAILURES else "All checks passed in %.1f s." % seconds)
    return 1 if FAILURES else 0


def reference_features():
    return ["MedInc", "HouseAge", "AveRooms", "AveBedrms", "Population", "AveOccup", "Latitude", "Longitude"]


def read_asset_csv(data_dir, uri):
    import pandas as pd

    name = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in uri) + ".csv"
    path = os.path.join(data_dir, "assets", name)
    if not check("%s was written" % uri, os.path.exists(path), path):
        return None
    return {column: values.tolist() for column, values in pd.read_csv(path).items()}


if __name__ == "__main__":
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(main(sys.argv[1], sys.argv[2]))
