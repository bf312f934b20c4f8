"""airflow.decorators (Airflow 2.9-2.10): dag and task."""
from airflow._dag import dag_airflow2 as dag
from airflow._dag import task_airflow2 as task

__all__ = ["dag", "task"]
