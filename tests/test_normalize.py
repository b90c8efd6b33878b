"""Every normaliser in normalize/ pinned on the cases /work/shared/domain.md names (names with
titles, old spellings, Muhammad's forms, Balinese caste titles and birth-order names, the phonetic
key; dates; addresses with RT/RW; phones; NIK structure), each beside a near miss that must stay
apart, so a change that merges too much fails as surely as one that merges too little."""

from __future__ import annotations

import pandas as pd
import pytest

from umkm_dedup.normalize.addresses import (address_parts, normalise_address, normalise_addresses, region_key, rt_rw,
                                            rt_rws)
from umkm_dedup.normalize.dates import parse_date, parse_dates
from umkm_dedup.normalize.names import (
    CASTE_FAMILY,
    core_name,
    normalise_name,
    normalise_names,
    phonetic_name,
    phonetic_token,
    sex_from_name,
    strip_titles,
)
from umkm_dedup.normalize.nik import analyse_niks, known_districts, quality_counts
from umkm_dedup.normalize.phones import national_phones, normalise_phones, phone_valid


def nik(region: str = "510401", ddmmyy: str = "120190", serial: str = "0001") -> str:
    """A NIK from its parts (PPRRDD DDMMYY SSSS): no 16-digit literal in the tests either."""
    return region + ddmmyy + serial


# --- names ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("written,stripped", [
    ("Bpk. H. Ahmad Fauzi, S.E., M.M.", "Ahmad Fauzi"),
    ("Ibu Hj. Siti Aminah", "Siti Aminah"),
    ("Drs. Bambang Sutrisno, M.Pd.", "Bambang Sutrisno"),
    ("Sdri. Rina Wati S.Pd", "Rina Wati"),
    ("Ir. Joko Widodo", "Joko Widodo"),
])
def test_titles_and_degrees_go(written, stripped):
    assert strip_titles(written) == stripped


@pytest.mark.parametrize("written", ["Pakde Slamet", "Haji", "Hadi Sutrisno", "Bunga Citra Lestari"])
def test_a_word_that_only_looks_like_a_title_stays(written):
    """'Pakde' is not 'Pak', 'Bunga' not 'Bu', 'Hadi' not 'H.'; a name that is only a title keeps it."""
    assert strip_titles(written) == written


@pytest.mark.parametrize("old,new", [
    ("Soeharto", "suharto"), ("DJOKO Soesilo", "joko susilo"), ("Tjahjo Koemolo", "cahyo kumolo"),
    ("Njoman Sjarif", "nyoman syarif"), ("Achmad", "akhmad"), ("Drs. H. MOCH. DJOKO Soesilo", "muhammad joko susilo"),
])
def test_old_spellings_become_modern(old, new):
    assert normalise_name(old) == new


def test_j_becomes_y_only_in_a_name_with_other_old_spellings():
    assert normalise_name("Djajadi") == "jayadi"          # dj marks an old spelling: its other j is y
    assert normalise_name("Jaya Jusuf") == "jaya jusuf"   # the near miss: a modern name keeps its j


@pytest.mark.parametrize("written", ["Muhammad Ali", "Mohammad Ali", "Mohamad Ali", "Muhamad Ali", "Moch. Ali",
                                     "Moh. Ali", "Muh. Ali", "M. Ali", "Mhd Ali"])
def test_the_forms_of_muhammad_are_one(written):
    assert normalise_name(written) == "muhammad ali"


def test_m_is_muhammad_only_in_front_and_md_is_made():
    assert normalise_name("Ali M.") == "ali m"
    assert normalise_name("I Md. Sudarta") == "i made sudarta"     # Balinese lists: Md. is Made


CASTE_CASES = [
    ("ngurah", ["I Gusti Ngurah Ketut Wijaya", "I.G.N. Ketut Wijaya", "IGN Ketut Wijaya", "I Gst. Ngurah Ketut Wijaya",
                "Gusti Ngurah Ketut Wijaya", "Ngurah Ketut Wijaya"]),
    ("idabagus", ["Ida Bagus Putu Mantra", "I.B. Putu Mantra", "IB Putu Mantra", "Gus Putu Mantra"]),
    ("idaayu", ["Ida Ayu Made Sari", "I.A. Made Sari", "Dayu Made Sari"]),
    ("agung", ["Anak Agung Gede Oka", "A.A. Gede Oka", "AA Gede Oka", "Gung Gede Oka"]),
    ("cokorda", ["Cokorda Gede Raka", "Cok. Gede Raka", "Tjokorda Gede Raka", "Cokorde Gede Raka"]),
    ("dewa", ["Dewa Made Beratha", "Dw. Made Beratha"]),
    ("gusti", ["Gusti Putu Artha", "Gst. Putu Artha", "I Gusti Putu Artha"]),
]


