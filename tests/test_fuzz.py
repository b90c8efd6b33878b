"""Property-based fuzzing of the readers and of a small whole merge (issue 12): random bytes,
CSV dialects and quoting, random cell types and positions, sheet names, Unicode with control and
RTL characters. No exception escapes, every good record is kept, outputs reopen, no formula and no
full NIK gets out. A few hundred examples here; bench/fuzz.py runs >= 10,000 and tabulates them."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fuzzing import check_bytes, check_csv, check_merge, check_validate, check_workbook, csv_files, workbooks

FAST = settings(max_examples=120, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                       HealthCheck.data_too_large])


@settings(FAST, max_examples=150)
@given(data=st.binary(max_size=3000), suffix=st.sampled_from([".csv", ".xlsx", ".xls", ".ods", ".txt"]))
def test_random_bytes_never_escape_the_reader(tmp_path, data, suffix):
    check_bytes(tmp_path / "f", data, suffix)


@settings(FAST, max_examples=80)
@given(data=csv_files())
def test_random_csv_dialects_and_text_are_read_or_refused_cleanly(tmp_path, data):
    check_csv(tmp_path / "f", data)


@settings(FAST, max_examples=30)
@given(book=workbooks())
def test_random_workbooks_are_read_or_refused_cleanly(tmp_path, book):
    check_workbook(tmp_path / "f", book)


@settings(FAST, max_examples=4)
@given(hostile=st.one_of(st.tuples(st.just("csv"), csv_files()), st.tuples(st.just("bytes"), st.binary(max_size=500)),
                         st.tuples(st.just("workbook"), workbooks())))
def test_a_small_merge_keeps_every_good_record_beside_any_file(tmp_path, hostile):
    check_merge(tmp_path / "m", hostile)


@settings(FAST, max_examples=3)
@given(hostile=st.one_of(st.tuples(st.just("csv"), csv_files()), st.tuples(st.just("workbook"), workbooks())))
def test_validate_on_any_file_exits_cleanly_and_its_copies_reopen(tmp_path, hostile):
    check_validate(tmp_path / "v", hostile)
