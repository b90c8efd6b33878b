"""umkm-dedup.toml is checked against one declared schema: a wrong type, NaN, a zero or negative
limit or an unknown key is an error naming the key and its line, in the user's language (exit 3),
never a traceback and never silently accepted."""

from __future__ import annotations


import pytest

from umkm_dedup.core.config import SCHEMA, load_config
from umkm_dedup.core.errors import ConfigError

from helpers import run_cli


def _config(tmp_path, body: str):
    path = tmp_path / "umkm-dedup.toml"
    path.write_text('[input]\nregencies = ["kabupaten"]\n\n' + body, encoding="utf-8")
    return path


@pytest.mark.parametrize("body, name, line, id_text, en_text", [
    ("[ledger]\npath = 5\n", "ledger.path", 5, "harus path dalam tanda kutip", "must be a path in quotes"),
    ('[matching]\nmax_block_size = "60"\n', "matching.max_block_size", 5, "bilangan bulat lebih dari 0",
     "a whole number above 0"),
    ("[matching]\nmax_block_size = 0\n", "matching.max_block_size", 5, "bilangan bulat lebih dari 0",
     "a whole number above 0"),
    ("[matching]\nmax_block_size = -3\n", "matching.max_block_size", 5, "lebih dari 0", "above 0"),
    ("[matching]\nmax_block_size = true\n", "matching.max_block_size", 5, "lebih dari 0", "above 0"),
    ("[matching]\nmatch_weight = nan\n", "matching.match_weight", 5, "bukan nan/inf", "not nan/inf"),
    ("[matching]\nreview_weight = inf\n", "matching.review_weight", 5, "bukan nan/inf", "not nan/inf"),
    ("[matching]\nu_sample_pairs = 0\n", "matching.u_sample_pairs", 5, "lebih dari 0", "above 0"),
    ("[output]\nmask_nik = \"ya\"\n", "output.mask_nik", 5, "true atau false", "true or false"),
    ("[output]\nlanguage = \"jv\"\n", "output.language", 5, '"id" atau "en"', '"id" or "en"'),
    ("[output]\nfolder = [\"a\"]\n", "output.folder", 5, "path dalam tanda kutip", "a path in quotes"),
    ("[ledger]\nstage = 2\n", "ledger.stage", 5, "teks yang tidak kosong", "a non-empty text"),
    ("[log]\nfile = \"x.log\"\nlevel = \"debug\"\n", "log.level", 6, "kunci tidak dikenal", "unknown key"),
    ("[laporan]\nx = 1\n", "laporan", 4, "bagian tidak dikenal", "unknown section"),
    # values of the right type that the matching settings refuse: said in the reader's language too
    ("[matching]\nmatch_weight = 2\nreview_weight = 5\n", "matching.match_weight", 5,
     "review_weight tidak boleh melebihi match_weight", "review_weight must not exceed match_weight"),
    ('[matching]\nrules_off = ["tidak_ada"]\n', "matching.rules_off", 5,
     "aturan tidak dikenal atau tidak bisa dimatikan: tidak_ada — pilih dari:", "unknown rule(s)"),
    ("[matching.comparison_params.nama]\nsimilar = 0.9\n", "matching.comparison_params", 4, "pembandingan tidak dikenal: nama",
     "unknown comparison(s): nama"),
])
def test_wrong_values_name_the_key_and_line(tmp_path, body, name, line, id_text, en_text):
    path = _config(tmp_path, body)
    with pytest.raises(ConfigError) as err:
        load_config(path)
    assert err.value.row == line and err.value.exit_code == 3
    assert name in err.value.describe("id") and f"baris {line}" in err.value.describe("id")
    assert id_text in err.value.describe("id"), err.value.describe("id")
    assert en_text in err.value.describe("en") and f"line {line}" in err.value.describe("en")


def test_the_cli_says_it_without_a_traceback(tmp_path, capsys):
    path = _config(tmp_path, "[ledger]\npath = 5\nstage = \"tahap-1\"\n")
    code, _, err = run_cli(capsys, "merge", "--config", path, "--lang", "en")
    assert code == 3, err
    assert "Traceback" not in err and "'ledger.path': must be a path" in err and "line 5" in err
    code, _, err = run_cli(capsys, "merge", tmp_path, "--out", tmp_path / "o", "--match-weight", "nan")
    assert code == 3 and "'--match-weight': harus angka (bukan nan/inf)" in err, err
    assert not (tmp_path / "o").exists()


def test_the_template_is_valid_and_every_value_keeps_its_meaning(tmp_path):
    from umkm_dedup.core.config import write_template

    cfg = load_config(write_template(tmp_path))
    assert cfg.out == tmp_path / "laporan" and cfg.lang == "id" and cfg.mask_nik is False
    assert cfg.matching == {"match_weight": 6.0, "review_weight": 0.0, "min_match_odds_bits": -4.0, "max_block_size": 60}
    assert cfg.sections["output"]["folder"] == "laporan"


def test_a_new_section_is_one_declaration(tmp_path, monkeypatch):
    from umkm_dedup.core import config

    monkeypatch.setitem(SCHEMA, "report", {"province": config.TEXT, "csv_sep": config.TEXT})
    cfg = load_config(_config(tmp_path, '[report]\nprovince = "Kepulauan Bangka Belitung"\ncsv_sep = ";"\n'))
    assert cfg.sections["report"] == {"province": "Kepulauan Bangka Belitung", "csv_sep": ";"}
    with pytest.raises(ConfigError, match="report.dinas"):
        load_config(_config(tmp_path, '[report]\ndinas = "Dinas Koperasi"\n'))
