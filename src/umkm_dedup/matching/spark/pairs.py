"""The Spark engine's scored pairs stay on the cluster. The driver gets the pairs the report
reads there (MatchResult.pairs): every match and review pair, every pair an officer decided,
and for each record alone in its cluster its strongest pair into another (report/consolidate.py's
confidence that such a record is unique is 1 minus that pair's probability), in the local
engine's order.
`SparkMatchResult.all_pairs` holds the rest: the count, the model's probability summed over the
pairs left in two clusters (matching/diagnostics.py) and the pairs file (pipeline._write_pairs),
sorted on the cluster and streamed a row group at a time; a ledger stage's subset of them
(`subset`) and evaluate's counts (`partials`) are taken there too. On these the report is the
local engine's byte for byte (tests/test_spark.py)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..engine import MatchResult
from ..rules import DECISIONS, RULES


@dataclass
class SparkMatchResult(MatchResult):
    """MatchResult of the Spark engine: `pairs` the pairs the report reads on the driver,
    `all_pairs` every pair (SparkPairs)."""

    all_pairs: "SparkPairs | None" = None


def spark_subset(result: SparkMatchResult, positions: np.ndarray, cluster_id: np.ndarray) -> SparkMatchResult:
    """engine.subset on the Spark engine's result: every pair stays on the cluster (filtered and
    renumbered there), and the driver gets again only the pairs the report reads, chosen with
    the subset's clusters (a record alone among this stage's records may not have been alone
    among all stages'). The combined result's cached pairs are let go: its one caller
    (pipeline._match_with_ledger) keeps only the subset."""
    from dataclasses import fields

    cluster_id = np.asarray(cluster_id, dtype=object)
    assert result.all_pairs is not None
    store = result.all_pairs.subset(positions, cluster_id, release=True)
    values = {f.name: getattr(result, f.name) for f in fields(MatchResult)}
    values.update(records=result.records.iloc[positions].reset_index(drop=True),
                  features=result.features.iloc[positions].reset_index(drop=True),
                  pairs=store.held_pairs(), cluster_id=cluster_id, stats=dict(result.stats))
    return SparkMatchResult(**values, all_pairs=store)


def pairs_frame(chunk: pd.DataFrame, comps: list[str]) -> pd.DataFrame:
    """A Spark batch of report columns as engine.finish's pairs frame (dtypes, categories)."""
    columns: dict = {"left": chunk["left"].to_numpy(np.int64), "right": chunk["right"].to_numpy(np.int64)}
    for c in comps:
        columns[f"{c}_level"] = chunk[f"{c}_level"].to_numpy(np.int8)
        columns[f"{c}_bits"] = chunk[f"{c}_bits"].to_numpy(np.float32)
    columns["weight"] = chunk["weight"].to_numpy(np.float32)
    columns["probability"] = chunk["probability"].to_numpy(np.float32)
    columns["decision"] = pd.Categorical.from_codes(chunk["decision"].to_numpy(np.int8), categories=list(DECISIONS))
    columns["rule"] = pd.Categorical.from_codes(chunk["rule"].to_numpy(np.int8), categories=list(RULES))
    columns["model_decision"] = pd.Categorical.from_codes(chunk["model_decision"].to_numpy(np.int8),
                                                          categories=list(DECISIONS))
    columns["model_probability"] = chunk["model_probability"].to_numpy(np.float32)
    return pd.DataFrame(columns, copy=False)


def local_order(chunk: pd.DataFrame) -> np.ndarray:
    """The local engine's order: the blocked pairs by (left, right), then the pairs only an
    officer's decision brought, in the order they were applied (`extra`)."""
    extra = chunk["extra"].to_numpy(np.int64)
    return np.lexsort((chunk["right"].to_numpy(np.int64), chunk["left"].to_numpy(np.int64), extra, extra >= 0))


