"""Candidate pairs on Spark: every blocking key of matching/blocking.py (its KEY_COLUMNS and
DELETION_KEYS specs) as rows (key, block, record), one aggregation into blocks (the members of each
as an array), the block-size cap of the local engine, the pairs of each block generated from its
array by Spark SQL's own array functions, salting of large blocks, and pairs made distinct across
keys as single int64s.

No Python runs here and no join: one shuffle makes the blocks, one (of the salted blocks only)
spreads large blocks over tasks, one makes the pairs distinct. (A self-join per block, as before,
shuffled every block-key row twice more and took 60 % of the job.)

Block sizes count slots, as the local engine does: a deletion neighbourhood gives a record several
(nik_one_edit: the NIK with digit p deleted and with digit p+1 deleted share one pass, and a
record whose digits p and p+1 are equal sits in that block twice). Never sharded by the NIK's
province digits: a NIK keeps the region where it was first issued, and people move."""

from __future__ import annotations

from ..blocking import DELETION_KEYS, KEY_COLUMNS, NIK_EDIT_POSITIONS, BlockingStats
from .features import POS

SEP = "\x1f"
#: blocks with more slots than this are salted: their pairs are made by several tasks, each
#: taking every `salts`-th member as the left side (a national "Made" block with a large cap)
SALT_ROWS = 20
MAX_SALTS = 64
#: identifiers longer than this get no deletion neighbourhood (as matching/blocking.py)
OTHER_ID_MAX = 40


def _entries(keys: list[str]):
    """One struct (k, pass, value) per key occurrence of a record (k: the key's index in `keys`);
    value null when the record has no such key. Built as one array per record: a single scan, no
    union of scans."""
    from pyspark.sql import functions as F

    def entry(k, pass_, value):
        return F.struct(F.lit(k).alias("k"), F.lit(pass_).alias("pass"), value.alias("value"))

    out = []
    for k, key in enumerate(keys):
        if key in KEY_COLUMNS:
            cols = KEY_COLUMNS[key]
            present = F.lit(True)
            for c in cols:
                present = present & F.col(c).isNotNull() & (F.col(c) != "")
            out.append(entry(k, 0, F.when(present, F.concat_ws(SEP, *[F.col(c) for c in cols]))))
        elif key == "nik_one_edit":
            column, beside = DELETION_KEYS[key]
            assert beside is not None   # the NIK's neighbourhood is kept apart by the name's initial
            ok = (F.length(F.col(column)) == 16) & F.col(beside).isNotNull() & (F.col(beside) != "")
            for p in range(NIK_EDIT_POSITIONS - 1):
                for q in (p, p + 1):   # positions p and p+1 share pass p
                    deleted = F.concat(F.substring(column, 1, q), F.substring(column, q + 2, 16))
                    out.append(entry(k, p, F.when(ok, F.concat_ws(SEP, deleted, F.col(beside)))))
        elif key != "other_id_one_edit":
            raise KeyError(key)
    return out


def block_rows(feats_df, keys: list[str]):
    """(k, h1, h2, pos) for every key occurrence of every record: k the key's index in `keys`,
    (h1, h2) two independent hashes (xxhash64, murmur3) of the pass and the block value. Blocks are
    grouped on these 12-byte ints instead of the key strings (fewer bytes through the shuffle);
    two different values of one key meet only if both hashes collide (about 1 in 10^28 per pair
    of values: none expected at a billion blocks)."""
    from pyspark.sql import functions as F

    def hashed(df):
        return df.select("k", F.xxhash64("pass", "value").alias("h1"), F.hash("pass", "value").alias("h2"), "pos")

    parts = []
    if any(k != "other_id_one_edit" for k in keys):
        exploded = feats_df.select(F.col(POS).alias("pos"), F.explode(F.array(*_entries(keys))).alias("e")) \
            .where(F.col("e.value").isNotNull()).select("e.k", "e.pass", "e.value", "pos")
        parts.append(hashed(exploded))
    if "other_id_one_edit" in keys:
        column, _ = DELETION_KEYS["other_id_one_edit"]
        base = feats_df.where((F.col(column) != "") & (F.length(column) <= OTHER_ID_MAX))
        # the value with position j blanked, for every j (matching/blocking.py's _deletion_codes:
        # two values one substitution apart share exactly one variant, the blank at the same place)
        variants = F.expr(f"transform(sequence(0, length({column}) - 1), "
                          f"i -> concat(substring({column}, 1, i), chr(0), substring({column}, i + 2)))")
        exploded = base.select(F.lit(keys.index("other_id_one_edit")).alias("k"), F.lit(0).alias("pass"),
                               F.explode(variants).alias("value"), F.col(POS).alias("pos"))
        parts.append(hashed(exploded))
    rows = parts[0]
    for more in parts[1:]:
        rows = rows.unionByName(more)
    return rows


