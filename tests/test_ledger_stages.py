"""Decisions across three stages whose files repeat names, sheets and rows: each stage's
decisions stay tied to that stage's records in the ledger, so none goes stale or is lost."""

from __future__ import annotations

import pandas as pd
import pytest

from umkm_dedup.pipeline import merge

PEOPLE = {
    "tahap-1": [["1901015508850001", "Siti Aminah", "1985-08-15", "Jl Merdeka 1"],
                ["1901011203900003", "Budi Santoso", "1990-03-12", "Jl Sudirman 5"]],
    "tahap-2": [["1901014407700002", "Rina Marlina", "1970-07-04", "Jl Melati 3"],
                ["1901012109650004", "Agus Salim", "1965-09-21", "Jl Kenanga 9"]],
    "tahap-3": [["1901016101800005", "Dewi Lestari", "1980-01-21", "Jl Anggrek 2"],
                ["1901010505750006", "Joko Widodo", "1975-05-05", "Jl Mawar 8"]],
}


def _stage_folder(tmp_path, stage):
    folder = tmp_path / f"kiriman-{stage}"
    folder.mkdir()
    pd.DataFrame(PEOPLE[stage], columns=["NIK", "Nama Pemilik", "Tanggal Lahir", "Alamat"]).to_csv(
        folder / "kab.csv", index=False)   # the same file name, sheet and rows every stage
    return folder


def _decide(tmp_path, stage, out, verdict):
    m = pd.read_csv(out / "record_map.csv", dtype=str, keep_default_na=False, sep=None, engine="python")
    a, b = m.iloc[0], m.iloc[1]
    path = tmp_path / f"keputusan-{stage}.csv"
    path.write_text("a_file,a_sheet,a_row,a_name,b_file,b_sheet,b_row,b_name,decision\n"   # names: as a workbook's
                    f"{a.source_file},{a.sheet},{a.row},{PEOPLE[stage][int(a.row) - 2][1]},{b.source_file},{b.sheet},{b.row},{PEOPLE[stage][int(b.row) - 2][1]},"
                    f"{verdict}\n",
                    encoding="utf-8")
    return path


def test_earlier_stages_decisions_still_apply_at_stage_three(tmp_path):
    ledger = tmp_path / "ledger.sqlite"
    ran = {}
    for stage, verdict in (("tahap-1", "SAMA"), ("tahap-2", "BEDA"), ("tahap-3", None)):
        out = tmp_path / stage
        ran[stage] = merge([_stage_folder(tmp_path, stage)], out=out, ledger=ledger, stage=stage)
        if verdict:   # the officer decides this stage's pair; the run is repeated with it
            ran[stage] = merge([tmp_path / f"kiriman-{stage}"], out=out, ledger=ledger, stage=stage,
                               decisions=[_decide(tmp_path, stage, out, verdict)])
    assert ran["tahap-2"].summary["decisions"]["same"] == 1
    assert ran["tahap-2"].summary["decisions"]["different"] == 1
    third = ran["tahap-3"].summary["decisions"]
    assert (third["same"], third["different"], third["stale_count"]) == (1, 1, 0), third


def test_an_earlier_sama_carries_its_confidence_to_the_resent_records(tmp_path, monkeypatch):
    """Stage 2 resends stage 1's list: the pair the officer joined at stage 1 is joined again,
    shown in record_map.csv with the confidence that SAMA had in stage 1 (not 0.0000), and the
    decision is counted once."""
    monkeypatch.setitem(PEOPLE, "tahap-1", [["1901015508850001", "Siti Aminah", "1985-08-15", "Jl Merdeka 1"],
                                            ["", "Siti Aminah Hasanah", "1985-08-16", "Dusun Pasir Putih"]])
    ledger = tmp_path / "ledger.sqlite"
    sent = _stage_folder(tmp_path, "tahap-1")
    merge([sent], out=tmp_path / "o1", ledger=ledger, stage="tahap-1")
    first = pd.read_csv(tmp_path / "o1" / "record_map.csv", dtype=str, keep_default_na=False)
    assert first["cluster_id"].nunique() == 2   # the model alone keeps them apart
    merge([sent], out=tmp_path / "o1", ledger=ledger, stage="tahap-1",
          decisions=[_decide(tmp_path, "tahap-1", tmp_path / "o1", "SAMA")])
    decided = pd.read_csv(tmp_path / "o1" / "record_map.csv", dtype=str, keep_default_na=False)
    assert decided["cluster_id"].nunique() == 1
    again = merge([sent], out=tmp_path / "o2", ledger=ledger, stage="tahap-2")
    second = pd.read_csv(tmp_path / "o2" / "record_map.csv", dtype=str, keep_default_na=False)
    assert second["cluster_id"].nunique() == 1
    assert second["confidence"].tolist() == decided["confidence"].tolist()
    assert float(second["confidence"].iloc[0]) > 0
    assert again.summary["decisions"]["same"] == 1