class SparkPairs:
    """Every scored pair of a Spark run, as a persisted DataFrame of report columns
    (decide.report_pairs_on_spark), with what the report needs of all of them."""

    def __init__(self, spark, report_df, total: int, comps: list[str], cluster_codes: np.ndarray,
                 apart_sum: float):
        self.spark, self.df, self.total, self.comps = spark, report_df, int(total), list(comps)
        self._codes, self._apart = cluster_codes, float(apart_sum)
        self.template = pairs_frame(pd.DataFrame({c: np.empty(0, np.int64) for c in report_df.columns}), comps)

    def __len__(self) -> int:
        return self.total

    def held_pairs(self, lap=None) -> pd.DataFrame:
        """The pairs the report reads in memory, brought here in the local engine's order: match
        and review pairs, those an officer decided, and for each record alone in its cluster its
        strongest pair into another cluster (only read for such a record: consolidate's
        confidence that it is unique). `lap(name)`: the engine's phase clock."""
        from pyspark.sql import functions as F

        codes = self._codes
        apart = self.df.where(F.col("across"))
        ends = apart.select(F.col("left").alias("rec"), "probability").unionByName(
            apart.select(F.col("right").alias("rec"), "probability"))
        best_rows = ends.groupBy("rec").agg(F.max("probability").alias("best")).toPandas()
        best = np.full(len(codes), -np.inf, np.float32)
        best[best_rows["rec"].to_numpy(np.int64)] = best_rows["best"].to_numpy(np.float32)
        best[np.bincount(codes)[codes] > 1] = -np.inf
        best_bc = self.spark.sparkContext.broadcast(best)
        if lap is not None:
            lap("best_per_record")

        def wanted_here(batches):
            top = best_bc.value
            for b in batches:
                p = b["probability"].to_numpy(np.float32)
                lt, rt = top[b["left"].to_numpy(np.int64)], top[b["right"].to_numpy(np.int64)]
                keep = ((b["decision"].to_numpy() != 2) | b["officer"].to_numpy(bool)
                        | b["across"].to_numpy(bool) & ((p == lt) | (p == rt)))
                yield b[keep]

        here = self.df.mapInPandas(wanted_here, self.df.schema).toPandas()
        here = here.iloc[local_order(here)].reset_index(drop=True)
        best_bc.unpersist()
        return pairs_frame(here, self.comps)

    def subset(self, positions: np.ndarray, cluster_id: np.ndarray, release: bool = False) -> "SparkPairs":
        """The pairs whose two records are both among `positions` (ascending), renumbered to
        their place there, with `across` from the new `cluster_id`: engine.subset's pairs, kept
        on the cluster (a ledger stage's records, matched together with the earlier stages').
        `release`: the parent's cached pairs are let go once the subset's are cached."""
        from pyspark.sql import functions as F

        positions = np.asarray(positions, np.int64)
        if len(positions) > 1 and not (np.diff(positions) > 0).all():
            raise ValueError("subset positions must be ascending")
        new_pos = np.full(len(self._codes), -1, np.int64)
        new_pos[positions] = np.arange(len(positions))
        codes = pd.factorize(np.asarray(cluster_id, dtype=object))[0].astype(np.int64)
        bc = self.spark.sparkContext.broadcast((new_pos, codes))
        order = list(self.df.columns)

        def run(batches):
            where, code = bc.value
            for b in batches:
                a, c = where[b["left"].to_numpy(np.int64)], where[b["right"].to_numpy(np.int64)]
                inside = (a >= 0) & (c >= 0)
                b = b[inside].assign(left=a[inside], right=c[inside])
                b["across"] = code[b["left"].to_numpy(np.int64)] != code[b["right"].to_numpy(np.int64)]
                yield b[order]

        df = self.df.mapInPandas(run, self.df.schema).persist()
        got = df.agg(F.count("*").alias("pairs"),
                     F.sum(F.when(F.col("across"), F.col("model_probability").cast("double"))).alias("apart")
                     ).collect()[0]
        if release:
            self.df.unpersist()
        bc.unpersist()
        return SparkPairs(self.spark, df, int(got["pairs"]), self.comps, codes, float(got["apart"] or 0.0))

    def partials(self, fn, combine, shared: tuple = ()):
        """fn(pairs frame, *shared) per Arrow batch on the executors (`shared`: arrays per record,
        broadcast once), the partition's results folded there by combine(a, b) and the
        partitions' folded here: what reads every pair (evaluate's counts) without bringing them
        over. fn's result is pickled: keep it small. None when there are no pairs."""
        import pickle

        comps = self.comps
        bc = self.spark.sparkContext.broadcast(tuple(shared))

        def run(batches):
            acc = None
            values = bc.value
            for b in batches:
                if len(b):
                    got = fn(pairs_frame(b, comps), *values)
                    acc = got if acc is None else combine(acc, got)
            if acc is not None:
                yield pd.DataFrame({"part": [pickle.dumps(acc)]})

        out = None
        # collect, not toLocalIterator (which runs one partition at a time): a small row each
        for row in self.df.mapInPandas(run, "part binary").collect():
            got = pickle.loads(row["part"])
            out = got if out is None else combine(out, got)
        bc.unpersist()
        return out

    def apart_probability(self, codes: np.ndarray) -> float:
        """The model's probability summed over the pairs whose records have two codes."""
        codes = np.asarray(codes)
        if np.array_equal(pd.factorize(codes)[0], pd.factorize(self._codes)[0]):
            return self._apart
        from pyspark.sql import functions as F

        bc = self.spark.sparkContext.broadcast(codes.astype(np.int64))

        def run(batches):
            c = bc.value
            for b in batches:
                apart = c[b["left"].to_numpy(np.int64)] != c[b["right"].to_numpy(np.int64)]
                yield pd.DataFrame({"p": b["model_probability"].to_numpy(np.float64)[apart]})

        got = (self.df.select("left", "right", "model_probability").mapInPandas(run, "p double")
               .agg(F.sum("p")).collect()[0][0])
        bc.unpersist()
        return float(got or 0.0)

    def ordered_chunks(self, position: np.ndarray, rows: int):
        """(frame, positions) per row group of the pairs file, in pipeline._pair_order's order
        (score descending, then the records' provenance positions), sorted on the cluster and
        brought over one Arrow batch at a time: never all pairs at once here."""
        import pyarrow as pa
        from pyspark.sql import functions as F

        bc = self.spark.sparkContext.broadcast(np.asarray(position, np.int64))
        keep = [c for c in self.df.columns if c not in ("officer", "extra", "score", "across")]

        def keys(batches):
            pos = bc.value
            for b in batches:
                a, c = pos[b["left"].to_numpy(np.int64)], pos[b["right"].to_numpy(np.int64)]
                b = b[keep + ["score"]].copy()
                b["lo"], b["hi"] = np.minimum(a, c), np.maximum(a, c)
                yield b

        schema = self.df.select(*keep, "score").schema.add("lo", "long", False).add("hi", "long", False)
        ordered = (self.df.mapInPandas(keys, schema).orderBy(F.desc("score"), F.asc("lo"), F.asc("hi"))
                   .select(*keep))

        def to_ipc(batches):   # one row per Arrow batch: toLocalIterator then moves few, large rows
            for batch in batches:
                sink = pa.BufferOutputStream()
                with pa.ipc.new_stream(sink, batch.schema) as writer:
                    writer.write_batch(batch)
                yield pa.RecordBatch.from_pydict({"ipc": [sink.getvalue().to_pybytes()]})

        pending: list = []
        held = 0
        template = self.df.select(*keep).schema
        sent = 0
        for row in ordered.mapInArrow(to_ipc, "ipc binary").toLocalIterator(prefetchPartitions=True):
            table = pa.ipc.open_stream(row["ipc"]).read_all()
            pending.append(table)
            held += table.num_rows
            while held >= rows:
                whole = pa.concat_tables(pending)
                yield self._chunk(whole.slice(0, rows))
                sent += rows
                rest = whole.slice(rows)
                pending, held = [rest], rest.num_rows
        if held or not sent:
            whole = pa.concat_tables(pending) if pending else pa.table(
                {f.name: pa.array([], type=pa.int64()) for f in template.fields})
            yield self._chunk(whole)
        bc.unpersist()

    def _chunk(self, table) -> tuple[pd.DataFrame, np.ndarray]:
        frame = pairs_frame(table.to_pandas(), self.comps)
        return frame, np.arange(len(frame))

    def materialised(self, result: MatchResult) -> MatchResult:
        """The same result with every pair collected here in the local engine's order: for the
        tests that compare every pair with the local engine's (nothing in a run calls it)."""
        from dataclasses import fields

        every = self.df.toPandas()
        every = every.iloc[local_order(every)].reset_index(drop=True)
        values = {f.name: getattr(result, f.name) for f in fields(MatchResult)}
        values["pairs"] = pairs_frame(every, self.comps)
        return MatchResult(**values)
