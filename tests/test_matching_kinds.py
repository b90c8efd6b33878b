"""The five kinds of true pairs real lists showed that the matcher used to miss (issue 11), each
pinned by a positive and a near-miss negative, plus names in other scripts (issue 12): addresses
written with more or less detail, lists without birth date and phone (BPUM), NIK typos anywhere,
name forms (Balinese titles, abbreviations, order, truncation), people who moved between lists."""

from __future__ import annotations

from test_matching import pair_row, run

from umkm_dedup.matching.comparisons import LEVELS
from umkm_dedup.normalize.addresses import normalise_address
from umkm_dedup.normalize.names import normalise_name, phonetic_name


def level(result, off, i, j, comparison):
    return LEVELS[comparison][pair_row(result, off, i, j)[f"{comparison}_level"]]


# 1. addresses with more or less detail -------------------------------------------------------

def test_the_same_dwelling_written_with_more_or_less_detail_is_the_same_address():
    assert normalise_address("Jl. Raya Sesetan No. 7 RT 6 RW 2, Br. Kelod") == \
        normalise_address("JLN. RAYA SESETAN NO.7 RT 06 RW 02")
    assert normalise_address("Jl Gatot Subroto 21, Desa Ubung Kaja Kec. Denpasar Utara") == \
        normalise_address("JL. GATOT SUBROTO NO. 21")
    result, ids, off = run([
        dict(nik="5171011201800001", name="I Wayan Sukadana", address="Jl. Raya Sesetan No. 7 RT 6 RW 2, Br. Kelod",
             village="Sesetan", district="Denpasar Selatan"),
        dict(nik="", name="I WAYAN SUKADANA", address="JLN. RAYA SESETAN NO.7 RT 06 RW 02", village="SESETAN",
             role="kemensos", source_file="kemensos.xlsx"),
    ])
    assert level(result, off, 0, 1, "contact") == "address"
    assert ids[0] == ids[1]


def test_namesakes_in_one_banjar_at_another_house_number_stay_apart():
    result, ids, off = run([
        dict(nik="5171011201800001", name="I Made Sudarta", address="Jl. Raya Sesetan No. 7, Br. Kelod",
             village="Sesetan"),
        dict(nik="", name="I MADE SUDARTA", address="JL. RAYA SESETAN NO. 9 RT 6 RW 2", village="SESETAN",
             role="kemensos", source_file="kemensos.xlsx"),
    ])
    assert level(result, off, 0, 1, "contact") != "address"
    assert ids[0] != ids[1]


# 2. lists without birth date and phone (BPUM) -------------------------------------------------

def test_bpum_record_with_a_nik_one_digit_off_same_name_and_street_is_one_person():
    _, ids, _ = run([
        dict(nik="5104012307750003", name="Ni Ketut Suartini Wahyuni", address="Jl. Kenanga No. 14",
             village="Batubulan", birth_date="1975-07-23", phone="081337001199"),
        # the BPUM list: NIK, name, address and region only; a NIK typo in the regency digits
        dict(nik="5140012307750003", name="NI KETUT SUARTINI WAHYUNI", address="JL KENANGA 14, DESA BATUBULAN",
             village="BATUBULAN", role="kemensos", source_file="bpum.xlsx"),
    ])
    assert ids[0] == ids[1]


def test_a_nik_typo_in_the_year_that_the_other_list_s_birth_date_corrects_is_one_person():
    # BPUM: NIK, name, address only. Prakerja: the NIK with a typo in its year digits (77 -> 72),
    # but its own birth date, 02-07-1977, is what the BPUM NIK's date digits say
    bpum_nik = "510404" + "020777" + "0001"
    typo_nik = "510404" + "020772" + "0001"
    _, ids, _ = run([
        dict(nik=bpum_nik, name="I PUTU WIRAWAN", address="JLN. Gajah Mada No 105 RT 014/RW 002",
             village="Pejeng Kaja", role="kemensos", source_file="bpum.xlsx"),
        dict(nik=typo_nik, name="I Putu Wirawan", birth_date="2 Juli 1977", phone="08128979511",
             role="prakerja", source_file="prakerja.csv"),
    ])
    assert ids[0] == ids[1]