def test_an_earlier_sama_does_not_follow_a_resent_record_whose_birth_date_was_corrected(tmp_path, monkeypatch):
    """The officer joined two records at stage 1; stage 2 resends the list with the second
    record's birth date corrected to another year: that copy is not the record the officer judged,
    so the decision is not carried to it (it is matched afresh), while the stage-1 pair stays joined."""
    monkeypatch.setitem(PEOPLE, "tahap-1", [["1901015508850001", "Siti Aminah", "1985-08-15", "Jl Merdeka 1"],
                                            ["", "Siti Aminah Hasanah", "1985-08-16", "Dusun Pasir Putih"]])
    ledger = tmp_path / "ledger.sqlite"
    sent = _stage_folder(tmp_path, "tahap-1")
    merge([sent], out=tmp_path / "o1", ledger=ledger, stage="tahap-1")
    merge([sent], out=tmp_path / "o1", ledger=ledger, stage="tahap-1",
          decisions=[_decide(tmp_path, "tahap-1", tmp_path / "o1", "SAMA")])
    monkeypatch.setitem(PEOPLE, "tahap-2", [["1901015508850001", "Siti Aminah", "1985-08-15", "Jl Merdeka 1"],
                                            ["", "Siti Aminah Hasanah", "1962-02-03", "Dusun Pasir Putih"]])
    again = merge([_stage_folder(tmp_path, "tahap-2")], out=tmp_path / "o2", ledger=ledger, stage="tahap-2")
    second = pd.read_csv(tmp_path / "o2" / "record_map.csv", dtype=str, keep_default_na=False)
    assert second["cluster_id"].nunique() == 2, second
    assert again.summary["decisions"]["same"] == 1   # the stage-1 decision, still in force
    assert again.summary["decisions"]["stale_count"] == 0


def test_re_running_an_earlier_stage_is_not_matched_against_the_stages_after_it(tmp_path, monkeypatch):
    """The officer decides stage 1's pairs after stage 2 was sent and runs tahap-1 again with
    the same lists: its persons were first reported in tahap-1, not 'already reported' by the
    later tahap-2, and the rerun writes the same report as before (README: re-running a stage
    replaces it, same outputs). Stage 2 (which resends one of stage 1's persons) keeps its count."""
    monkeypatch.setitem(PEOPLE, "tahap-2", [PEOPLE["tahap-1"][0], PEOPLE["tahap-2"][0]])
    ledger = tmp_path / "ledger.sqlite"
    first = merge([_stage_folder(tmp_path, "tahap-1")], out=tmp_path / "o1", ledger=ledger, stage="tahap-1")
    before = (tmp_path / "o1" / "record_map.csv").read_bytes()
    second = merge([_stage_folder(tmp_path, "tahap-2")], out=tmp_path / "o2", ledger=ledger, stage="tahap-2")
    assert second.summary["already_reported"] == 1
    again = merge([tmp_path / "kiriman-tahap-1"], out=tmp_path / "o1", ledger=ledger, stage="tahap-1")
    assert again.summary["already_reported"] == first.summary["already_reported"] == 0
    assert (tmp_path / "o1" / "record_map.csv").read_bytes() == before
    third = merge([tmp_path / "kiriman-tahap-2"], out=tmp_path / "o2", ledger=ledger, stage="tahap-2")
    assert third.summary["already_reported"] == 1


