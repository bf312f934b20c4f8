"""airflow.datasets (Airflow 2.9-2.10)."""
from airflow._assets import Dataset, DatasetAll, DatasetAny

__all__ = ["Dataset", "DatasetAll", "DatasetAny"]
