"""Candidate pairs on Spark: every blocking key of matching/blocking.py (its KEY_COLUMNS and
DELETION_KEYS specs) as rows (key, block, record), one aggregation into blocks (the members of each
as an array), the block-size cap of the local engine, the pairs of each block generated from its
array by Spark SQL's own array functions, salting of large blocks, and pairs made distinct across
keys as single int64s.

One shuffle brings every row of a block into one partition, where matching/blocking.py's own
pairs_from_codes (the local engine's vectorised sort) makes the pairs and the per-key counts;
blocks over SALT_ROWS slots are handed back whole and their pairs made by Spark SQL's array
functions over several tasks (salting); one shuffle of int64s makes the pairs distinct. (A
self-join per block shuffled every block-key row three times and took 60 % of the job; an
aggregation into member arrays, two-fifths of it.)

Each pass of a deletion neighbourhood (nik_one_edit: one per NIK digit deleted, one per pair of
adjacent digits put in order) is its own key space, as in the local engine. Never sharded by the NIK's
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
            for p in range(NIK_EDIT_POSITIONS):   # pass p: digit p deleted (a substitution)
                deleted = F.concat(F.substring(column, 1, p), F.substring(column, p + 2, 16))
                out.append(entry(k, p, F.when(ok, F.concat_ws(SEP, deleted, F.col(beside)))))
            for p in range(NIK_EDIT_POSITIONS - 1):   # digits p, p+1 in ascending order (a transposition)
                a, b = F.substring(column, p + 1, 1), F.substring(column, p + 2, 1)
                ordered = F.concat(F.substring(column, 1, p), F.least(a, b), F.greatest(a, b), F.substring(column, p + 3, 16))
                out.append(entry(k, NIK_EDIT_POSITIONS + p, F.when(ok & (a != b), F.concat_ws(SEP, ordered, F.col(beside)))))
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


#: the rows of the partition function below: a pair (kind PAIR: a, b = left, right), a count per
#: key (COUNT: k, a = raw pairs, b = blocks over the cap; SKIPPED_SLOTS: b = their slots), or a
#: block to salt (SALT: its members m)
PAIR, COUNT, SKIPPED_SLOTS, SALT = 0, 1, 2, 3


def _block_schema():
    from pyspark.sql.types import ArrayType, ByteType, IntegerType, LongType, StructField, StructType

    return StructType([StructField("kind", ByteType(), False), StructField("k", IntegerType(), False),
                       StructField("a", LongType(), False), StructField("b", LongType(), False),
                       StructField("m", ArrayType(LongType()), True)])


def _partition_blocks(max_block: int, salt_rows: int):
    """The function run on each partition of block-key rows (all rows of a block in one
    partition): matching/blocking.py's own pairs_from_codes on the partition's blocks, key by key,
    with the per-key counts as the local engine keeps them; blocks over `salt_rows` slots are
    handed back whole, to be salted."""
    def run(batches):
        import numpy as np
        import pandas as pd
        import pyarrow as pa

        from ..blocking import pairs_from_codes

        batches = list(batches)
        if not batches:
            return
        table = pa.Table.from_batches(batches)
        k_all = table.column("k").to_numpy()
        h1_all, h2_all = table.column("h1").to_numpy(), table.column("h2").to_numpy()
        pos_all = table.column("pos").to_numpy().astype(np.int64)
        members_type = pa.list_(pa.int64())
        schema = pa.schema([pa.field("kind", pa.int8(), False), pa.field("k", pa.int32(), False),
                            pa.field("a", pa.int64(), False), pa.field("b", pa.int64(), False),
                            pa.field("m", members_type, True)])

        def rows(kind, k, a, b, m=None):
            n = len(a)
            return pa.RecordBatch.from_arrays(
                [pa.array(np.full(n, kind, np.int8)), pa.array(np.full(n, k, np.int32)),
                 pa.array(np.asarray(a, np.int64)), pa.array(np.asarray(b, np.int64)),
                 pa.array(m, members_type) if m is not None else pa.nulls(n, members_type)], schema=schema)

        for k in np.unique(k_all):
            mask = k_all == k
            # dense block codes from the two hashes: factorize h1, pack with h2, factorize again
            # (hash tables of int64s; a MultiIndex factorize sorted, 5x slower)
            first = pd.factorize(h1_all[mask])[0].astype(np.int64)
            both = (first << 32) | (h2_all[mask].astype(np.int64) & 0xFFFFFFFF)
            codes = pd.factorize(both)[0].astype(np.int64)
            pos = pos_all[mask]
            sizes = np.bincount(codes)
            size_of = sizes[codes]
            salted = (size_of > salt_rows) & (size_of <= max_block) & (size_of >= 2)
            raw = 0
            if salted.any():
                order = np.flatnonzero(salted)[np.argsort(codes[salted], kind="stable")]
                groups = np.split(pos[order], np.flatnonzero(np.diff(codes[order])) + 1)
                for members in groups:   # a record sits at most twice in a block
                    raw += len(members) * (len(members) - 1) // 2 - (len(members) - len(np.unique(members)))
                yield rows(SALT, k, np.zeros(len(groups)), [len(g) for g in groups], [g.tolist() for g in groups])
            codes = np.where(salted, -1, codes)
            left, right, skipped, skipped_slots = pairs_from_codes(codes, max_block, pos)
            raw += len(left)
            for start in range(0, len(left), 1 << 20):
                yield rows(PAIR, -1, left[start:start + (1 << 20)], right[start:start + (1 << 20)])
            yield rows(COUNT, k, [raw], [skipped])
            yield rows(SKIPPED_SLOTS, k, [0], [skipped_slots])

    return run


def candidate_pairs(feats_df, keys: list[str], max_block: int, salt_rows: int = SALT_ROWS, n_records: int | None = None):
    """(distinct pairs DataFrame [left, right], persisted; BlockingStats) with left < right positions."""
    from pyspark.sql import functions as F

    rows = block_rows(feats_df, keys)
    # every row of a block in one partition: one shuffle of 28-byte rows, no sort, no aggregation
    found = (rows.repartition("k", "h1", "h2")
             .mapInArrow(_partition_blocks(max_block, salt_rows), _block_schema()).persist())
    per_key: dict[int, list[int]] = {}
    for r in found.where(F.col("kind") != PAIR).where(F.col("kind") != SALT) \
            .groupBy("k", "kind").agg(F.sum("a").alias("a"), F.sum("b").alias("b")).collect():
        got = per_key.setdefault(r["k"], [0, 0, 0])
        if r["kind"] == COUNT:
            got[0], got[1] = int(r["a"]), int(r["b"])
        else:
            got[2] = int(r["b"])
    stats = BlockingStats()
    for k, key in enumerate(keys):
        pairs_, blocks_, slots_ = per_key.get(k, (0, 0, 0))
        stats.pairs_per_key[key] = pairs_
        if key == "other_id_one_edit" and k not in per_key:
            continue   # as locally: no identifier, no deletion pass, nothing skipped to count
        stats.skipped_blocks[key] = blocks_
        stats.skipped_records[key] = slots_
    small = found.where(F.col("kind") == PAIR).select(F.col("a").alias("left"), F.col("b").alias("right"))
    large = (found.where(F.col("kind") == SALT).select(
        "m", F.least(F.lit(MAX_SALTS), F.ceil(F.col("b") / F.lit(salt_rows))).cast("int").alias("salts"))
        .select("m", "salts", F.explode(F.sequence(F.lit(0), F.col("salts") - 1)).alias("salt"))
        .repartition(F.xxhash64("m", "salt")))
    raw_pairs = small.unionByName(_pairs_of(large, salted=True))
    # distinct across keys as one int64 per pair (left * n + right): a hash aggregate of longs
    n = max(int(n_records if n_records is not None else feats_df.count()), 1)
    packed = raw_pairs.select((F.col("left") * F.lit(n) + F.col("right")).alias("packed")).distinct()
    pairs = packed.select(F.expr(f"packed div {n}").alias("left"), (F.col("packed") % F.lit(n)).alias("right")).persist()
    stats.total_pairs = pairs.count()
    found.unpersist()
    return pairs, stats
