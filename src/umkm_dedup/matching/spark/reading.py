"""The CSV and Parquet inputs of a Spark run, read on the executors: each such file is one task
that runs the normal adapter on it (sources/reader.read_file: the same header recognition, roles,
cell rules, row filter, provenance rows and limits), and sends back its records as Arrow IPC
batches and its sheet reports (or its FileProblem). Workbooks are read here by the same function
as always. The driver then holds what a local run holds after reading: the record table (the
report is written from it), concatenated in the files' order.

One file is one task, not a row group or a byte range each: the row filter learns a sheet's
record shape from the rows before (rowfilter.RowFilter) and a CSV's rows are only known by
reading it from its start (quoted line breaks), so a split file would not give the local run's
records. The gain is the reading's CPU (parsing, cell rules) spread over the executors, one file
per core; the files must be at the same path on every executor (a shared mount)."""

from __future__ import annotations

import pickle
from pathlib import Path

#: inputs read on the cluster: what sources/readers.py streams (the rest are workbooks)
CLUSTER_SUFFIXES = (".csv", ".txt", ".parquet")
#: records per Arrow IPC message sent back (one Spark row each)
SEND_ROWS = 100_000


def on_cluster(path: Path) -> bool:
    return path.suffix.lower() in CLUSTER_SUFFIXES


def spark_reader(session):
    """read_sources' read_many: the CSV and Parquet files read on the cluster, all at once when
    the first result is asked for; the others here, in order. `session()`: the SparkSession,
    started only when some file is read there."""

    def read_many(jobs, mapping, limits):
        from ...sources.reader import read_each

        wanted = [k for k, (path, _) in enumerate(jobs) if on_cluster(Path(path))]
        remote = read_on_cluster(session(), [jobs[k] for k in wanted], mapping, limits) if wanted else {}
        where = {k: i for i, k in enumerate(wanted)}
        for k, job in enumerate(jobs):
            if k in where:
                yield remote.pop(where[k])
            else:
                yield next(read_each([job], mapping, limits))

    return read_many


def read_on_cluster(spark, jobs, mapping, limits) -> dict:
    """{job index: (frame, reports) or FileProblem} for `jobs` [(path, role)], one task each."""
    import pyarrow as pa
    import pandas as pd

    # read by its full path (an executor's working folder is its own), named as given
    spec = [(str(path), str(Path(path).absolute()), None if role is None else role.value) for path, role in jobs]
    shared = spark.sparkContext.broadcast((spec, mapping, limits))

    def run(batches):
        from ...core.records import Role
        from ...sources.reader import problem_of, read_file
        from ...core.errors import SourceError

        spec, mapping, limits = shared.value
        for batch in batches:
            for job in batch.column("id").to_pylist():
                given, path, role = spec[job]
                try:
                    frame, reports = read_file(Path(path), role=None if role is None else Role(role),
                                               mapping=mapping, limits=limits)
                except SourceError as exc:
                    yield _row(job, -1, None, pickle.dumps(problem_of(exc, Path(given))))
                    continue
                frame["source_path"] = given
                for report in reports:
                    report.path = given
                table = pa.Table.from_pandas(frame, preserve_index=False)
                del frame
                for part, start in enumerate(range(0, max(table.num_rows, 1), SEND_ROWS)):
                    yield _row(job, part, _ipc(table.slice(start, SEND_ROWS)), None)
                yield _row(job, -1, None, pickle.dumps(reports))

    ids = spark.range(0, len(spec), 1, numPartitions=len(spec))
    schema = "job long, part long, ipc binary, meta binary"
    # every file read at once on the executors (cached there), then brought here a file at a
    # time: toLocalIterator alone would run one task after the other
    read = ids.mapInArrow(run, schema).persist()
    read.count()
    pieces: dict[int, list] = {}
    out: dict = {}
    for row in read.toLocalIterator():
        job = int(row["job"])
        if row["meta"] is not None:
            meta = pickle.loads(row["meta"])
            if isinstance(meta, list):   # the sheet reports: the file's records are all here
                tables = pieces.pop(job, [])
                frame = (pa.concat_tables(tables) if len(tables) > 1 else tables[0]).to_pandas() if tables \
                    else pd.DataFrame()
                out[job] = (frame, meta)
            else:
                pieces.pop(job, None)
                out[job] = meta
        else:
            pieces.setdefault(job, []).append(pa.ipc.open_stream(row["ipc"]).read_all())
    read.unpersist()
    shared.unpersist()
    return out


def _ipc(table) -> bytes:
    import pyarrow as pa

    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue().to_pybytes()


def _row(job: int, part: int, ipc: bytes | None, meta: bytes | None):
    import pyarrow as pa

    return pa.RecordBatch.from_pydict({"job": [job], "part": [part], "ipc": [ipc], "meta": [meta]},
                                      schema=pa.schema([("job", pa.int64()), ("part", pa.int64()),
                                                        ("ipc", pa.binary()), ("meta", pa.binary())]))
