"""airflow.models.param (Airflow 2.9-2.10)."""
from airflow._dag import Param

__all__ = ["Param"]