def test_re_running_an_earlier_stage_scores_with_its_own_model_not_a_later_refit(tmp_path, monkeypatch):
    """tahap-2 ran with --refit (its model scores the stages after it); tahap-1 run again with
    the same lists keeps the model it fitted, so its report is the same as before."""
    ledger = tmp_path / "ledger.sqlite"
    merge([_stage_folder(tmp_path, "tahap-1")], out=tmp_path / "o1", ledger=ledger, stage="tahap-1")
    before = (tmp_path / "o1" / "model.json").read_bytes()
    merge([_stage_folder(tmp_path, "tahap-2")], out=tmp_path / "o2", ledger=ledger, stage="tahap-2", refit=True)
    assert (tmp_path / "o2" / "model.json").read_bytes() != before
    merge([tmp_path / "kiriman-tahap-1"], out=tmp_path / "o1", ledger=ledger, stage="tahap-1")
    assert (tmp_path / "o1" / "model.json").read_bytes() == before


def test_a_person_removed_from_a_re_run_earlier_stage_stays_reported_by_the_later_stage_that_has_it(
        tmp_path, monkeypatch):
    """Siti was reported in tahap-1 and resent in tahap-2; tahap-1 is then re-run without her (the
    regency withdrew the row). Her tahap-2 record is still in the ledger: she is first reported in
    tahap-2 now (as `ledger remove` does), and tahap-3 counts her as already reported, not new."""
    siti = PEOPLE["tahap-1"][0]
    monkeypatch.setitem(PEOPLE, "tahap-2", [siti, PEOPLE["tahap-2"][0]])
    monkeypatch.setitem(PEOPLE, "tahap-3", [siti, PEOPLE["tahap-3"][0]])
    ledger = tmp_path / "ledger.sqlite"
    merge([_stage_folder(tmp_path, "tahap-1")], out=tmp_path / "o1", ledger=ledger, stage="tahap-1")
    merge([_stage_folder(tmp_path, "tahap-2")], out=tmp_path / "o2", ledger=ledger, stage="tahap-2")
    pd.DataFrame([PEOPLE["tahap-1"][1]], columns=["NIK", "Nama Pemilik", "Tanggal Lahir", "Alamat"]).to_csv(
        tmp_path / "kiriman-tahap-1" / "kab.csv", index=False)
    merge([tmp_path / "kiriman-tahap-1"], out=tmp_path / "o1", ledger=ledger, stage="tahap-1")
    from umkm_dedup.stages.ledger import Ledger

    book = Ledger(ledger)
    try:
        assert [book.stage(s)["new_persons"] for s in ("tahap-1", "tahap-2")] == [1, 2]
    finally:
        book.close()
    third = merge([_stage_folder(tmp_path, "tahap-3")], out=tmp_path / "o3", ledger=ledger, stage="tahap-3")
    assert third.summary["already_reported"] == 1


@pytest.mark.parametrize("second", [["1901015508850001", "Siti Aminah", "1985-08-15", "Jl Merdeka 1"],
                                    ["", "Siti Aminah", "1985-08-15", "Jl Merdeka 1"]],
                         ids=["the_same_identity", "one_without_nik"])
def test_an_earlier_beda_holds_for_its_records_resent_on_other_rows(tmp_path, monkeypatch, second):
    """Stage 1: the officer says two Siti Aminah the engine joined are two people (BEDA). Stage 2
    resends the list with a new person on top, so both move one row down: the resent copies are
    still two people (already reported), not one, and stage 2 counts them both."""
    people = [["1901015508850001", "Siti Aminah", "1985-08-15", "Jl Merdeka 1"], second,
              ["1901011203900003", "Budi Santoso", "1990-03-12", "Jl Sudirman 5"]]
    monkeypatch.setitem(PEOPLE, "tahap-1", people)
    ledger = tmp_path / "ledger.sqlite"
    sent = _stage_folder(tmp_path, "tahap-1")
    merge([sent], out=tmp_path / "o1", ledger=ledger, stage="tahap-1")
    first = pd.read_csv(tmp_path / "o1" / "record_map.csv", dtype=str, keep_default_na=False)
    assert first["cluster_id"].nunique() == 2   # the engine joins the two Siti
    merge([sent], out=tmp_path / "o1", ledger=ledger, stage="tahap-1",
          decisions=[_decide(tmp_path, "tahap-1", tmp_path / "o1", "BEDA")])
    monkeypatch.setitem(PEOPLE, "tahap-2", [["1901016101800005", "Dewi Lestari", "1980-01-21", "Jl Anggrek 2"]]
                        + people)
    again = merge([_stage_folder(tmp_path, "tahap-2")], out=tmp_path / "o2", ledger=ledger, stage="tahap-2")
    second_map = pd.read_csv(tmp_path / "o2" / "record_map.csv", dtype=str, keep_default_na=False)
    siti = second_map[second_map["row"].isin(["3", "4"])]
    assert siti["cluster_id"].nunique() == 2, second_map
    assert (siti["decision"] == "already_reported").all()
    assert again.summary["already_reported"] == 3
    assert again.summary["decisions"]["different"] == 1 and again.summary["decisions"]["stale_count"] == 0