@pytest.mark.parametrize("title,forms", CASTE_CASES, ids=[c[0] for c in CASTE_CASES])
def test_a_balinese_caste_title_in_any_written_form_is_one_title_word(title, forms):
    normalised = {normalise_name(f) for f in forms}
    assert len(normalised) == 1, normalised
    assert normalised.pop().split()[0] == title


def test_two_caste_titles_stay_two_families():
    a, b = normalise_name("Ida Bagus Ketut Wijaya"), normalise_name("I Gusti Ngurah Ketut Wijaya")
    assert a != b
    assert CASTE_FAMILY[a.split()[0]] != CASTE_FAMILY[b.split()[0]]
    assert normalise_name("I Made Sudarta").split()[0] == "i"       # I is not a caste title


@pytest.mark.parametrize("abbreviated,full", [
    ("I Kt. Arta", "i ketut arta"), ("Ni Nym. Sari", "ni nyoman sari"), ("I Kmg. Juliarta", "i komang juliarta"),
    ("Ni Kdk. Rai", "ni kadek rai"), ("I Wyn. Sukadana", "i wayan sukadana"), ("Ni W. Lestari", "ni wayan lestari"),
])
def test_birth_order_abbreviations_are_written_out(abbreviated, full):
    assert normalise_name(abbreviated) == full


def test_a_lone_w_is_wayan_only_after_i_or_ni():
    assert normalise_name("Budi W. Santoso") == "budi w santoso"


def test_ni_luh_before_a_birth_order_name_is_the_honorific():
    assert normalise_name("Ni Luh Kadek Sari") == normalise_name("Ni Kadek Sari") == "ni kadek sari"
    assert normalise_name("Ni Luh Sari") == "ni luh sari"           # Luh as the birth order itself stays
    # before a misspelt birth-order name too: Luh must not stand as the order and clash with Kadek
    assert normalise_name("Ni Luh Kaedk Sari") == "ni kaedk sari"
    assert normalise_name("NI LUH KOMNAG DEWI") == "ni komnag dewi"
    assert normalise_name("Ni Luh Sukerti") == "ni luh sukerti"     # a name, not a misspelt order


def test_other_scripts_are_transliterated_and_two_names_stay_two():
    wang = normalise_name("王小明")
    assert wang == "wang xiao ming"
    assert normalise_name("李小明") != wang
    assert normalise_name("محمد") != ""


@pytest.mark.parametrize("a,b", [("khairul", "kairul"), ("syaiful", "saiful"), ("zainal", "jainal"),
                                 ("yusuf", "jusuf"), ("effendi", "efendi"),
                                 ("dedi", "tedi"), ("rahmat", "ramat"), ("evi", "efi")])
def test_the_phonetic_key_absorbs_spelling_variants(a, b):
    assert phonetic_token(a) == phonetic_token(b)


@pytest.mark.parametrize("a,b", [("sudarta", "sukarta"), ("wati", "wahyu"), ("rina", "rini ani"), ("agus", "bagus")])
def test_the_phonetic_key_keeps_different_names_apart(a, b):
    assert phonetic_name(a) != phonetic_name(b)


def test_the_phonetic_name_drops_i_ni_and_sorts_words():
    assert phonetic_name("i made sudarta") == phonetic_name("made sudarta")
    assert phonetic_name("rickett oliver") == phonetic_name("oliver rickett")
    assert phonetic_name("ngurah ketut wijaya") == phonetic_name("ketut wijaya")
    assert phonetic_name("made sukarta") != phonetic_name("made sudarta")


def test_the_core_name_leaves_out_i_ni_and_birth_order_and_their_typos():
    assert core_name("i made sudarta") == "sudarta"
    assert core_name("i komag sukerta") == "sukerta"                 # misspelt Komang after I
    assert core_name("budi komag") == "budi komag"                   # not a Balinese name: kept
    assert core_name("made") == "made"                               # nothing else: the name itself


@pytest.mark.parametrize("name,sex", [("Ni Kadek Rai", "P"), ("I Made Sudarta", "L"), ("Ida Ayu Made Sari", "P"),
                                      ("Ida Bagus Putu Mantra", "L"), ("Bapak Budi", "L"), ("Hj. Siti Aminah", "P"),
                                      ("Drs. Bambang", "L"), ("Dra. Sri Rahayu", "P")])
def test_sex_from_a_name_that_says_it(name, sex):
    assert sex_from_name(name) == sex


