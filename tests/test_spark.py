"""The Spark engine gives the same answer as the local engine: the same candidate pairs and
evidence, the same model, the same clusters and cluster ids, the same report files. The group is
marked `spark` and skipped where PySpark or Java is missing; the engine's error messages and the
local engine's independence from PySpark are tested everywhere."""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from helpers import SAMPLE, checksums

HAVE_SPARK = importlib.util.find_spec("pyspark") is not None and shutil.which("java") is not None
needs_spark = pytest.mark.skipif(not HAVE_SPARK, reason="PySpark or Java 17 is not installed")

# PySpark 4.x warns about pandas 3 on every conversion; nothing of ours
pytestmark = [pytest.mark.filterwarnings("ignore::FutureWarning"),
              pytest.mark.filterwarnings("ignore:The copy keyword is deprecated")]

REPORT_DATE = __import__("datetime").date(2026, 12, 1)
# a Python that cannot import pyspark, whatever is installed
BLOCK_PYSPARK = "import sys; sys.modules['pyspark'] = None\n"


@pytest.fixture(scope="module")
def spark():
    from umkm_dedup.matching.spark.session import get_session

    session = get_session("local[2]", {"spark.sql.shuffle.partitions": "2", "spark.default.parallelism": "2"})
    yield session
    session.stop()


def _report_rows(local) -> np.ndarray:
    """Which of the local engine's pairs the report reads in memory: match and review pairs,
    those an officer decided, and for each record alone in its cluster its strongest pair into
    another cluster (the Spark engine's driver holds these and no others)."""
    p = local.pairs
    left, right = p["left"].to_numpy(), p["right"].to_numpy()
    code = __import__("pandas").factorize(local.cluster_id)[0]
    alone = np.bincount(code)[code] == 1
    across = code[left] != code[right]
    prob = local.pair_values("probability")
    best = np.full(len(code), -np.inf, np.float32)
    np.maximum.at(best, left[across], prob[across])
    np.maximum.at(best, right[across], prob[across])
    best[~alone] = -np.inf
    officer = p["rule"].isin(["decided_same", "decided_different"]).to_numpy()
    return ((p["decision"] != "non_match").to_numpy() | officer
            | across & ((prob == best[left]) | (prob == best[right])))


def _same(local, other, officer_pairs=()):
    """Both MatchResults agree on everything a report is written from: every pair (collected
    from the cluster), and on the driver exactly the pairs the report reads there."""
    assert other.features.equals(local.features)
    assert other.blocking == local.blocking
    assert other.model.to_dict() == local.model.to_dict()
    assert list(other.cluster_id) == list(local.cluster_id)
    assert other.stats == local.stats
    # (positions compared as numbers: the local engine holds them as int32 where they fit)
    assert other.all_pairs.materialised(other).pairs.equals(_int64_positions(local.scored_pairs()))
    assert len(other.all_pairs) == len(local.pairs)
    wanted = _report_rows(local)
    keys = set(zip(local.pairs["left"], local.pairs["right"]))
    for pair in officer_pairs:   # an officer's pair is held even where a refusal changed its rule
        if pair in keys:
            wanted |= ((local.pairs["left"] == pair[0]) & (local.pairs["right"] == pair[1])).to_numpy()
    assert other.pairs.equals(_int64_positions(local.scored_pairs(local.pairs[wanted].reset_index(drop=True))))
    assert len(other.pairs) < len(local.pairs)   # the driver does not hold every pair


@pytest.mark.spark
@needs_spark
@pytest.mark.parametrize("source", ["bali", "synth"])
def test_same_clusters_and_ids(source, spark):
    from umkm_dedup.matching import deduplicate
    from umkm_dedup.sources.reader import read_sources

    if source == "synth":
        from umkm_dedup.synth.generate import generate_records

        frame = generate_records(province="bali", persons=400, seed=11)[0]
        frame = frame.reset_index(drop=True)
        # a tiny salting threshold: every block of three or more is split, and nothing changes
        options = {"salt_rows": 2}
    else:
        frame = read_sources([SAMPLE / source / "input"]).frame
        options = {}
    local = deduplicate(frame)
    on_spark = deduplicate(frame, engine="spark", spark=spark, **options)
    _same(local, on_spark)
    assert local.stats["matches"] > 50   # a real answer, not two empty ones


