# ---- California housing: the model, its metrics and its storage (ml/fit.ts, ml/scaler.ts, ml/drift.ts, predict.ts) --
def _fit_scaler(x, rows, features):
    """fitScaler (ml/scaler.ts): mean and population std of the training rows only; a constant feature keeps std 1."""
    import numpy as np

    part = x[rows]
    missing = np.isnan(part).sum(axis=0)
    for name, count in zip(features, missing):
        if count:
            raise ValueError('Feature "%s" has %d missing value(s) among the training rows.' % (name, count))
    std = part.std(axis=0)
    return {"features": list(features), "mean": part.mean(axis=0).tolist(), "std": np.where(std > 1e-12, std, 1.0).tolist(), "clip": CLIP}


def _scaled(x, scaler):
    """scaledMatrix (ml/scaler.ts): standardized with the scaler's statistics, clipped to +-clip."""
    import numpy as np

    z = (x - np.asarray(scaler["mean"])) / np.asarray(scaler["std"])
    return np.clip(z, -scaler["clip"], scaler["clip"])


def _metrics(actual, predicted):
    """regressionMetrics (pipelines/regressionMetrics.ts): RMSE, MAE, R2 (0 for a constant target) and the count."""
    import numpy as np

    actual = np.asarray(actual, dtype="float64")
    error = actual - np.asarray(predicted, dtype="float64")
    sse = float(np.sum(error * error))
    sst = float(np.sum((actual - actual.mean()) ** 2))
    return {
        "rmse": math.sqrt(sse / len(actual)),
        "mae": float(np.mean(np.abs(error))),
        "r2": 0.0 if sst == 0 else 1 - sse / sst,
        "count": int(len(actual)),
    }


def _fit_ols(xs, y):
    """Least squares with an intercept, the closed-form reference (ml/ols.ts solves the same normal equations)."""
    import numpy as np

    design = np.hstack([np.ones((len(xs), 1)), xs])
    beta, _, rank, _ = np.linalg.lstsq(design, y, rcond=None)
    if rank < design.shape[1]:
        raise ValueError("The normal equations are singular: remove duplicate or constant features.")
    return {"intercept": float(beta[0]), "coefficients": beta[1:].tolist()}


def _ols_predict(fit, xs):
    import numpy as np

    return fit["intercept"] + xs @ np.asarray(fit["coefficients"])


def _fit_mlp(xs, y, split, options):
    """fitRegression's MLP (ml/fit.ts): 64 -> 32 ReLU, Adam, `batch_size` rows per step, at most `epochs` passes,
    early stopping on the validation split with the best epoch's weights restored. scikit-learn's MLPRegressor stands
    in for TensorFlow.js: its glorot-uniform start also draws the biases (tfjs starts them at 0) and it shuffles the
    rows with its own generator, so the weights are not the browser's; the procedure is."""
    import copy

    from sklearn.neural_network import MLPRegressor

    net = MLPRegressor(
        hidden_layer_sizes=(64, 32),
        activation="relu",
        solver="adam",
        alpha=0.0,  # tfjs adds no weight penalty
        batch_size=options["batch_size"],
        learning_rate_init=options["learning_rate"],
        shuffle=True,
        random_state=SEED,
    )
    train, validation = split["train"], split["validation"]
    best, best_epoch, best_weights, history, stopped = math.inf, 0, None, [], False
    for epoch in range(1, options["epochs"] + 1):
        net.partial_fit(xs[train], y[train])  # one pass over the training rows in batches
        train_loss = 2 * float(net.loss_)  # scikit-learn's squared loss is half the MSE the browser reports
        validation_loss = float(_metrics(y[validation], net.predict(xs[validation]))["rmse"] ** 2)
        history.append({"epoch": epoch, "trainLoss": train_loss, "validationLoss": validation_loss})
        log.info("epoch %d/%d train loss %.4f validation loss %.4f", epoch, options["epochs"], train_loss, validation_loss)
        if not (math.isfinite(train_loss) and math.isfinite(validation_loss)):
            raise ValueError("Training diverged at epoch %d (loss %s): lower the learning rate." % (epoch, train_loss))
        if validation_loss < best - MIN_DELTA:
            best, best_epoch, best_weights = validation_loss, epoch, copy.deepcopy((net.coefs_, net.intercepts_))
        if epoch - best_epoch >= options["patience"] and epoch < options["epochs"]:
            stopped = True
            break
    if best_weights is not None:
        net.coefs_, net.intercepts_ = best_weights
    return net, history, best_epoch, stopped


