"""airflow.utils.trigger_rule (Airflow 2.9-2.10)."""
from airflow._dag import TriggerRule

__all__ = ["TriggerRule"]
