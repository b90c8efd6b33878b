"""One masking rule everywhere: any run of NIK-like digits, in any Unicode digit form and whatever
surrounds it, is masked on the console, in JSON, in logs, in tracebacks, and (under --mask-nik) in
every output including file names, sheet names and headers."""

from __future__ import annotations

import os
import json
import stat
import sys
import zipfile

import pandas as pd
import pytest

from umkm_dedup.pipeline import merge
from umkm_dedup.core.privacy import mask_nik, mask_text

from helpers import run_cli

NIK = "1901015508850001"          # a structurally valid Bangka NIK (a woman born 15-08-1985)
NIK2 = "1901015508850002"
MIDDLE = NIK[4:12]                # what masking must hide


@pytest.mark.parametrize("text, shown", [
    (NIK, "1901********0001"),
    (f"{NIK} (lama)", "1901********0001 (lama)"),
    (f"NIK:{NIK}x", "NIK:1901********0001x"),
    (NIK + "7", "1901*********0017"),                          # 17 digits
    (NIK + NIK2, "1901" + "*" * 24 + "0002"),                   # two NIKs glued together
    (f"{NIK}/{NIK2}", "1901********0001/1901********0002"),
    ("１９０１０１５５０８８５０００１", "１９０１********０００１"),      # fullwidth
    ("١٩٠١٠١٥٥٠٨٨٥٠٠٠١", "١٩٠١********٠٠٠١"),                    # Arabic-Indic
    ("1901 0155 0885 0001", "1901 **** **** 0001"),              # grouped as on the card
    ("19.01.01.550885.0001", "19.01.**.******.0001"),
    ("190101550885000", "1901*******5000"),                     # cut by Excel (15 digits)
])
def test_every_form_of_a_nik_is_masked(text, shown):
    assert mask_text(text) == shown


@pytest.mark.parametrize("text", ["2026-12-01T20:24:06", "264 orang unik dari 453 data", "40 36 4 1 35 10 12 17",
                                  "row 1048576", "U47373B82E6", "1.033 data"])
def test_ordinary_numbers_are_left_alone(text):
    assert mask_text(text) == text


def test_mask_nik_keeps_the_cell_readable():
    assert mask_nik(f"{NIK} (lama)") == "1901********0001 (lama)"
    assert mask_nik(f"{NIK}/{NIK2}") == "1901********0001/1901********0002"
    assert mask_nik("5.10401E+15") == "*.*****E+**" and mask_nik("5104012345") == "5104**2345"
    assert mask_nik("12345") == "*****"


@pytest.fixture(scope="module")
def odd_niks(tmp_path_factory):
    """A list whose NIK cells carry suffixes, a 17th digit and two NIKs; and a file, a sheet-less CSV
    and a header that carry a NIK themselves."""
    folder = tmp_path_factory.mktemp("odd")
    src = folder / "input"
    src.mkdir()
    rows = [[f"{NIK} (lama)", "Siti Aminah", "1985-08-15", "Jl Merdeka 1"],
            [NIK + "7", "Siti Aminah", "1985-08-15", "Jl Merdeka 1"],
            [f"{NIK}{NIK2}", "Siti Aminah", "1985-08-15", "Jl Merdeka 1"],
            ["1901011203900003", "Budi Santoso", "1990-03-12", "Jl Sudirman 5"]]
    pd.DataFrame(rows, columns=["NIK", "Nama Pemilik", "Tanggal Lahir", "Alamat"]).assign(
        **{f"Catatan {NIK2}": "x"}).to_csv(src / f"{NIK}_kiriman.csv", index=False)
    out = folder / "out"
    merge([src], out=out)
    masked = folder / "masked"
    merge([src], out=masked, mask_nik=True)
    rmap = pd.read_csv(out / "record_map.csv", dtype=str, keep_default_na=False)
    cluster = rmap["cluster_id"].value_counts().index[0]
    return src, out, masked, cluster


def test_explain_console_and_json_show_no_nik(odd_niks, capsys):
    _, out, _, cluster = odd_niks
    code, console, err = run_cli(capsys, "explain", "--out", out, "--cluster", cluster)
    assert code == 0, err
    assert "1901********0001 (lama)" in console          # the suffix stays readable
    code, as_json, err2 = run_cli(capsys, "explain", "--out", out, "--cluster", cluster, "--json")
    assert code == 0, err2
    json.loads(as_json)
    for text in (console, err, as_json, err2):
        assert MIDDLE not in text and NIK2[4:12] not in text


def test_validate_console_and_json_show_no_nik(odd_niks, tmp_path, capsys):
    src, *_ = odd_niks
    file = next(src.iterdir())
    for extra in ([], ["--json"]):
        code, out, err = run_cli(capsys, "validate", file, "--out", tmp_path / "periksa.xlsx", *extra)
        assert code == 1, err
        assert "1901" in out                      # the findings are there, masked
        assert MIDDLE not in out + err and NIK2[4:12] not in out + err