def _pairs_of(blocks, salted: bool):
    """The raw pairs (pos, pos) of each block's member array: every two slots once (i < j), a
    record with itself dropped. Salted: row `salt` of `salts` takes the left slots i = salt mod
    salts, so the block's pairs are split over as many tasks."""
    from pyspark.sql import functions as F

    lefts = "filter(sequence(0, size(m) - 2), i -> i % salts = salt)" if salted else "sequence(0, size(m) - 2)"
    pairs = F.expr(f"flatten(transform({lefts}, i -> transform(sequence(i + 1, size(m) - 1), "
                   f"j -> named_struct('a', m[i], 'b', m[j]))))")
    return blocks.select(F.explode(pairs).alias("p")).where(F.col("p.a") != F.col("p.b")) \
        .select(F.least("p.a", "p.b").alias("left"), F.greatest("p.a", "p.b").alias("right"))


def candidate_pairs(feats_df, keys: list[str], max_block: int, salt_rows: int = SALT_ROWS, n_records: int | None = None):
    """(distinct pairs DataFrame [left, right], persisted; BlockingStats) with left < right positions."""
    from pyspark.sql import functions as F

    rows = block_rows(feats_df, keys)
    blocks = (rows.groupBy("k", "h1", "h2").agg(F.count("*").alias("size"), F.collect_list("pos").alias("m"))
              .where(F.col("size") >= 2))
    # over the cap: counted, never compared (the array is dropped at once)
    blocks = blocks.select("k", "size", F.when(F.col("size") <= max_block, F.col("m")).alias("m"),
                           F.least(F.lit(MAX_SALTS), F.ceil(F.col("size") / F.lit(salt_rows))).cast("int").alias("salts"))
    blocks = blocks.persist()
    # per key: raw pairs (as the local engine counts them: each pair once per block that has it,
    # a record with itself not; a record sits at most twice in a block, so its self-pairs are
    # size - distinct members), skipped blocks and their slots
    kept = F.col("m").isNotNull()
    raw = F.expr("size * (size - 1) div 2 - (size - size(array_distinct(m)))")
    per_key = {r["k"]: r for r in blocks.groupBy("k").agg(
        F.sum(F.when(kept, raw).otherwise(0)).alias("pairs"),
        F.sum(F.when(~kept, 1).otherwise(0)).alias("blocks"),
        F.sum(F.when(~kept, F.col("size")).otherwise(0)).alias("records")).collect()}
    stats = BlockingStats()
    for k, key in enumerate(keys):
        got = per_key.get(k)
        stats.pairs_per_key[key] = int(got["pairs"]) if got else 0
        if key == "other_id_one_edit" and not got and not _has_identifiers(feats_df):
            continue   # as locally: no identifier, no deletion pass, nothing skipped to count
        stats.skipped_blocks[key] = int(got["blocks"]) if got else 0
        stats.skipped_records[key] = int(got["records"]) if got else 0
    small = blocks.where(kept & (F.col("salts") == 1))
    large = (blocks.where(kept & (F.col("salts") > 1))
             .select("m", "salts", F.explode(F.sequence(F.lit(0), F.col("salts") - 1)).alias("salt"))
             .repartition(F.xxhash64("m", "salt")))
    raw_pairs = _pairs_of(small, salted=False).unionByName(_pairs_of(large, salted=True))
    # distinct across keys as one int64 per pair (left * n + right): a hash aggregate of longs
    n = max(int(n_records if n_records is not None else feats_df.count()), 1)
    packed = raw_pairs.select((F.col("left") * F.lit(n) + F.col("right")).alias("packed")).distinct()
    pairs = packed.select(F.expr(f"packed div {n}").alias("left"), (F.col("packed") % F.lit(n)).alias("right")).persist()
    stats.total_pairs = pairs.count()
    blocks.unpersist()
    return pairs, stats


def _has_identifiers(feats_df) -> bool:
    from pyspark.sql import functions as F

    column, _ = DELETION_KEYS["other_id_one_edit"]
    return bool(feats_df.where((F.col(column) != "") & (F.length(column) <= OTHER_ID_MAX)).limit(1).count())
