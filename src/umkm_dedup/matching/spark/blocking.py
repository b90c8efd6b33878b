"""Candidate pairs on Spark: every blocking key of matching/blocking.py (its KEY_COLUMNS and
DELETION_KEYS specs) as rows (key, pass, block value, slot, record), a join per block, the
block-size cap of the local engine, salting of large blocks, and pairs made distinct across keys.

A "slot" is one occurrence of a record in a block: a deletion neighbourhood gives a record several
(nik_one_edit: the NIK with digit p deleted and with digit p+1 deleted share one pass), and block
sizes count slots, as the local engine does. Never sharded by the NIK's province digits: a NIK
keeps the region where it was first issued, and people move."""

from __future__ import annotations

from ..blocking import DELETION_KEYS, KEY_COLUMNS, NIK_EDIT_POSITIONS, BlockingStats
from .features import POS

SEP = "\x1f"
#: blocks with more slots than this are salted: one side split into buckets, the other copied to
#: each, so one block's pairs are made by several tasks (a national "Made" block with a large cap)
SALT_ROWS = 20
MAX_SALTS = 64


def _entries(keys: list[str]):
    """One struct (key, pass, value, slot) per key occurrence of a record; value null when the
    record has no such key. Built as one array per record: a single scan, no union of scans."""
    from pyspark.sql import functions as F

    def entry(key, pass_, value, slot):
        return F.struct(F.lit(key).alias("key"), F.lit(pass_).alias("pass"), value.alias("value"),
                        slot.cast("long").alias("slot"))

    out = []
    for key in keys:
        if key in KEY_COLUMNS:
            cols = KEY_COLUMNS[key]
            present = F.lit(True)
            for c in cols:
                present = present & F.col(c).isNotNull() & (F.col(c) != "")
            value = F.when(present, F.concat_ws(SEP, *[F.col(c) for c in cols]))
            out.append(entry(key, 0, value, F.col(POS)))
        elif key == "nik_one_edit":
            column, beside = DELETION_KEYS[key]
            assert beside is not None   # the NIK's neighbourhood is kept apart by the name's initial
            ok = (F.length(F.col(column)) == 16) & F.col(beside).isNotNull() & (F.col(beside) != "")
            for p in range(NIK_EDIT_POSITIONS - 1):
                for which, q in ((0, p), (1, p + 1)):   # positions p and p+1 share pass p
                    deleted = F.concat(F.substring(column, 1, q), F.substring(column, q + 2, 16))
                    out.append(entry(key, p, F.when(ok, F.concat_ws(SEP, deleted, F.col(beside))),
                                     F.col(POS) * 2 + which))
        elif key != "other_id_one_edit":
            raise KeyError(key)
    return out


def block_rows(feats_df, keys: list[str]):
    """(key, pass, value, slot, pos) for every key a record has; slots unique within a pass."""
    from pyspark.sql import functions as F

    rows = feats_df.select(F.col(POS).alias("pos"), F.explode(F.array(*_entries(keys))).alias("e")) \
        .where(F.col("e.value").isNotNull()).select("e.key", "e.pass", "e.value", "e.slot", "pos") \
        if any(k != "other_id_one_edit" for k in keys) else None
    if "other_id_one_edit" in keys:
        column, _ = DELETION_KEYS["other_id_one_edit"]
        base = feats_df.where((F.col(column) != "") & (F.length(column) <= 40))
        # every one-deletion variant of the value, once per record
        variants = F.array_distinct(F.expr(
            f"transform(sequence(0, length({column}) - 1), "
            f"i -> concat(substring({column}, 1, i), '#', substring({column}, i + 2)))"))
        exploded = base.select(F.col(POS), F.posexplode(variants).alias("v", "value")).select(
            F.lit("other_id_one_edit").alias("key"), F.lit(0).alias("pass"), "value",
            (F.col(POS) * 64 + F.col("v")).alias("slot"), F.col(POS).alias("pos"))
        rows = exploded if rows is None else rows.unionByName(exploded)
    return rows


def _has_rows(sizes, key: str) -> bool:
    from pyspark.sql import functions as F

    return bool(sizes.where(F.col("key") == key).limit(1).count())


def candidate_pairs(feats_df, keys: list[str], max_block: int, salt_rows: int = SALT_ROWS):
    """(distinct pairs DataFrame [left, right], BlockingStats) with left < right positions."""
    from pyspark.sql import functions as F

    rows = block_rows(feats_df, keys).persist()
    sizes = rows.groupBy("key", "pass", "value").agg(F.count("*").alias("size"))
    sizes = sizes.persist()
    stats = BlockingStats()
    skipped = {r["key"]: (r["blocks"], r["records"]) for r in sizes.where(F.col("size") > max_block)
               .groupBy("key").agg(F.count("*").alias("blocks"), F.sum("size").alias("records")).collect()}
    kept = sizes.where((F.col("size") >= 2) & (F.col("size") <= max_block)).withColumn(
        "salts", F.least(F.lit(MAX_SALTS), F.ceil(F.col("size") / F.lit(salt_rows))).cast("int"))
    members = rows.join(kept, ["key", "pass", "value"]).persist()   # both sides of the self-join read it
    # left side: one salt bucket per slot; right side: a copy in every bucket of its block
    a = members.select("key", "pass", "value", (F.col("slot") % F.col("salts")).alias("salt"),
                       F.col("slot").alias("a_slot"), F.col("pos").alias("a_pos"))
    b = members.select("key", "pass", "value", F.explode(F.sequence(F.lit(0), F.col("salts") - 1)).alias("salt"),
                       F.col("slot").alias("b_slot"), F.col("pos").alias("b_pos"))
    raw = (a.join(b, ["key", "pass", "value", "salt"])
           .where((F.col("a_slot") < F.col("b_slot")) & (F.col("a_pos") != F.col("b_pos")))
           .select("key", F.least("a_pos", "b_pos").alias("left"), F.greatest("a_pos", "b_pos").alias("right")))
    raw = raw.persist()
    found = {r["key"]: r["n"] for r in raw.groupBy("key").agg(F.count("*").alias("n")).collect()}
    for key in keys:
        stats.pairs_per_key[key] = int(found.get(key, 0))
        if key == "other_id_one_edit" and not found.get(key) and key not in skipped and not _has_rows(sizes, key):
            continue   # as locally: no identifier, no deletion pass, nothing skipped to count
        blocks, records = skipped.get(key, (0, 0))
        stats.skipped_blocks[key] = int(blocks)
        stats.skipped_records[key] = int(records or 0)
    pairs = raw.select("left", "right").distinct().persist()
    stats.total_pairs = pairs.count()
    raw.unpersist()
    members.unpersist()
    sizes.unpersist()
    rows.unpersist()
    return pairs, stats