def _output_texts(folder):
    """Every output's bytes as text (workbook parts unzipped, Parquet as bytes: dictionary pages
    are stored plainly with the default codec... decompressed through pyarrow to be sure)."""
    import pyarrow.parquet as pq

    for path in sorted(folder.iterdir()):
        if path.suffix == ".xlsx":
            with zipfile.ZipFile(path) as z:
                for name in z.namelist():
                    yield path.name + ":" + name, z.read(name).decode("utf-8", "replace")
        elif path.suffix == ".parquet":
            yield path.name, pq.read_table(path).to_pandas().astype(str).to_csv()
        else:
            yield path.name, path.read_text(encoding="utf-8-sig")


def test_mask_nik_reaches_file_names_headers_and_every_output(odd_niks):
    _, out, masked, _ = odd_niks
    plain = dict(_output_texts(out))
    assert any(MIDDLE in text for text in plain.values())          # without --mask-nik the NIKs are there
    leaks = [name for name, text in _output_texts(masked) if MIDDLE in text or NIK2[4:12] in text]
    assert leaks == []
    sources = pd.read_csv(masked / "record_map.csv", dtype=str)["source_file"].unique().tolist()
    assert sources == ["1901********0001_kiriman.csv"]


def test_last_resort_error_is_logged_masked_never_shown(tmp_path, monkeypatch, capsys):
    """An unexpected error (here one whose message holds a NIK, as pandas' did) prints one catalogue
    line; its traceback goes, masked, to the log file, created owner-only."""
    from umkm_dedup import cli as cli_module
    from umkm_dedup import pipeline as merge_module

    def broken(*args, **kwargs):
        raise ValueError(f"Unable to parse string '{NIK}' at position 0")

    monkeypatch.setattr(merge_module, "read_sources", broken)
    log = tmp_path / "logs" / "umkm.log"
    (tmp_path / "in").mkdir()
    monkeypatch.setattr(sys, "argv", ["umkm-dedup", "merge", str(tmp_path / "in"), "--out", str(tmp_path / "o"),
                                      "--log-file", str(log), "--lang", "en"])
    with pytest.raises(SystemExit) as exit_:
        cli_module.main()
    assert exit_.value.code == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and NIK not in err and MIDDLE not in err
    assert "internal umkm-dedup error (ValueError)" in err and str(log) in err
    assert stat.S_IMODE(log.stat().st_mode) == 0o600
    crash = [json.loads(line) for line in log.read_text().splitlines() if '"crash"' in line][-1]
    assert "Traceback" in crash["traceback"] and "1901********0001" in crash["traceback"]
    assert MIDDLE not in log.read_text()
    assert not (tmp_path / "o").exists()                 # and no empty output folder was left


def test_last_resort_error_without_a_log_file_goes_to_the_home_log(tmp_path, monkeypatch, capsys):
    from umkm_dedup import cli as cli_module
    from umkm_dedup import pipeline as merge_module

    monkeypatch.setattr(merge_module, "read_sources", lambda *a, **k: 1 / 0)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("USERPROFILE", str(tmp_path))
    monkeypatch.setattr(sys, "argv", ["umkm-dedup", "merge", str(tmp_path), "--out", str(tmp_path / "o")])
    with pytest.raises(SystemExit) as exit_:
        cli_module.main()
    assert exit_.value.code == 1
    err = capsys.readouterr().err
    assert "kesalahan internal umkm-dedup (ZeroDivisionError)" in err and "Traceback" not in err
    log = tmp_path / ".umkm-dedup" / "umkm-dedup.log"
    assert "ZeroDivisionError" in log.read_text() and stat.S_IMODE(log.stat().st_mode) == 0o600


def test_log_file_is_owner_only(tmp_path):
    from umkm_dedup.core.logs import JsonLog

    log = JsonLog(tmp_path / "run.log")
    log.event("merge.start", inputs=[f"{NIK}.csv"])
    assert stat.S_IMODE((tmp_path / "run.log").stat().st_mode) == 0o600
    assert MIDDLE not in (tmp_path / "run.log").read_text()


def test_json_on_stdout_stays_json_when_a_fraction_has_sixteen_digits(capsys):
    """evaluate --json printed "precision": 0.999*********0284 — a float's digits look like a NIK
    to the mask. Fractions are rounded before masking; a NIK in a value is still masked."""
    import json

    from umkm_dedup.core.console import print_json

    nik = "5104" + "0101" + "0101" + "0001"
    print_json({"precision": 0.9993195174760284, "rows": [{"f1": 0.9854807223035628}], "note": f"NIK {nik}"})
    data = json.loads(capsys.readouterr().out)
    assert data["precision"] == 0.99932 and data["rows"][0]["f1"] == 0.985481
    assert nik not in data["note"] and data["note"].startswith("NIK 5104")


@pytest.mark.skipif(os.name == "nt", reason="POSIX permission bits")
def test_a_report_folder_the_run_creates_is_owner_only_and_one_given_keeps_its_rights(tmp_path):
    """Every file in the report folder was 0600, yet the folder the run made was world-listable:
    its file names (a stage, a regency) were readable by anyone on the machine."""
    from umkm_dedup.report.outfolder import OutputFolder

    made = OutputFolder(tmp_path / "new" / "laporan")
    assert stat.S_IMODE(made.path.stat().st_mode) == 0o700
    given = tmp_path / "shared"
    given.mkdir(mode=0o750)
    os.chmod(given, 0o750)
    OutputFolder(given)
    assert stat.S_IMODE(given.stat().st_mode) == 0o750