@pytest.mark.parametrize("name", ["Budi Santoso", "Ibrahim", "Nina Ayu", "Made Sudarta"])
def test_no_sex_from_a_name_that_does_not_say_it(name):
    assert sex_from_name(name) == ""


def test_normalise_names_gives_every_form_once_per_distinct_name():
    out = normalise_names(pd.Series(["I Md. Sudarta", "I MADE SUDARTA", "Ni Kadek Rai"], index=[7, 8, 9]))
    assert list(out.index) == [7, 8, 9]
    assert list(out.columns) == ["name_norm", "name_phon", "name_core", "name_sex"]
    assert out.loc[7].tolist() == out.loc[8].tolist()
    assert out.loc[9, "name_sex"] == "P" and out.loc[9, "name_core"] == "rai"


# --- dates -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("written", ["1980-12-31", "1980/12/31", "31/12/1980", "31-12-1980", "31.12.1980",
                                     "31 12 1980", "31 Desember 1980", "31 Des 1980", "31-December-1980",
                                     "31/12/80", "1980-12-31 00:00:00", "29586"])
def test_every_common_date_form(written):
    assert parse_date(written) == "1980-12-31"


@pytest.mark.parametrize("written,iso", [("02/03/1980", "1980-03-02"),   # day first, as Indonesians write
                                         ("12 Nopember 1975", "1975-11-12"), ("1 Pebruari 1990", "1990-02-01"),
                                         ("17 Agt 1945", "1945-08-17"), ("01/01/20", "2020-01-01"),
                                         ("01/01/27", "1927-01-01"), ("29/02/1992", "1992-02-29")])
def test_day_first_indonesian_months_and_the_two_digit_year(written, iso):
    assert parse_date(written) == iso


@pytest.mark.parametrize("written", ["31/02/1980", "13/13/1980", "29/02/1993", "31 Smarch 1980", "tgl lupa",
                                     "1000", "", "1980", "12/1980"])
def test_a_near_date_that_is_no_date(written):
    assert parse_date(written) == ""


@pytest.mark.parametrize("written", ["31-12-1980 00:00:00", "31/12/1980 00:00", "12/31/1980", "12-31-1980 00:00:00",
                                     "19801231", "31-Dec-80", "31 Des 80"])
def test_dates_exports_write_that_were_called_unreadable(written):
    """A datetime cell saved as CSV keeps its time (LibreOffice, a database export); a US-locale
    Excel writes month first, which is certain when the day is past 12; a database writes
    yyyymmdd; English Excel's d-mmm-yy. validate told the facilitator to retype each of them."""
    assert parse_date(written) == "1980-12-31"


@pytest.mark.parametrize("written", ["19801331", "18991231", "13/13/1980", "31-12-1980 25:00", "31-Smarch-80"])
def test_near_misses_of_those_forms_stay_no_date(written):
    assert parse_date(written) == ""


def test_parse_dates_keeps_the_index():
    out = parse_dates(pd.Series(["31/12/1980", "x"], index=[5, 6]))
    assert out.to_dict() == {5: "1980-12-31", 6: ""}


# --- addresses -------------------------------------------------------------------------------------

@pytest.mark.parametrize("written", ["RT 003/RW 002", "RT.3 RW.2", "rt 3/2", "003/002", "Jl. Merdeka 5 RT 03 RW 02",
                                     "RT 3 - RW 2", "rt.003 / rw.002"])
def test_rt_rw_in_every_written_form(written):
    assert rt_rw(written) == "3/2"


@pytest.mark.parametrize("written", ["Jl. Merdeka No. 12/3", "Jl. Merdeka 5", "Blok C3", ""])
def test_no_rt_rw_where_there_is_none(written):
    assert rt_rw(written) == ""


def test_rt_rw_differs_when_it_differs():
    assert rt_rw("RT 003/RW 002") != rt_rw("RT 003/RW 005")
    assert rt_rws(pd.Series(["RT 1/2", ""], index=[3, 4])).to_dict() == {3: "1/2", 4: ""}


@pytest.mark.parametrize("a,b", [
    ("JL. Merdeka No.5 RT 003/RW 002", "Jalan Merdeka 5, rt 3/2"),
    ("Jl. Raya Sesetan No. 7 RT 6 RW 2, Br. Kelod", "Jalan Raya Sesetan 7"),
    ("Gg. Mawar No. 3, Desa Ubung Kaja, Kec. Denpasar Utara", "Gang Mawar 3"),
    ("Jln Pura Dalem No 07", "Jl. Pura Dalem 7"),
])
def test_an_address_compares_on_its_dwelling_part(a, b):
    assert normalise_address(a) == normalise_address(b)


