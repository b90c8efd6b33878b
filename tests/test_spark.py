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

import numpy as np
import pytest

from helpers import SAMPLE, checksums

HAVE_SPARK = importlib.util.find_spec("pyspark") is not None and shutil.which("java") is not None
needs_spark = pytest.mark.skipif(not HAVE_SPARK, reason="PySpark or Java 17 is not installed")

# PySpark 4.x warns about pandas 3 on every conversion; nothing of ours
pytestmark = [pytest.mark.filterwarnings("ignore::FutureWarning"),
              pytest.mark.filterwarnings("ignore:The copy keyword is deprecated")]

# a Python that cannot import pyspark, whatever is installed
BLOCK_PYSPARK = "import sys; sys.modules['pyspark'] = None\n"


@pytest.fixture(scope="module")
def spark():
    from umkm_dedup.matching.spark.session import get_session

    session = get_session("local[2]", {"spark.sql.shuffle.partitions": "2", "spark.default.parallelism": "2"})
    yield session
    session.stop()


def _same(local, other):
    """Both MatchResults agree on everything a report is written from."""
    assert other.features.equals(local.features)
    assert other.blocking == local.blocking
    assert other.model.to_dict() == local.model.to_dict()
    assert other.pairs.equals(local.pairs)
    assert list(other.cluster_id) == list(local.cluster_id)
    assert other.stats == local.stats


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
def test_merge_on_spark_writes_the_same_files(spark, tmp_path):
    """End to end on the Bangka Belitung sample: the report folder of engine="spark" is byte for
    byte the local one (written from the Spark engine's result)."""
    from umkm_dedup.pipeline import merge

    local = merge([SAMPLE / "babel" / "input"], out=tmp_path / "local")
    other = merge([SAMPLE / "babel" / "input"], out=tmp_path / "spark", engine="spark", spark_master=None)
    strip = lambda sums, root: {k.replace(str(root), ""): v for k, v in sums.items()}  # noqa: E731
    assert strip(checksums(tmp_path / "spark"), tmp_path / "spark") == strip(checksums(tmp_path / "local"),
                                                                            tmp_path / "local")
    assert list(other.match.cluster_id) == list(local.match.cluster_id)


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