@pytest.mark.spark
@needs_spark
@pytest.mark.parametrize("source", ["babel", "generated"])
def test_merge_on_spark_writes_the_same_files(spark, tmp_path, source):
    """End to end, the report folder of engine="spark" is byte for byte the local one: on the
    Bangka Belitung sample, and on generated Bali files with officers' decisions (a SAMA no
    blocking key found, a BEDA the guard must enforce, a SAMA on a review pair). The Spark
    result holds the pairs the report reads; pairs.parquet is streamed from the cluster."""
    import csv

    from umkm_dedup.pipeline import merge

    decisions = []
    if source == "babel":
        inputs = [SAMPLE / "babel" / "input"]
    else:
        from umkm_dedup.synth.generate import generate

        generate(tmp_path / "in", province="bali", persons=1500, seed=3)
        inputs = [tmp_path / "in"]
        first = merge(inputs, out=tmp_path / "first").match
        rec, p = first.records, first.pairs
        known = set(zip(p["left"], p["right"]))
        far = next((0, j) for j in range(len(rec) - 1, 0, -1) if (0, j) not in known
                   and first.cluster_id[0] != first.cluster_id[j])
        chosen = [(far, "SAMA"), (_joined_apart_from_their_link(p), "BEDA")]
        review = p[p["decision"] == "review"]
        if len(review):
            chosen.append(((int(review["left"].iloc[0]), int(review["right"].iloc[0])), "SAMA"))
        path = tmp_path / "keputusan.csv"
        with path.open("w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            w.writerow(["a_file", "a_sheet", "a_row", "b_file", "b_sheet", "b_row", "decision", "a_name"])
            for (a, b), verdict in chosen:
                w.writerow([*(rec[k][a] for k in ("source_file", "sheet", "row")),
                            *(rec[k][b] for k in ("source_file", "sheet", "row")), verdict, ""])
        decisions = [path]
    local = merge(inputs, out=tmp_path / "local", decisions=decisions)
    other = merge(inputs, out=tmp_path / "spark", engine="spark", spark_master=None, decisions=decisions)
    strip = lambda sums, root: {k.replace(str(root), ""): v for k, v in sums.items()}  # noqa: E731
    assert strip(checksums(tmp_path / "spark"), tmp_path / "spark") == strip(checksums(tmp_path / "local"),
                                                                            tmp_path / "local")
    assert list(other.match.cluster_id) == list(local.match.cluster_id)
    assert len(other.match.pairs) <= len(local.match.pairs)   # merge keeps linked/reviewed pairs on both engines
    if decisions:
        assert local.summary["decisions"]["applied"] == len(chosen)
        assert local.match.stats["refused_links"] >= 1


@pytest.mark.spark
@needs_spark
def test_ledger_stage_on_spark_writes_the_same_files(spark, tmp_path, monkeypatch):
    """A second stage matched against the first (the ledger's subset of the records: this
    stage's, renumbered, with the ledger's person ids) writes the local engine's files, and the
    pairs stay on the cluster: the accessor that collects them all is never called. The second
    stage adds a regency list of its own beside the first stage's (a record alone among this
    stage's records whose cluster-mates are the earlier stage's)."""
    from umkm_dedup.matching.spark.pairs import SparkPairs
    from umkm_dedup.pipeline import merge

    def collected(self, result):
        raise AssertionError("every pair collected on the driver")

    babel = SAMPLE / "babel" / "input"
    first, second = tmp_path / "first", tmp_path / "second"
    shutil.copytree(babel, first)
    shutil.copytree(babel, second)
    regencies = sorted(p.name for p in (babel / "kabupaten").iterdir())
    (first / "kabupaten" / regencies[-1]).unlink()   # the first stage lacks one regency's list,
    (second / "kabupaten" / regencies[0]).unlink()   # the second another's
    monkeypatch.setattr(SparkPairs, "materialised", collected)
    results = {}
    for engine in ("local", "spark"):
        options = {"engine": "spark", "spark_master": None} if engine == "spark" else {}
        ledger = tmp_path / f"{engine}.ledger"
        merge([first], out=tmp_path / f"{engine}-1", ledger=ledger, stage="tahap-1", **options)
        results[engine] = merge([second], out=tmp_path / f"{engine}-2", ledger=ledger, stage="tahap-2", **options)
    for stage in ("1", "2"):
        local, other = tmp_path / f"local-{stage}", tmp_path / f"spark-{stage}"
        strip = lambda sums, root: {k.replace(str(root), ""): v for k, v in sums.items()}  # noqa: E731
        assert strip(checksums(other), other) == strip(checksums(local), local)
    assert results["local"].summary["already_reported"] > 0   # the stages met: a real second stage
    assert len(results["spark"].match.all_pairs) > len(results["spark"].match.pairs)


@pytest.mark.spark
@needs_spark
def test_evaluate_on_the_cluster_is_the_local_evaluation(spark, monkeypatch):
    """evaluate_match of a Spark result counts bands, rules and Perlu Ditinjau on the executors,
    batch by batch (small Arrow batches: many partial counts folded together), and fetches only
    the missed and false pairs' evidence: the local evaluation's figures and error list, and
    every pair is never collected here. A high match weight makes missed pairs, compared and
    not."""
    from umkm_dedup.matching import deduplicate
    from umkm_dedup.matching.evaluate import evaluate_match
    from umkm_dedup.matching.settings import Settings
    from umkm_dedup.matching.spark.pairs import SparkPairs
    from umkm_dedup.synth.generate import generate_records

    def collected(self, result):
        raise AssertionError("every pair collected on the driver")

    frame, truth = generate_records(province="bali", persons=1000, seed=11)
    frame = frame.reset_index(drop=True)
    settings = Settings(match_weight=20.0, review_weight=14.0)
    local = evaluate_match(deduplicate(frame, settings), truth)
    monkeypatch.setattr(SparkPairs, "materialised", collected)
    before = spark.conf.get("spark.sql.execution.arrow.maxRecordsPerBatch")
    spark.conf.set("spark.sql.execution.arrow.maxRecordsPerBatch", "100")
    try:
        other = evaluate_match(deduplicate(frame, settings, engine="spark", spark=spark), truth)
    finally:
        spark.conf.set("spark.sql.execution.arrow.maxRecordsPerBatch", before)
    assert json.dumps(other.to_dict(), sort_keys=True) == json.dumps(local.to_dict(), sort_keys=True)
    assert other.errors.equals(local.errors)
    assert other.per_regency.equals(local.per_regency)
    compared = local.errors["compared"]
    assert compared.sum() >= 10 and (~compared).sum() >= 1   # the evidence lookup is exercised both ways
    assert sum(band["pairs"] for band in local.bands.values()) > 1000


@pytest.fixture
def large_inputs(tmp_path):
    """Generated Bali regency lists (workbooks and CSVs) beside a DTKS extract as a `|` CSV and
    as Parquet (row groups of 97, a repeated header line and an empty line in both), a typed
    Parquet list (integer NIKs, dates, pandas' index column), a broken Parquet file and the
    generator's truth.csv (no header a list has)."""
    import datetime as dt

    import pyarrow as pa
    import pyarrow.parquet as pq

    from test_streamed_sources import _nik, dtks_rows, write_parquet, write_pipe_csv
    from umkm_dedup.synth.generate import generate

    folder = tmp_path / "in"
    generate(folder, province="bali", persons=300, seed=5)
    rows = dtks_rows(300)
    write_pipe_csv(folder / "dtks_bali.csv", rows)
    write_parquet(folder / "dtks_bali.parquet", rows)
    nik = int(_nik(3))
    pq.write_table(pa.table({"NIK": pa.array([nik, nik + 1, nik], pa.int64()),
                             "Nama Lengkap": ["Siti Aminah", "Rahmat Hidayat", "Siti Aminah"],
                             "Tanggal Lahir": pa.array([dt.date(1980, 5, 15), None, dt.date(1980, 5, 15)]),
                             "Kabupaten": ["Badung", "Badung", "Badung"], "__index_level_0__": [0, 1, 2]}),
                   folder / "umkm_kabupaten_badung_tambahan.parquet")
    (folder / "rusak.parquet").write_bytes(b"PAR1 this is not a parquet file at all PAR1")
    return folder


@pytest.mark.spark
@needs_spark
def test_csv_and_parquet_read_on_the_cluster_give_the_local_reading(spark, large_inputs, monkeypatch):
    """Under engine="spark" the CSV and Parquet files are read by the executors, each file by
    the normal adapter in one task: the record table (provenance rows, fields, NIK flags, roles),
    the sheet reports (header mapping, dropped rows, notes) and the file problems are the local
    reading's, and the report folder is the local run's byte for byte. The driver's read_file
    sees only the workbooks."""
    from umkm_dedup.matching.spark.reading import spark_reader
    from umkm_dedup.pipeline import merge
    from umkm_dedup.sources import reader

    local = reader.read_sources([large_inputs])
    here: list[str] = []
    plain = reader.read_file

    def watched(path, **options):
        here.append(path.suffix.lower())
        return plain(path, **options)

    monkeypatch.setattr(reader, "read_file", watched)
    other = reader.read_sources([large_inputs], read_many=spark_reader(lambda: spark))
    assert here and set(here) <= {".xlsx", ".xls", ".xlsm", ".ods"}   # only workbooks read on the driver
    assert other.frame.equals(local.frame)
    assert other.sheets == local.sheets and other.problems == local.problems
    # (the broken Parquet file; the generator's truth.csv, a CSV without a header we know)
    assert sorted((p.file, p.key) for p in local.problems) == [("rusak.parquet", "corrupt_parquet"), ("truth.csv", "no_header")]
    assert any(s.dropped for s in local.sheets if s.file == "dtks_bali.parquet")
    kinds = {Path(s.file).suffix for s in local.sheets if s.records}
    assert {".csv", ".parquet", ".xlsx"} <= kinds

    monkeypatch.setattr(reader, "read_file", plain)
    tmp = large_inputs.parent
    merge([large_inputs], out=tmp / "local", report_date=REPORT_DATE)
    here.clear()
    monkeypatch.setattr(reader, "read_file", watched)
    merge([large_inputs], out=tmp / "spark", engine="spark", report_date=REPORT_DATE)
    assert here and set(here) <= {".xlsx", ".xls", ".xlsm", ".ods"}
    strip = lambda sums, root: {k.replace(str(root), ""): v for k, v in sums.items()}  # noqa: E731
    assert strip(checksums(tmp / "spark"), tmp / "spark") == strip(checksums(tmp / "local"), tmp / "local")


def _joined_apart_from_their_link(pairs) -> tuple[int, int]:
    """A match pair whose records other match links join as well."""
    links = pairs[pairs["decision"] == "match"]
    edges = list(zip(links["left"].astype(int), links["right"].astype(int)))
    def root(parent: dict[int, int], x: int) -> int:
        while parent.setdefault(x, x) != x:
            x = parent[x]
        return x

    for skip in edges:
        parent: dict[int, int] = {}
        for a, b in edges:
            if (a, b) != skip:
                parent[root(parent, a)] = root(parent, b)
        if root(parent, skip[0]) == root(parent, skip[1]):
            return skip
    raise AssertionError("no triangle of links in this set")


@pytest.mark.spark
@needs_spark
def test_officers_decisions_on_the_cluster(spark):
    """SAMA on two records no blocking key brought together, BEDA on two linked records that
    other links still join (the guard refuses one of those), SAMA on a pair the model sent to
    review, BEDA on a non-match: the verdicts applied on the executors give the local engine's
    pairs, clusters and ids."""
    from umkm_dedup.matching import deduplicate
    from umkm_dedup.stages.decisions import DIFFERENT, SAME, Decision, DecisionSet, Ref
    from umkm_dedup.synth.generate import generate_records

    frame = generate_records(province="bali", persons=400, seed=11)[0].reset_index(drop=True)
    plain = deduplicate(frame)
    p = plain.pairs
    ref = lambda i: Ref(str(frame["source_file"][i]), str(frame["sheet"][i]), int(frame["row"][i]))  # noqa: E731
    known = set(zip(p["left"], p["right"]))
    far = next((0, j) for j in range(len(frame) - 1, 0, -1) if (0, j) not in known
               and plain.cluster_id[0] != plain.cluster_id[j])
    chosen = [(far, SAME), (_joined_apart_from_their_link(p), DIFFERENT)]
    for decision, verdict in (("review", SAME), ("non_match", DIFFERENT)):
        rows = p[p["decision"] == decision]
        if len(rows):
            chosen.append(((int(rows["left"].iloc[0]), int(rows["right"].iloc[0])), verdict))
    decisions = DecisionSet([Decision(ref(a), ref(b), v, f"test · {k}") for k, ((a, b), v) in enumerate(chosen)])
    local = deduplicate(frame, decisions=decisions)
    on_spark = deduplicate(frame, decisions=decisions, engine="spark", spark=spark)
    assert local.stats["decisions"]["applied"] == len(chosen) and local.stats["refused_links"] >= 1
    _same(local, on_spark, officer_pairs=[pair for pair, _ in chosen])


@pytest.mark.spark
@needs_spark
def test_guard_on_the_cluster_refuses_the_same_links(spark):
    """An officer's BEDA on two matched records: the guard runs on their component only and
    refuses what the local engine's guard over the whole graph refuses."""
    from umkm_dedup.matching import deduplicate
    from umkm_dedup.sources.reader import read_sources

    frame = read_sources([SAMPLE / "babel" / "input"]).frame
    local = deduplicate(frame)
    from umkm_dedup.matching.spark.clustering import guarded

    # cannot-link the two records of the strongest match: the local guard and the Spark path agree
    pairs = local.pairs[local.pairs["decision"] == "match"]
    a, b = int(pairs["left"].iloc[0]), int(pairs["right"].iloc[0])
    from umkm_dedup.matching.clustering import cluster, connected_components

    left, right = pairs["left"].to_numpy(), pairs["right"].to_numpy()
    weight = pairs["weight"].to_numpy()
    tie = np.arange(len(left))
    trusted = np.full(len(frame), "", dtype=object)
    forced = np.zeros(len(left), bool)
    want_labels, want_refused = cluster(len(frame), left, right, weight, tie, trusted, [(a, b)], forced)
    labels = connected_components(len(frame), left, right)
    got_labels, got_refused = guarded(labels, {int(labels[a])}, left, right, weight, tie, trusted, [(a, b)], forced)
    assert want_refused.any() and (got_refused == want_refused).all()
    assert (got_labels == want_labels).all()


def _python(code: str, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=cwd, timeout=300)


def test_local_engine_never_imports_pyspark(tmp_path):
    code = BLOCK_PYSPARK + (
        "import umkm_dedup, umkm_dedup.cli\n"
        "from umkm_dedup.pipeline import merge\n"
        f"r = merge([{str(SAMPLE / 'babel' / 'input')!r}], out={str(tmp_path / 'out')!r})\n"
        "assert sys.modules['pyspark'] is None\n"
        "print(r.summary['persons'])\n")
    proc = _python(code)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert int(proc.stdout.strip()) > 0


def test_missing_pyspark_is_said_in_indonesian_first(tmp_path):
    code = BLOCK_PYSPARK + (
        "from umkm_dedup.cli import main\n"
        f"sys.argv = ['umkm-dedup', 'merge', {str(SAMPLE / 'babel' / 'input')!r}, '--out', {str(tmp_path / 'o')!r},"
        " '--engine', 'spark']\n"
        "main()\n")
    proc = _python(code)
    assert proc.returncode == 3
    assert "PySpark" in proc.stderr and "belum terpasang" in proc.stderr and "umkm-dedup[spark]" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert not (tmp_path / "o" / "summary.json").exists()


def test_missing_java_is_an_error_not_a_traceback(monkeypatch):
    from umkm_dedup.core.errors import ConfigError
    from umkm_dedup.matching.spark import session

    if importlib.util.find_spec("pyspark") is None:
        pytest.skip("PySpark is not installed (its absence is tested above)")
    monkeypatch.setenv("JAVA_HOME", "/nonexistent")
    monkeypatch.setattr(session.shutil, "which", lambda name: None)
    with pytest.raises(ConfigError) as caught:
        session.require_spark()
    assert caught.value.key == "java_missing"
    assert "Java 17" in caught.value.describe("id") and "openjdk-17-jre-headless" in caught.value.describe("id")


def test_engine_options_are_checked(tmp_path):
    from umkm_dedup.core.errors import ConfigError
    from umkm_dedup.matching import deduplicate
    from umkm_dedup.matching.spark.session import parse_conf
    from umkm_dedup.pipeline import merge

    assert parse_conf(["spark.executor.memory=48g", "spark.sql.shuffle.partitions = 320"]) == {
        "spark.executor.memory": "48g", "spark.sql.shuffle.partitions": "320"}
    with pytest.raises(ConfigError) as caught:
        parse_conf(["spark.executor.memory"])
    assert caught.value.key == "spark_conf_bad" and "KUNCI=NILAI" in caught.value.describe("id")
    with pytest.raises(ConfigError) as caught:
        deduplicate(__import__("pandas").DataFrame(), engine="hadoop")
    assert caught.value.key == "unknown_engine"
    with pytest.raises(ConfigError) as caught:
        merge([SAMPLE / "babel" / "input"], out=tmp_path / "o", spark_master="spark://x:7077")
    assert caught.value.key == "spark_options_need_engine"
    assert not (tmp_path / "o" / "summary.json").exists()
    assert json.dumps(caught.value.params) == "{}"


@pytest.mark.spark
@needs_spark
@pytest.mark.parametrize("salt_rows", [20, 2])
def test_blocking_on_spark_is_the_local_blocking(spark, salt_rows):
    """Candidate pairs and per-key counts of the Spark blocking equal matching/blocking.py's on
    records that reach its corners: identifiers one substitution apart (also with '#' in them, a
    character that once stood for the blank), NIKs with equal adjacent digits (a record twice in
    one deletion block), a block over the cap, salted blocks (salt_rows=2: every block of three or
    more split)."""
    import pandas as pd

    from umkm_dedup.matching.blocking import candidate_pairs as local_pairs
    from umkm_dedup.matching.comparisons import Encoded
    from umkm_dedup.matching.prepare import prepare
    from umkm_dedup.matching.settings import Settings
    from umkm_dedup.matching.spark import blocking as spark_blocking
    from umkm_dedup.matching.spark.features import feature_schema, record_frame, spark_features
    from umkm_dedup.synth.generate import generate_records

    frame = generate_records(province="bali", persons=150, seed=5)[0].reset_index(drop=True)
    ids = ["#B12", "A#12", "AB12", "AB13", "XB12", "AB12", "ZZ99", "A##2", "AC12", "#B#2"]
    frame["other_id"] = ""
    frame.loc[:len(ids) - 1, "other_id"] = ids
    nik = "51" + "71" + "000000" + "1111" + "2222"          # built from parts: no NIK literal
    frame.loc[20:23, "nik"] = [nik, nik, nik[:9] + "9" + nik[10:], nik[:3] + "4" + nik[4:]]
    frame.loc[20:23, "name"] = "I Made Sukadana"
    frame.loc[30:100, "phone"] = "081234567890"               # one block of 71: over the cap of 60
    settings = Settings()
    want, want_stats = local_pairs(Encoded(prepare(frame)), settings.blocking, settings.max_block_size)
    feats_df = spark_features(record_frame(spark, frame, 2), feature_schema(frame.head(5)))
    got_df, got_stats = spark_blocking.candidate_pairs(feats_df, settings.blocking, settings.max_block_size,
                                                       salt_rows, len(frame))
    got = got_df.toPandas().sort_values(["left", "right"]).reset_index(drop=True).astype("int64")
    assert got_stats == want_stats
    assert got_stats.pairs_per_key["other_id_one_edit"] > 0 and got_stats.skipped_blocks["phone"] == 1
    assert got.equals(want.astype("int64"))
    assert len(pd.MultiIndex.from_frame(got).unique()) == len(got)


def _int64_positions(pairs):
    return pairs.astype({"left": "int64", "right": "int64"})
