"""airflow.sdk (Airflow 3): the names the playground's export imports, and no others."""
from airflow._assets import Asset, AssetAll, AssetAny
from airflow._dag import Param, TriggerRule
from airflow._dag import dag_airflow3 as dag
from airflow._dag import task_airflow3 as task

__all__ = ["Asset", "AssetAll", "AssetAny", "Param", "TriggerRule", "dag", "task"]
