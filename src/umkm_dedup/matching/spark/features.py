"""Records -> features on Spark: matching/prepare.py's `prepare`, the very function the local
engine calls, run on each partition (it works record by record). Text comes back as strings,
the content fingerprint as the int64 with the same bits."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..prepare import compact, prepare

#: the record columns prepare() reads
RECORD_COLUMNS = ("source_file", "sheet", "nik", "nik_flag", "kk", "other_id", "name", "birth_date", "sex",
                  "business_name", "address", "rt_rw", "village", "district", "regency", "phone")
POS = "_pos"


def _plain(feats: pd.DataFrame) -> pd.DataFrame:
    """prepare()'s categoricals as strings, its uint64 fingerprint as int64 (Spark has no uint64)."""
    out = {}
    for col in feats.columns:
        s = feats[col]
        if col == "fingerprint":
            out[col] = s.to_numpy(np.uint64).view(np.int64)
        elif s.dtype == bool:
            out[col] = s.to_numpy(bool)
        else:
            out[col] = s.astype(object).to_numpy(dtype=object)
    return pd.DataFrame(out, index=feats.index)


def feature_schema(sample: pd.DataFrame):
    """The Spark schema of prepare()'s output, read off a few records."""
    from pyspark.sql.types import BooleanType, LongType, StringType, StructField, StructType

    plain = _plain(prepare(sample))
    fields = [StructField(POS, LongType(), False)]
    for col in plain.columns:
        kind = LongType() if col == "fingerprint" else BooleanType() if plain[col].dtype == bool else StringType()
        fields.append(StructField(col, kind, True))
    return StructType(fields)


#: whether the record's NIK is some record's KK number (prepare() asks this of the whole table:
#: a KK typed into the NIK column); computed by a join, handed to each partition
NIK_IS_KK = "_nik_is_kk"


def record_frame(spark, frame: pd.DataFrame, partitions: int):
    """The columns prepare() needs, with each record's position, as a Spark DataFrame."""
    from pyspark.sql import functions as F
    from pyspark.sql.types import LongType, StringType, StructField, StructType

    data = {POS: np.arange(len(frame), dtype=np.int64)}
    for col in RECORD_COLUMNS:
        s = frame[col] if col in frame.columns else pd.Series([""] * len(frame))
        data[col] = s.astype(object).where(s.notna(), None).to_numpy(dtype=object)
    schema = StructType([StructField(POS, LongType(), False)] + [StructField(c, StringType(), True) for c in RECORD_COLUMNS])
    df = spark.createDataFrame(pd.DataFrame(data), schema=schema)
    if df.rdd.getNumPartitions() < partitions:   # Arrow already slices it by the default parallelism
        df = df.repartition(partitions, POS)
    kks = df.where(F.length("kk") == 16).select(F.col("kk").alias("nik")).distinct().withColumn(NIK_IS_KK, F.lit(True))
    return df.join(F.broadcast(kks) if len(frame) < 1_000_000 else kks, "nik", "left").fillna({NIK_IS_KK: False})


def spark_features(records_df, schema):
    """prepare() on every partition."""
    def run(batches):
        for batch in batches:
            if len(batch) == 0:
                continue
            pos = batch[POS].to_numpy()
            # text as the readers give it (pandas' string dtype; a missing cell stays missing)
            records = batch[list(RECORD_COLUMNS)].reset_index(drop=True).astype(str)
            # prepare() knows the whole table's KK numbers from the kk column: rows carrying the
            # KK numbers this partition's NIKs equal stand in for the other partitions' records
            kk_rows = records.loc[batch[NIK_IS_KK].to_numpy(bool), "nik"]
            if len(kk_rows):
                stand_in = pd.DataFrame({c: [""] * len(kk_rows) for c in RECORD_COLUMNS}).astype(str)
                stand_in["kk"] = kk_rows.to_numpy()
                records = pd.concat([records, stand_in], ignore_index=True)
            feats = _plain(prepare(records)).iloc[:len(batch)].reset_index(drop=True)
            feats.insert(0, POS, pos)
            yield feats

    return records_df.mapInPandas(run, schema)


def collect_features(features_df, n: int) -> pd.DataFrame:
    """The features on the driver, in record order, exactly as prepare() gives them locally
    (categoricals, uint64 fingerprint): the report writers and the model read them there."""
    local = features_df.toPandas().sort_values(POS, kind="stable")
    if len(local) != n:
        raise RuntimeError(f"spark returned {len(local)} feature rows for {n} records")
    local = local.drop(columns=[POS]).reset_index(drop=True)
    local["fingerprint"] = local["fingerprint"].to_numpy(np.int64).view(np.uint64)
    for col in local.columns:
        if local[col].dtype == object or str(local[col].dtype) in ("str", "string"):
            local[col] = local[col].fillna("").astype(str)
    return compact(local)