@pytest.mark.parametrize("a,b", [("Jl. Raya Sesetan No. 7", "Jl. Raya Sesetan No. 9"),
                                 ("Gg. Mawar 3", "Gg. Melati 3"), ("Jl. Merdeka 5", "Jl. Merdeka 15")])
def test_another_house_or_street_is_another_address(a, b):
    assert normalise_address(a) != normalise_address(b)


def test_an_administrative_word_ends_the_address_only_after_a_street():
    assert normalise_address("Perum Griya Desa Asri") == "perumahan griya asri"   # not cut at 'Desa'
    assert normalise_address("Dusun Krajan, Desa Sumber") == "dusun krajan"
    assert normalise_address("Jl. Raya Sesetan No. 7") == "jalan raya sesetan 7"
    assert normalise_addresses(pd.Series(["Gg. Mawar 3"], index=[2])).to_dict() == {2: "gang mawar 3"}


@pytest.mark.parametrize("text", [
    "JL. Merdeka No.5 RT 003/RW 002", "Jl. Raya Sesetan No. 7 RT 6 RW 2, Br. Kelod", "jln 007 12a b12 0 00",
    "Gg. Mawar No. 3, Desa Ubung Kaja, Kec. Denpasar Utara", "Dusun Krajan, Desa Sumber", "003/002 Jl. Pura 4",
    "RT 1/2 dan RT 3/4", "Jl. Merdeka \u0665 No. 5", "", None, "Blok C-12 no 7A, kel. Sesetan"])
def test_an_address_parts_in_one_pass_are_the_parts_one_at_a_time(text):
    """Matching reads the dwelling, its numbers and the RT/RW in one pass (address_parts): each
    must be what its own function gives, the numbers being the dwelling's whole-number words."""
    norm = normalise_address(text)
    numbers = " ".join(w for w in norm.split() if w.isdigit())
    assert address_parts(text) == (norm, numbers, rt_rw(text))


@pytest.mark.parametrize("a,b", [("Desa Tanjung Rusa", "TANJUNGRUSA"), ("Kec. Sukawati", "sukawati"),
                                 ("Kelurahan Sesetan", "sesetan"), ("Kabupaten Gianyar", "gianyar")])
def test_a_region_name_folds_its_prefix_and_spacing(a, b):
    assert region_key(a) == region_key(b)


def test_two_regions_stay_two():
    assert region_key("Tanjung Rusa") != region_key("Tanjung Ratu")
    assert region_key("Kota Denpasar") == "denpasar" and region_key("Kotabaru") == "kotabaru"


# --- phones ----------------------------------------------------------------------------------------

MOBILE = ["0812-3456-7890", "+62 812 3456 7890", "6281234567890", "(0812) 3456.7890", "081234567890"]


def test_every_written_form_of_one_mobile_number_is_one():
    assert set(normalise_phones(pd.Series(MOBILE))) == {"+6281234567890"}
    assert normalise_phones(pd.Series(["8123456789"])).iat[0] == "+628123456789"   # the 0 left off
    assert normalise_phones(pd.Series(["0361 234567"])).iat[0] == "+62361234567"  # a Denpasar landline


@pytest.mark.parametrize("written", ["12345", "0812", "+1 415 555 0100", "081234567890123", "tidak ada", "", "0000000000"])
def test_a_near_phone_that_is_no_phone(written):
    assert normalise_phones(pd.Series([written])).iat[0] == ""


def test_the_fast_normaliser_agrees_with_lokal_on_mobiles():
    """phones.py: matching's vectorised normaliser and lokal-id's parser (validate's messages) agree."""
    values = MOBILE + ["8123456789", "12345", "0812", "+1 415 555 0100", "tidak ada"]
    fast = normalise_phones(pd.Series(values))
    assert [bool(v) for v in fast] == [phone_valid(v) for v in values]


def test_national_form_for_display():
    e164 = normalise_phones(pd.Series(["+62 812 3456 7890", "12345"]))
    assert national_phones(e164, pd.Series(["+62 812 3456 7890", "12345"])).tolist() == ["081234567890", "12345"]


# --- NIK -------------------------------------------------------------------------------------------

def analysed(*values: str, flags: list[str] | None = None, kk: list[str] | None = None) -> pd.DataFrame:
    return analyse_niks(pd.Series(values), pd.Series(flags) if flags else None, pd.Series(kk) if kk else None,
                        reference_year=2026)


