"""The matching engine on Apache Spark: the same definitions as the local engine (blocking-key
specs, features, comparison levels, model, rules, clustering guard), with the work that grows with
the data (features, blocking joins, comparisons, level counts, connected components) on a cluster.

Imported only when `engine="spark"` is asked for: the local engine never loads pyspark."""

from .engine import deduplicate_spark

__all__ = ["deduplicate_spark"]
