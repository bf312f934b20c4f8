"""airflow.utils: only its trigger_rule module exists in the stand-in."""