def test_a_valid_nik_says_where_when_and_who():
    row = analysed(nik()).iloc[0]
    assert (row["nik_valid"], row["nik_trusted"], row["nik_reason"]) == (True, True, "")
    assert (row["nik_birth"], row["nik_sex"], row["nik_region"]) == ("1990-01-12", "L", "510401")


def test_a_womans_day_carries_40():
    woman, near = analysed(nik(ddmmyy="520190"), nik(ddmmyy="720190")).to_dict("records")
    assert (woman["nik_birth"], woman["nik_sex"]) == ("1990-01-12", "P")
    assert (near["nik_valid"], near["nik_reason"]) == (False, "birth_date")      # 72 - 40 = 32: no day


@pytest.mark.parametrize("value,flag,reason", [
    ("", "", "missing"),
    (nik()[:15], "", "format"),
    (nik()[:15] + "X", "", "format"),
    ("5.10401E+15", "unrecoverable", "unrecoverable"),
    (nik("990401"), "", "province"),
    (nik("510001"), "", "region"),
    (nik("510400"), "", "region"),
    (nik(ddmmyy="121390"), "", "birth_date"),
    (nik(ddmmyy="290293"), "", "birth_date"),          # 1993 is no leap year
    (nik(serial="0000"), "", "serial"),
])
def test_each_reason_a_nik_is_no_person_key(value, flag, reason):
    row = analysed(value, flags=[flag]).iloc[0]
    assert (row["nik_valid"], row["nik_reason"]) == (False, reason)
    assert row["nik_birth"] == "" and row["nik_region"] == ""


@pytest.mark.parametrize("value", [nik(ddmmyy="290292"), nik("310101"), nik("940101"), nik(ddmmyy="711290")])
def test_the_near_misses_are_valid(value):
    """Feb 29 of a leap year, Jakarta, a 2022 Papua province (94), a woman born on the 31st."""
    assert analysed(value).iloc[0]["nik_valid"]


def test_a_kk_typed_as_nik_is_no_nik_but_another_kk_is_fine():
    out = analysed(nik(), nik(serial="0002"), kk=[nik(), nik(serial="0009")])
    assert out["nik_reason"].tolist() == ["kk_like", ""]


def test_a_truncated_nik_is_valid_but_not_trusted_and_its_serial_0000_is_excels():
    out = analysed(nik(serial="0010"), nik(serial="0000"), nik(serial="0010"), flags=["truncated", "truncated", "numeric"])
    assert out["nik_valid"].tolist() == [True, True, True]
    assert out["nik_trusted"].tolist() == [False, False, True]
    assert out["nik_truncated"].tolist() == [True, True, False]


def test_two_digit_years_pivot_on_the_reference_year():
    born = analysed(nik(ddmmyy="120126"), nik(ddmmyy="120127"))["nik_birth"].tolist()
    assert born == ["2026-01-12", "1927-01-12"]


def test_known_districts_are_kemendagri_codes():
    districts = known_districts()
    assert "510401" in districts and "517101" in districts
    assert "510499" not in districts and "5104" not in districts


def test_quality_counts():
    frame = pd.DataFrame({"nik": ["", nik()[:15], "5.10401E+15", nik(serial="0010"), nik()],
                          "nik_flag": ["", "", "unrecoverable", "truncated", ""], "kk": [""] * 5})
    assert quality_counts(frame) == {"missing": 1, "invalid": 1, "truncated": 1, "unrecoverable": 1}


@pytest.mark.parametrize("written", [
    "Bpk. H. MOCH. DJOKO Soesilo, S.E., M.M.", "I GST. AYU KOMANG SRI", "Ni Luh Kadek Rai", "IGN Made Arta",
    "DRS.H.Ahmad Fauzi", "Sdri. ANI, SH", "I W. Widana", "Kt. Sudarsana", "M Ridwan", "NI W. LESTARI",
    "Ibu Hj. Siti", "Cokorda Gede Agung", "A.A. Ngurah Rai", "Muhammad Ch. Anwar, S.Pd.I"])
def test_an_ascii_names_forms_do_not_depend_on_its_case(written):
    """Features are computed once per lower-cased ASCII name (matching/prepare.py `_name_key`):
    that is only right while every form of an ASCII name ignores its case."""
    from umkm_dedup.normalize.names import all_forms

    assert all_forms(written) == all_forms(written.lower()) == all_forms(written.upper())


def test_a_name_in_another_script_keeps_its_case_for_transliteration():
    from umkm_dedup.matching.prepare import _name_key

    assert _name_key("WANG Xiao") == "wang xiao"
    assert _name_key("Ángel ÁNGEL") == "Ángel ÁNGEL"   # not ASCII: read as written