def test_re_running_a_stage_into_another_output_folder_keeps_its_decisions(tmp_path, monkeypatch):
    """The officer decided tahap-1's pair (BEDA), then re-runs tahap-1 with --out into a new
    folder (a dated one): the ledger held the decision, and the re-run must neither drop it from
    the ledger nor report the two Siti as one person."""
    monkeypatch.setitem(PEOPLE, "tahap-1", [["1901015508850001", "Siti Aminah", "1985-08-15", "Jl Merdeka 1"],
                                            ["1901015508850001", "Siti Aminah", "1985-08-15", "Jl Merdeka 1"],
                                            ["1901011203900003", "Budi Santoso", "1990-03-12", "Jl Sudirman 5"]])
    ledger = tmp_path / "ledger.sqlite"
    sent = _stage_folder(tmp_path, "tahap-1")
    merge([sent], out=tmp_path / "o1", ledger=ledger, stage="tahap-1")
    merge([sent], out=tmp_path / "o1", ledger=ledger, stage="tahap-1",
          decisions=[_decide(tmp_path, "tahap-1", tmp_path / "o1", "BEDA")])
    decided = pd.read_csv(tmp_path / "o1" / "record_map.csv", dtype=str, keep_default_na=False)
    again = merge([sent], out=tmp_path / "minggu-2", ledger=ledger, stage="tahap-1")
    assert again.summary["decisions"]["different"] == 1
    rerun = pd.read_csv(tmp_path / "minggu-2" / "record_map.csv", dtype=str, keep_default_na=False)
    assert rerun["cluster_id"].tolist() == decided["cluster_id"].tolist()
    later = merge([_stage_folder(tmp_path, "tahap-2")], out=tmp_path / "o2", ledger=ledger, stage="tahap-2")
    assert later.summary["decisions"]["different"] == 1   # still in the ledger for the stages after


def test_a_decision_made_on_the_resent_records_overrides_the_earlier_stages_copy_of_it(tmp_path, monkeypatch):
    """Stage 1: BEDA on two Siti Aminah written alike. Stage 2 resends them and the officer,
    having checked the KTP, says SAMA on the resent pair: her newer word holds for stage 2's
    records (one person), instead of the stage-1 BEDA's copy refusing it while the console
    counted the SAMA as applied."""
    people = [["1901015508850001", "Siti Aminah", "1985-08-15", "Jl Merdeka 1"]] * 2
    monkeypatch.setitem(PEOPLE, "tahap-1", people)
    monkeypatch.setitem(PEOPLE, "tahap-2", people)
    ledger = tmp_path / "ledger.sqlite"
    sent = _stage_folder(tmp_path, "tahap-1")
    merge([sent], out=tmp_path / "o1", ledger=ledger, stage="tahap-1")
    merge([sent], out=tmp_path / "o1", ledger=ledger, stage="tahap-1",
          decisions=[_decide(tmp_path, "tahap-1", tmp_path / "o1", "BEDA")])
    resent = _stage_folder(tmp_path, "tahap-2")
    merge([resent], out=tmp_path / "o2", ledger=ledger, stage="tahap-2")
    split = pd.read_csv(tmp_path / "o2" / "record_map.csv", dtype=str, keep_default_na=False)
    assert split["cluster_id"].nunique() == 2   # the stage-1 BEDA holds for the copies
    again = merge([resent], out=tmp_path / "o2", ledger=ledger, stage="tahap-2",
                  decisions=[_decide(tmp_path, "tahap-2", tmp_path / "o2", "SAMA")])
    joined = pd.read_csv(tmp_path / "o2" / "record_map.csv", dtype=str, keep_default_na=False)
    assert joined["cluster_id"].nunique() == 1, joined
    assert again.summary["decisions"]["same"] == 1 and again.summary["decisions"]["different"] == 1