def test_a_nik_one_date_digit_off_whose_birth_date_corrects_nothing_stays_apart():
    # the same two NIKs, but the Prakerja row's birth date is its own NIK's (1972): two people one
    # digit apart in the NIK sequence, not a typo the data can explain
    _, ids, _ = run([
        dict(nik="510404" + "020777" + "0001", name="I PUTU WIRAWAN", address="JLN. Gajah Mada No 105",
             village="Pejeng Kaja", role="kemensos", source_file="bpum.xlsx"),
        dict(nik="510404" + "020772" + "0001", name="I Putu Wirawan", birth_date="2 Juli 1972",
             phone="08128979511", role="prakerja", source_file="prakerja.csv"),
    ])
    assert ids[0] != ids[1]


def test_bpum_nik_neighbour_with_another_name_and_spouse_at_one_address_stay_apart():
    result, ids, off = run([
        dict(nik="5104012307750003", name="I Nyoman Sudiarsa", address="Jl. Kenanga No. 14", village="Batubulan"),
        # born the same day in the next district: NIK one digit away, another person
        dict(nik="5104022307750003", name="I NYOMAN ARTAWAN", address="JL PASAR 3", village="BATUBULAN",
             role="kemensos", source_file="bpum.xlsx"),
        # his wife, in the BPUM list without NIK, at the same address
        dict(nik="", name="NI KADEK SUKERTI", address="JL. KENANGA NO. 14", village="BATUBULAN",
             role="kemensos", source_file="bpum.xlsx"),
    ])
    assert len(set(ids)) == 3
    assert pair_row(result, off, 0, 2)["decision"] == "non_match"


# 3. NIK typos anywhere -------------------------------------------------------------------------

def test_nik_typos_in_the_province_regency_and_year_digits_still_join():
    _, ids, _ = run([
        dict(nik="5104011201900001", name="Ni Kadek Widiastuti", birth_date="1990-01-12", village="Ketewel"),
        dict(nik="3104011201900001", name="NI KADEK WIDIASTUTI", birth_date="12/01/1990"),          # 51 -> 31
        dict(nik="5140011201900001", name="Ni Kadek Widiastuti", birth_date="1990-01-12"),          # 5104 -> 5140
        dict(nik="5104011201910001", name="Ni Kadek Widiastuti", address="Jl. Pura 5", village="Ketewel",
             phone="081234500011"),                                                                 # year 90 -> 91
        dict(nik="", name="Ni Kadek Widiastuti", address="Jalan Pura No. 5", village="KETEWEL",
             phone="+6281234500011", birth_date="1990-01-12"),
    ])
    assert len(set(ids)) == 1


def test_nik_one_year_digit_apart_with_another_name_is_another_person():
    _, ids, _ = run([
        dict(nik="5104011201900001", name="Ni Kadek Widiastuti", birth_date="1990-01-12", village="Ketewel"),
        dict(nik="5104011201910001", name="Ni Kadek Purnamasari", birth_date="1991-01-12", village="Ketewel"),
    ])
    assert ids[0] != ids[1]


# 4. name forms ---------------------------------------------------------------------------------

def test_balinese_titles_abbreviations_order_and_prefixes_are_one_name():
    same = [("I Gusti Ngurah Ketut Wijaya", "I.G.N. Kt. Wijaya"), ("IGN KETUT WIJAYA", "Gusti Ngurah Ketut Wijaya"),
            ("I Gusti Ayu Made Sari", "I.G.A. Md. Sari"), ("Cokorda Nyoman Rai", "Cok. Nym. Rai"),
            ("Ida Ayu Komang Ratna", "Dayu Kmg. Ratna"), ("Ida Bagus Putu Arta", "I.B. Putu Arta"),
            ("Anak Agung Gede Oka", "A.A. Gede Oka"), ("Dewa Ketut Raka", "Dw. Kt. Raka"),
            ("Ni Luh Kadek Sari", "Ni Kadek Sari"), ("Ni Kadek Sari", "Kadek Sari"),
            ("Adi Saputra", "Saputra Adi"), ("Mohammad Ali Rahman", "Moh. Ali Rahman"),
            ("Muhammad Ali Rahman", "Pak Muhammad Ali Rahman"), ("Hj. Siti Aminah", "Bu Siti Aminah")]
    for a, b in same:
        assert phonetic_name(normalise_name(a)) == phonetic_name(normalise_name(b)), (a, b)
    result, ids, off = run([
        dict(nik="5104011201800001", name="I Gusti Ngurah Ketut Wijaya", birth_date="1980-01-12", village="Guwang"),
        dict(nik="", name="I.G.N. KT. WIJAYA", birth_date="12-01-1980", village="GUWANG",
             role="kemensos", source_file="kemensos.xlsx"),
        dict(nik="5104011502770002", name="Made Wirawan Putra", birth_date="1977-02-15", village="Guwang"),
        dict(nik="", name="MADE WIRAWAN", birth_date="1977-02-15", village="GUWANG", role="kemensos",
             source_file="kemensos.xlsx"),
    ])
    assert ids[0] == ids[1]
    assert level(result, off, 2, 3, "name") == "very_similar"     # a name cut short
    assert ids[2] == ids[3]


