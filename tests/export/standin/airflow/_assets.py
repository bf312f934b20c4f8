"""Assets (Airflow 3) and datasets (Airflow 2) as Airflow validates and normalizes them, for the stand-in.

`sanitize_uri` follows Airflow's `_sanitize_uri` (airflow.sdk.definitions.asset in 3.x, airflow.datasets in 2.9-2.10)
line by line, with the real `urllib.parse`; no provider is installed here, so only `file` has a (no-op) normalizer.
Non-ASCII text is refused as Airflow 2.x and 3.0 refuse it (3.1+ refuses it on a MySQL metadata database only).
"""
from __future__ import annotations

import urllib.parse
import warnings


def sanitize_uri(uri, kind):
    if not isinstance(uri, str):
        raise ValueError("%s URI must be a string" % kind)
    if not uri:
        raise ValueError("%s URI cannot be empty" % kind)
    if uri.isspace():
        raise ValueError("%s URI cannot be just whitespace" % kind)
    if not uri.isascii():
        raise ValueError("%s URI must only consist of ASCII characters" % kind)
    parsed = urllib.parse.urlsplit(uri)
    if not parsed.scheme and not parsed.netloc:  # Does not look like a URI.
        return uri
    normalized_scheme = parsed.scheme.lower()
    if not normalized_scheme:
        return uri
    if normalized_scheme.startswith("x-"):
        return uri
    if normalized_scheme == "airflow":
        raise ValueError("%s scheme 'airflow' is reserved" % kind)
    _, auth_exists, normalized_netloc = parsed.netloc.rpartition("@")
    if auth_exists:
        warnings.warn("%s URI should not contain auth info; it has been dropped." % kind, UserWarning, stacklevel=3)
    if parsed.query:
        normalized_query = urllib.parse.urlencode(sorted(urllib.parse.parse_qsl(parsed.query)))
    else:
        normalized_query = ""
    parsed = parsed._replace(
        scheme=normalized_scheme,
        netloc=normalized_netloc,
        path=parsed.path.rstrip("/") or "/",
        query=normalized_query,
        fragment="",
    )
    return urllib.parse.urlunsplit(parsed)


def validate_identifier(value, kind, field, limit):
    if not isinstance(value, str):
        raise ValueError("%s %s must be a string" % (kind, field))
    if len(value) > limit:
        raise ValueError("%s %s cannot exceed %d characters" % (kind, field, limit))
    if value.isspace():
        raise ValueError("%s %s cannot be just whitespace" % (kind, field))
    if not value.isascii():
        raise ValueError("%s %s must only consist of ASCII characters" % (kind, field))
    if not value:
        raise ValueError("%s %s cannot be empty" % (kind, field))
    return value


class BaseAsset:
    """What `schedule=` accepts: one asset, or `&` / `|` of them."""

    def __and__(self, other):
        if not isinstance(other, BaseAsset):
            return NotImplemented
        return AssetAll(self, other)

    def __or__(self, other):
        if not isinstance(other, BaseAsset):
            return NotImplemented
        return AssetAny(self, other)

    def __bool__(self):
        return True


class _Condition(BaseAsset):
    def __init__(self, *objects):
        if not objects or not all(isinstance(o, BaseAsset) for o in objects):
            raise TypeError("%s takes assets or asset conditions only" % type(self).__name__)
        self.objects = list(objects)

    def keys(self):
        return {key for o in self.objects for key in o.keys()}


class AssetAll(_Condition):
    def evaluate(self, updated):
        return all(o.evaluate(updated) for o in self.objects)


class AssetAny(_Condition):
    def evaluate(self, updated):
        return any(o.evaluate(updated) for o in self.objects)


class Asset(BaseAsset):
    """airflow.sdk.Asset: a name and a URI; either alone stands for both, as in Airflow 3."""

    kind = "Asset"

    def __init__(self, name=None, uri=None, *, group=None, extra=None):
        if name is None and uri is None:
            raise TypeError("Asset() requires either 'name' or 'uri'")
        if name is None:
            name = str(uri)
        elif uri is None:
            uri = name
        self.uri = validate_identifier(sanitize_uri(uri, "Asset"), "Asset", "uri", 1500)
        self.name = validate_identifier(name, "Asset", "name", 1500)
        if self.name in ("self", "context"):
            raise ValueError("prohibited name for asset: %s" % self.name)
        self.group = validate_identifier(group if group is not None else "asset", "Asset", "group", 1500)
        self.extra = dict(extra or {})

    def keys(self):
        return {(self.name, self.uri)}

    def evaluate(self, updated):
        return (self.name, self.uri) in updated

    def __eq__(self, other):
        return isinstance(other, Asset) and (self.name, self.uri) == (other.name, other.uri)

    def __hash__(self):
        return hash((self.name, self.uri))

    def __repr__(self):
        return "Asset(name=%r, uri=%r)" % (self.name, self.uri)


class Dataset(BaseAsset):
    """airflow.datasets.Dataset (Airflow 2.9-2.10): a URI (at most 3000 characters) and extra."""

    kind = "Dataset"

    def __init__(self, uri, extra=None):
        self.uri = sanitize_uri(uri, "Dataset")
        if len(self.uri) > 3000:
            raise ValueError("Dataset URI cannot exceed 3000 characters")
        self.extra = dict(extra or {})

    @property
    def name(self):
        return self.uri

    def keys(self):
        return {(self.uri, self.uri)}

    def evaluate(self, updated):
        return (self.uri, self.uri) in updated

    def __eq__(self, other):
        return isinstance(other, Dataset) and self.uri == other.uri

    def __hash__(self):
        return hash(self.uri)

    def __repr__(self):
        return "Dataset(%r)" % self.uri


DatasetAll = AssetAll
DatasetAny = AssetAny