def _compare_feature_stats(reference_id, reference, current, features):
    """compareFeatureStats (ml/drift.ts): mean shift in reference standard deviations, and the std ratio."""
    changes = ["%s is gone" % n for n in reference if n not in features] + ["%s is new" % n for n in features if n not in reference]
    compared = []
    for name in features:
        before, after = reference.get(name), current.get(name)
        if not before or not after:
            continue
        scale = before["std"] if before["std"] > 1e-12 else 1.0
        shift = abs(after["mean"] - before["mean"]) / scale
        ratio = after["std"] / before["std"] if before["std"] > 1e-12 else (math.inf if after["std"] > 1e-12 else 1.0)
        drifted = shift > 0.25 or ratio > 1.3 or ratio < 1 / 1.3
        compared.append({"feature": name, "meanShift": shift, "stdRatio": ratio, "drifted": drifted})
    drifted = [f for f in compared if f["drifted"]]
    status = "drift" if drifted or changes else "ok"
    if status == "ok":
        message = "No drift against %s: every feature's mean moved < 0.25 sigma and its spread < x1.3." % reference_id
    else:
        parts = ["%s (mean shift %.2f sigma, std x%.2f)" % (f["feature"], f["meanShift"], f["stdRatio"]) for f in drifted]
        message = "Drift against %s: %s." % (reference_id, "; ".join(parts + changes))
    thresholds = {"meanShift": 0.25, "stdRatio": 1.3}
    return {"status": status, "referenceModelId": reference_id, "thresholds": thresholds, "features": compared, "schemaChanges": changes, "message": message}


# ---- Stored models: the playground keeps them in IndexedDB (ModelRecord); here one pickle each under DATA_DIR --------
def _model_file(model_id):
    return os.path.join(_ensure_dir(os.path.join(DATA_DIR, "models")), _safe_name(model_id) + ".pkl")


def _save_model(record):
    import pickle

    with open(_model_file(record["id"]) + ".tmp", "wb") as out:
        pickle.dump(record, out)
    os.replace(_model_file(record["id"]) + ".tmp", _model_file(record["id"]))


def _stored_models():
    import pickle

    folder = os.path.join(DATA_DIR, "models")
    records = []
    for name in sorted(os.listdir(folder)) if os.path.isdir(folder) else []:
        if name.endswith(".pkl"):
            with open(os.path.join(folder, name), "rb") as data:
                records.append(pickle.load(data))
    return sorted(records, key=lambda r: (r["createdAt"], r["id"]))


def _newest_model():
    records = _stored_models()
    return records[-1] if records else None


def _load_model(model_id):
    """The stored model with exactly this id, or an error that lists the ones there are (the browser fails too)."""
    import pickle

    path = _model_file(model_id)
    if os.path.exists(path):
        with open(path, "rb") as data:
            record = pickle.load(data)
        if record["id"] == model_id:
            return record
    stored = [r["id"] for r in _stored_models()]
    raise ValueError(
        'Model "%s" is not stored. Stored models: %s.' % (model_id, ", ".join(stored) if stored else "none yet (run ml_consumer first)")
    )


def _model_predict(record, xs):
    if record["kind"] == "linear":
        return _ols_predict(record["model"], xs)
    return record["model"].predict(xs)


def _predict_with(context, asset, model_id):
    """predictWith (housing/tasks/predict.ts): the model's own scaler, every row, each row's split."""
    import numpy as np
    import pandas as pd

    record = _load_model(model_id)
    x_all, features, target = _read_features(asset)
    version = _asset_version(asset)
    scaler = record["scaler"]
    missing = [name for name in scaler["features"] if name not in features]
    if missing:
        raise ValueError(
            "Model %s was trained on %s; these data lack %s. Choose a model trained on data with the same columns."
            % (model_id, ", ".join(scaler["features"]), ", ".join(missing))
        )
    columns = [features.index(name) for name in scaler["features"]]
    prediction = np.asarray(_model_predict(record, _scaled(x_all[:, columns], scaler)), dtype="float32")
    same_data = record["trainedOn"] == version and record.get("split") is not None
    if same_data:
        split = _split_rows(len(prediction), record["split"]["seed"])["codes"]
        log.info("Predicted %s rows of %s with %s (%s). Rows keep the train / validation / test split the model was trained with.", _count(len(prediction)), version, model_id, record["kind"])
    else:
        split = [SPLIT_CODES["test"]] * len(prediction)
        log.info("Predicted %s rows of %s with %s (%s). The model was trained on %s: every row here is unseen (split = test).", _count(len(prediction)), version, model_id, record["kind"], record["trainedOn"])
    pd.DataFrame({"prediction": prediction, "split": split}).to_pickle(_run_file(context, "predict.pkl"))
    return {"rows": int(len(prediction)), "modelId": model_id, "versionId": version, "sameData": bool(same_data)}