def test_a_name_cut_down_to_its_title_and_birth_order_is_part_of_the_full_name():
    # 'IA Nym.' and 'I W.' say nothing about which Nyoman or Wayan: beside the same NIK and birth
    # date they are the person, not 'another name' for an officer to look at
    result, ids, off = run([
        dict(nik="5171016207740001", name="IA Nyoman Karmini", birth_date="1974-07-22", village="Sanur"),
        dict(nik="5171016207740001", name="IA Nym.", birth_date="22-07-1974", phone="089529620907",
             role="prakerja", source_file="prakerja.csv"),
        dict(nik="5105040711830001", name="I WAYAN SWASTIKA", birth_date="1983-11-07", village="Sampalan Tengah"),
        dict(nik="5105040711830001", name="I W.", birth_date="7 November 1983", role="prakerja",
             source_file="prakerja.csv"),
    ])
    assert level(result, off, 0, 1, "name") == "partial"
    assert ids[0] == ids[1] and ids[2] == ids[3]


def test_a_bare_name_with_a_nik_one_digit_off_the_same_birth_date_and_address_is_one_person():
    # Kemensos: 'I Md.', its NIK's year digit typed 3 for 7; the regency list: the full name, the
    # right NIK, the same birth date and house
    _, ids, _ = run([
        dict(nik="510601" + "200838" + "0001", name="I Md.", birth_date="1978-08-20",
             address="JL VETERAN NO. 23 RT.5 RW.3, BR. PANDE", village="Sulahan", role="kemensos",
             source_file="kemensos.xlsx"),
        dict(nik="510601" + "200878" + "0001", name="Ir. I Made Sutama", birth_date="20 Agustus 1978",
             address="jl veteran no.23", village="Sulahan", phone="08383727972"),
    ])
    assert ids[0] == ids[1]


def test_a_bare_title_and_birth_order_is_no_evidence_for_another_order_or_without_an_identifier():
    result, ids, off = run([
        # another birth order: Ni W. is not Ni Made Sari, even on one birthday in one village
        dict(nik="", name="NI W.", birth_date="1980-01-12", village="Guwang"),
        dict(nik="", name="Ni Made Sari", birth_date="1980-01-12", village="Guwang"),
        # a bare name beside a full one with nothing but the village: no person to join
        dict(nik="", name="I W.", village="Pemogan", district="Denpasar Selatan"),
        dict(nik="", name="I Wayan Suastika", village="Pemogan", district="Denpasar Selatan",
             role="kemensos", source_file="kemensos.xlsx"),
    ])
    assert level(result, off, 0, 1, "name") == "different"
    assert ids[0] != ids[1] and ids[2] != ids[3]


def test_ni_wayan_is_not_ni_made_and_ida_bagus_is_not_gusti_ngurah():
    result, ids, off = run([
        dict(nik="", name="Ni Wayan Lestari", birth_date="1980-01-12", village="Guwang"),
        dict(nik="", name="Ni Made Lestari", birth_date="1980-01-12", village="Guwang"),
        dict(nik="", name="Ida Bagus Made Arta", birth_date="1975-05-05", village="Guwang"),
        dict(nik="", name="I Gusti Ngurah Made Arta", birth_date="1975-05-05", village="Guwang"),
    ])
    assert ids[0] != ids[1] and ids[2] != ids[3]
    assert level(result, off, 2, 3, "name") == "different"


