# ---- California housing: the playground's task code in pandas, NumPy and scikit-learn -------------------------------
# The browser runs these steps in Web Workers with danfojs and TensorFlow.js (src/pipelines/housing/tasks,
# src/pipelines/ml); each function below names the one it follows. Where the two differ, a comment says how.
FEATURES = ["MedInc", "HouseAge", "AveRooms", "AveBedrms", "Population", "AveOccup", "Latitude", "Longitude"]
TARGET = "MedHouseVal"
HOUSING_ROWS = 20640
# Plausible ranges of the 1990 census block groups (pipelines/dataQuality.ts): outside them a row is suspect.
HOUSING_RANGES = {
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
MIN_HOUSING_ROWS = 1000
MIN_OTHER_ROWS = 20
# Scaled features are clipped to +-5 standard deviations, with statistics of the training rows only
# (TRAINING_DEFAULTS.clip): a few block groups have extreme averages (AveOccup above 1,000).
CLIP = 5.0
# Improvements of the validation loss smaller than this do not count (ml/fit.ts MIN_DELTA).
MIN_DELTA = 1e-5
# The housing CSV: `npm run export:airflow` writes it beside the exported modules; the playground serves the same file.
HOUSING_CSV = os.environ.get(
    "PLAYGROUND_HOUSING_CSV", os.path.join(os.path.dirname(os.path.abspath(__file__)), "california_housing.csv")
)


def _count(n):
    return "{:,}".format(int(n))


def _js_number(value):
    """A number as JavaScript prints it in a message: 50000, 42.1, -124.5."""
    value = float(value)
    return str(int(value)) if value.is_integer() else repr(value)


def _load_source(source):
    """extract's rows as float64 columns, features first and the target last, and what param `source` named."""
    import pandas as pd

    if source is None or source == "housing":
        if not os.path.exists(HOUSING_CSV):
            raise FileNotFoundError(
                "The California housing CSV is not at %s. `npm run export:airflow` writes california_housing.csv beside "
                "the modules (the playground serves it at data/california_housing.csv): put it there or set "
                "PLAYGROUND_HOUSING_CSV to its path." % HOUSING_CSV
            )
        frame = pd.read_csv(HOUSING_CSV)
        missing = [name for name in FEATURES + [TARGET] if name not in frame.columns]
        if missing:
            raise ValueError("%s lacks column(s) %s." % (HOUSING_CSV, ", ".join(missing)))
        frame = frame[FEATURES + [TARGET]].astype("float64")
        if len(frame) != HOUSING_ROWS:
            log.warning("Expected %s rows for California housing, read %s.", _count(HOUSING_ROWS), _count(len(frame)))
        return frame, "housing"
    if isinstance(source, str) and source.startswith("uploaded_csv@"):
        # The browser reads an upload from IndexedDB; Airflow cannot reach the browser's storage.
        raise ValueError(
            "Param source %r names a CSV uploaded to the playground, which stays in the browser. Download it there and "
            "pass the file's path as source (features first, the target last)." % source
        )
    if isinstance(source, str) and os.path.isfile(source):
        # Export only: a CSV file laid out as the playground maps uploads, features first and the target last.
        return pd.read_csv(source).astype("float64"), source
    raise ValueError('Param "source" must be "housing" or the path of a CSV file, got %r.' % (source,))


def _quality_report(frame, min_rows):
    """checkDataQuality (pipelines/dataQuality.ts): schema, types, missing values, ranges, rows, variance."""
    import numpy as np

    checks, problems = [], []

    def check(name, detail, found):
        checks.append({"name": name, "passed": not found, "detail": detail})
        problems.extend(found)

    names = [str(name) for name in frame.columns]
    schema = []
    if len(names) < 2:
        schema.append("The table has %d column(s): it needs at least one feature and a target (the last column)." % len(names))
    features = names[:-1] if len(names) >= 2 else []
    target = names[-1] if len(names) >= 2 else None
    check("schema", "%d feature(s) and the target %s" % (len(features), target) if target else "no target", schema)

    usable = [name for name in names if frame[name].dtype.kind in "fi"]
    types = ["%s: not a column of numbers." % name for name in names if name not in usable]
    check("types", "%d numeric column(s) of %s rows" % (len(usable), _count(len(frame))), types)

    housing = bool(usable) and all(name in HOUSING_RANGES for name in usable)
    missing_found, range_found = [], []
    for name in usable:
        values = frame[name].to_numpy(dtype="float64")
        nan = np.isnan(values)
        infinite = np.isinf(values)
        if nan.any():
            missing_found.append("%s: %s missing values (first at row %d)." % (name, _count(nan.sum()), int(np.argmax(nan)) + 1))
        if infinite.any():
            missing_found.append("%s: %s infinite values (first at row %d)." % (name, _count(infinite.sum()), int(np.argmax(infinite)) + 1))
        if housing:
            low, high = HOUSING_RANGES[name]
            with np.errstate(invalid="ignore"):
                outside = np.isfinite(values) & ((values < low) | (values > high))
            if outside.any():
                range_found.append(
                    "%s: %s values outside [%s, %s] (first at row %d)."
                    % (name, _count(outside.sum()), _js_number(low), _js_number(high), int(np.argmax(outside)) + 1)
                )
    check("missing", "no missing or infinite values", missing_found)
    ranges_detail = "%d housing column(s) within their plausible ranges" % len(usable) if housing else "no known ranges for these columns"
    check("ranges", ranges_detail, range_found)
    check(
        "rows",
        "%s rows, at least %s expected" % (_count(len(frame)), _count(min_rows)),
        ["Only %s rows; at least %s expected." % (_count(len(frame)), _count(min_rows))] if len(frame) < min_rows else [],
    )
    constant = []
    if len(frame) >= 2:
        for name in usable:
            present = frame[name].dropna()
            if len(present) > 0 and present.nunique() == 1:
                what = "there is nothing to predict" if name == target else "it cannot be standardized"
                constant.append("%s: the same value (%s) in every row; %s." % (name, _js_number(present.iloc[0]), what))
    check("variance", "every column varies", constant)
    return {"passed": not problems, "rowCount": int(len(frame)), "features": features, "target": target, "checks": checks, "problems": problems}


def _report_lines(report):
    return [("\u2713 " if c["passed"] else "\u2717 ") + c["name"] + ": " + c["detail"] for c in report["checks"]]


def _column_stats(frame):
    """Per column: count, missing, mean, sample std, min and max (what featurize records from danfojs)."""
    stats = {}
    for name in frame.columns:
        column = frame[name]
        stats[str(name)] = {
            "count": int(column.count()),
            "missing": int(column.isna().sum()),
            "mean": float(column.mean()),
            "std": float(column.std()),
            "min": float(column.min()),
            "max": float(column.max()),
        }
    return stats


def _feature_stats(asset, features):
    """Per feature, the statistics featurize recorded with the asset's version (else computed from its rows)."""
    stats = _asset_extra(asset).get("featureStats") or _column_stats(_read_asset(asset))
    return {name: stats[name] for name in features if name in stats}


def _read_features(asset):
    """built_features as float64 arrays of the float32 values the browser trains on, plus column names."""
    frame = _read_asset(asset, dtype="float32")
    names = [str(name) for name in frame.columns]
    if len(names) < 2:
        raise ValueError("A table for training needs at least one feature and a target; it has %d column(s)." % len(names))
    return frame.to_numpy(dtype="float64"), names[:-1], names[-1]
