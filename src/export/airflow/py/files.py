# ---- Where data lives ------------------------------------------------------------------------------------------------
# The playground keeps asset versions and task outputs in IndexedDB as typed-array columns and records an asset event
# in the same transaction as the version; here they are CSV files under DATA_DIR (on a cluster: shared storage), and
# Airflow records the asset event when the task that has the asset as an outlet succeeds.
def _safe_name(text):
    return "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in str(text))


def _ensure_dir(path):
    os.makedirs(path, exist_ok=True)
    return path


def _run_file(context, name):
    """A task output for the downstream tasks of the same run (the playground keeps these in IndexedDB)."""
    folder = os.path.join(DATA_DIR, "runs", _safe_name(context["dag"].dag_id), _safe_name(context["run_id"]))
    return os.path.join(_ensure_dir(folder), name)


def _asset_file(asset):
    return os.path.join(_ensure_dir(os.path.join(DATA_DIR, "assets")), _safe_name(asset.uri) + ".csv")


def _write_asset(asset, frame, extra=None):
    """Writes the asset's new version, and beside it the extra the playground records in its asset event."""
    path = _asset_file(asset)
    frame.to_csv(path + ".tmp", index=False)
    os.replace(path + ".tmp", path)  # readers never see half a file
    with open(path + ".event.json", "w", encoding="utf-8") as out:
        json.dump({"version": _asset_version(asset), "extra": extra or {}}, out, indent=2)
    return path


def _read_asset(asset, dtype=None):
    import pandas as pd

    path = _asset_file(asset)
    if not os.path.exists(path):
        raise FileNotFoundError("No version of %s is stored yet (%s): run the Dag that updates it first." % (asset.uri, path))
    return pd.read_csv(path, dtype=dtype)


def _asset_version(asset):
    """A content hash of the asset's newest file: which version a model was trained on, as the playground records it."""
    import hashlib

    with open(_asset_file(asset), "rb") as data:
        return "sha256:" + hashlib.sha256(data.read()).hexdigest()[:16]


def _asset_extra(asset):
    """The extra written with the asset's newest version ({} when there is none)."""
    path = _asset_file(asset) + ".event.json"
    if not os.path.exists(path):
        return {}
    with open(path, encoding="utf-8") as event:
        return json.load(event).get("extra", {})
