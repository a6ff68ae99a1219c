"""An example Airflow DAG, not run here: one task per pipeline of a Meltano project, each calling `singer-run run`.

Airflow schedules and retries; singer-run runs the pipeline and keeps its state (the backend's lock refuses a second
run of the same pipeline, so an overlapping retry fails at once instead of loading twice). The pipelines are listed
here rather than read from meltano.yml so the DAG file parses without the project at hand.
"""

from datetime import datetime, timedelta

from airflow import DAG
from airflow.operators.bash import BashOperator

PROJECT = "/opt/singer/meltano.yml"
STATE_BACKEND = "s3://singer-state/prod"
PIPELINES = [  # (extractor, loader) pairs of the project's jobs
    ("tap-mysql", "target-postgres"),
    ("tap-rest", "target-postgres"),
]

with DAG(
    dag_id="singer_run",
    schedule="@hourly",
    start_date=datetime(2026, 1, 1),
    catchup=False,
    max_active_runs=1,
    default_args={"retries": 2, "retry_delay": timedelta(minutes=5)},
) as dag:
    for extractor, loader in PIPELINES:
        BashOperator(
            task_id=f"{extractor}-to-{loader}".replace("-", "_"),
            bash_command=(
                f"singer-run run {extractor} {loader} --project {PROJECT} "
                f"--state-backend {STATE_BACKEND} --progress log"
            ),
            # Secrets come from the worker's environment (TAP_MYSQL_PASSWORD, ...), never from the command line.
            append_env=True,
        )
