"""airflow.models: only its param module exists in the stand-in."""