# 5. people who moved between lists -------------------------------------------------------------

def test_a_mover_with_the_same_name_and_phone_or_birth_date_is_one_person():
    _, ids, _ = run([
        dict(nik="5108011201800001", name="I Ketut Sudiarsa Subawa", birth_date="1980-01-12",
             address="Jl. Gajah Mada 61", village="Banjar", district="Banjar", regency="Kabupaten Buleleng",
             list_regency="Kabupaten Buleleng", phone="081338112233"),
        dict(nik="", name="I KETUT SUDIARSA SUBAWA", address="Jl. Diponegoro No. 33", village="Gumbrih",
             district="Pekutatan", regency="Kabupaten Jembrana", list_regency="Kabupaten Jembrana",
             phone="+6281338112233", source_file="jembrana.xlsx"),
        dict(nik="", name="I Ketut Sudiarsa Subawa", birth_date="12/01/1980", address="Jl. Raya 2", village="Kuta",
             district="Kuta", regency="Kabupaten Badung", list_regency="Kabupaten Badung", source_file="badung.xlsx"),
    ])
    assert len(set(ids)) == 1


def test_a_namesake_elsewhere_with_another_birth_date_and_no_phone_stays_apart():
    _, ids, _ = run([
        dict(nik="5108011201800001", name="I Ketut Sudiarsa Subawa", birth_date="1980-01-12",
             address="Jl. Gajah Mada 61", village="Banjar", district="Banjar", regency="Kabupaten Buleleng"),
        dict(nik="", name="I KETUT SUDIARSA SUBAWA", birth_date="1966-09-30", address="Jl. Diponegoro No. 33",
             village="Gumbrih", district="Pekutatan", regency="Kabupaten Jembrana", source_file="jembrana.xlsx"),
    ])
    assert ids[0] != ids[1]


# non-Latin scripts (issue 12) -----------------------------------------------------------------

def test_different_names_in_other_scripts_stay_apart_and_the_same_one_joins():
    address = "Jl. Merdeka No. 5"
    result, ids, off = run([
        dict(nik="", name="林美玲", birth_date="1970-03-03", address=address, village="Sungailiat"),
        dict(nik="", name="陈建华", birth_date="1970-03-03", address=address, village="Sungailiat"),
        dict(nik="", name="محمد علي", birth_date="1971-04-04", address=address, village="Sungailiat"),
        dict(nik="", name="أحمد حسن", birth_date="1971-04-04", address=address, village="Sungailiat"),
        dict(nik="", name="林美玲", birth_date="03/03/1970", address="JL MERDEKA 5", village="SUNGAILIAT",
             role="kemensos", source_file="kemensos.xlsx"),
    ], province="babel")
    assert normalise_name("林美玲") != normalise_name("陈建华") != ""
    assert ids[0] != ids[1] and ids[2] != ids[3]
    assert level(result, off, 0, 1, "name") == "different"
    assert ids[0] == ids[4]


def test_every_rule_that_decides_a_pair_says_so_in_words():
    from umkm_dedup.matching.rules import RULES
    from umkm_dedup.i18n.messages import _M
    from umkm_dedup.report.reasons import reason_texts

    for rule in RULES[1:]:
        indonesian, english = _M[f"rule.{rule}"]
        assert indonesian and english and indonesian != english
    result, _, off = run([
        dict(nik="5104012307750003", name="I Nyoman Sudiarsa", address="Jl. Kenanga No. 14", village="Batubulan"),
        dict(nik="5104022307750003", name="I NYOMAN ARTAWAN", address="JL PASAR 3", village="BATUBULAN"),
    ])
    row = pair_row(result, off, 0, 1)
    assert row["rule"] == "near_nik_other_name" and row["decision"] == "non_match"
    p = result.pairs
    pair = p[(p["left"] == row["left"]) & (p["right"] == row["right"])]
    assert "NIK tetangga" in reason_texts(result.scored_pairs(pair), result.settings.comparisons, "id")[0]
