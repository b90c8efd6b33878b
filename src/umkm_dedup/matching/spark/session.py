"""The SparkSession: a local[2] one by default, or a cluster's master with the user's settings.
PySpark and Java are optional: their absence is an error in the user's language, not a traceback."""

from __future__ import annotations

import os
import shutil
import sys

from ...core.errors import ConfigError

#: what a local run needs; --spark-conf overrides any of them
LOCAL_DEFAULTS = {
    "spark.sql.shuffle.partitions": "4",          # 200 (Spark's default) is for clusters: tiny tasks here
    "spark.default.parallelism": "4",
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
    "spark.sql.execution.arrow.pyspark.enabled": "true",
    "spark.sql.execution.arrow.maxRecordsPerBatch": "20000",
    "spark.driver.memory": "2g",
}
DEFAULT_MASTER = "local[2]"


def parse_conf(items: list[str] | None) -> dict[str, str]:
    """--spark-conf KEY=VALUE, repeatable."""
    out = {}
    for item in items or []:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise ConfigError(f"--spark-conf needs KEY=VALUE, not {item!r}", key="spark_conf_bad",
                              hint="e.g. --spark-conf spark.executor.memory=8g", params={"item": item})
        out[key.strip()] = value.strip()
    return out


def require_spark() -> None:
    """PySpark installed and a Java runtime reachable, or a ConfigError saying how to get them."""
    try:
        import pyspark  # noqa: F401
    except ImportError:
        raise ConfigError("the spark engine needs PySpark", key="spark_missing",
                          hint="pip install 'umkm-dedup[spark]', or use --engine local") from None
    java_home = os.environ.get("JAVA_HOME")
    if not (java_home and os.path.exists(os.path.join(java_home, "bin", "java"))) and not shutil.which("java"):
        raise ConfigError("the spark engine needs Java 17 (no java found)", key="java_missing",
                          hint="install Java 17 (e.g. apt-get install openjdk-17-jre-headless) or set "
                               "JAVA_HOME, or use --engine local")


def get_session(master: str | None = None, conf: dict[str, str] | None = None):
    """A SparkSession for `master` (local[2] when not given). An active session is reused as it is:
    a notebook's or a test's (its settings were chosen by whoever started it)."""
    require_spark()
    from pyspark.sql import SparkSession

    active = SparkSession.getActiveSession()
    if active is not None and master is None and not conf:
        return active
    # the workers run this interpreter (its venv has pandas, pyarrow, rapidfuzz and this package)
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    builder = SparkSession.builder.master(master or DEFAULT_MASTER).appName("umkm-dedup")
    settings = dict(LOCAL_DEFAULTS) if (master or DEFAULT_MASTER).startswith("local") else {}
    settings.update(conf or {})
    for key, value in settings.items():
        builder = builder.config(key, value)
    try:
        spark = builder.getOrCreate()
    except Exception as exc:  # the JVM did not start: say so in one line
        raise ConfigError(f"Spark could not start: {str(exc).splitlines()[0][:200]}", key="spark_start",
                          params={"why": str(exc).splitlines()[0][:200]},
                          hint="check --spark-master and Java 17, or use --engine local") from None
    spark.sparkContext.setLogLevel("ERROR")
    return spark
