"""Name pools for synthetic persons. All names are common given names; no real person is meant."""

BALI_ORDER = {"L": ["Wayan", "Putu", "Gede", "Made", "Kadek", "Nyoman", "Komang", "Ketut"],
              "P": ["Wayan", "Putu", "Luh", "Made", "Kadek", "Nyoman", "Komang", "Ketut"]}
BALI_GIVEN_L = """Sudarta Suarta Sukadana Suweta Wirawan Artawan Sudiarsa Mertayasa Sutama Budiarta Suardana
Arsana Widana Adnyana Sumerta Darmawan Santika Suastika Parwata Wiranata Kariasa Subawa Sudana Suparta
Ariawan Antara Swastika Yasa Rai Mudita Sujana Astawa Sukarta Dharma Gunawan Wibawa Arnawa Semadi Sedana
Suartana Jaya Mahendra Saputra Pradnyana Wardana Sudirga Muliana Sanjaya Sukerta Wisnawa Kusuma Agus Eka
Surya Putra Arta Suyasa Sumantra Ardana Widnyana Sudarma""".split()
BALI_GIVEN_P = """Sri Ayu Sukarini Suartini Wartini Sumiati Kartini Ariani Mariani Lestari Darmayanti Sukerti
Suciati Widiastuti Puspita Sariani Suryani Yuliani Ratnadi Murniasih Budiasih Sudiani Karmini Wirati
Sutarmi Rasmini Sukasih Ardani Sriani Mertasari Wahyuni Purnami Utari Sunarti Pradnyani Astiti Suarniti
Kusumawati Dewi Kariani Sulastri Artini Wiratni Novianti Astuti Cahyani Suwitri Adnyani Suasti""".split()

MALAY_L = """Ahmad Abdul Rahman Hasan Husin Ismail Yusuf Ibrahim Zainal Arifin Syamsul Bahri Rizal Fauzi
Hendra Irwan Joni Rudi Sahrul Amir Hamzah Effendi Ramli Rusli Syahrial Nasrul Zulkifli Firdaus Mansyur
Jamaludin Khairul Safaruddin Darwis Usman Yusran Budi Agus Hadi Rahmat Sofyan Suryadi Taufik Wahyu Anwar
Daud Fikri Hamdan Saiful Bakri Marzuki""".split()
MALAY_P = """Siti Nur Aisyah Fatimah Rohani Maimunah Zubaidah Halimah Rosmawati Nurhayati Yuliana Sri Rahmawati
Dewi Ratna Hasanah Mariam Nurlela Salmah Suryani Juwita Lina Rina Yanti Wati Fitri Asmah Khadijah Rosidah
Aminah Sumarni Sulastri Yusnita Dahlia Mardiana Herlina Erna Jamilah Rukiah Zaleha Hafsah Rusmini""".split()
MALAY_LAST = """Saputra Hidayat Pratama Syahputra Rahman Hakim Kurniawan Setiawan Gunawan Wijaya Santoso Nugraha
Ramadhan Firmansyah Maulana Aziz Hasibuan Lubis Nasution Harahap Siregar Effendi Iskandar Sulaiman Hamid
Rasyid Idris Zakaria Bakar Manaf Halim Karim Salim Yunus Jalil Rosyid Arsyad Nawawi Hanafi""".split()
MALAY_LAST_P = """Wati Sari Ningsih Yani Astuti Lestari Rahayu Handayani Susanti Anggraini Purnamasari Safitri
Oktaviani Maharani Puspitasari Permatasari Novita Marlina Yuliani Hartati""".split()
CHINESE = """Lie Siu Fong|Tan Ah Kiong|Bong Kim Lian|Lim Swie Hoa|Tjhin Sui Lan|Liong Fa Kiat|Phang Miau Lin
|Chong Kian Hin|Fung Siu Jin|Thjin Ket Fa|Bong Sui Lan|Lim Ah Moy|Tan Bun Liong|Ng Mei Ling|Ali Sutanto
|Hendra Gunawan Tan|Susanti Lim|Yohanes Liong|Lukas Bong|Maria Tjhin""".replace("\n", "").split("|")
JAVA_OLD = """Soeharto|Soekarno|Djoko Susilo|Tjahjo Kumolo|Soetrisno|Poerwanto|Djumadi|Soejono|Sri Moelyani
|Tjiptoningsih|Soenarjo|Djaenal Abidin|Njoman Soedjana|Soedarsono|Sjamsudin|Choirul Anwar|Joesoef
|Soemarni|Koesnadi|Moeljono""".replace("\n", "").split("|")
JAVA_OLD_SEX = {n: ("P" if n.split()[-1] in ("Moelyani", "Tjiptoningsih", "Soemarni") else "L") for n in JAVA_OLD}
MUHAMMAD = ["Muhammad", "Mohammad", "Mohamad", "Muhamad", "Moch.", "Moh.", "Muh.", "M."]

TITLES_BEFORE_L = ["Bapak", "Bpk.", "Bp.", "H.", "Drs.", "Ir.", "Sdr."]
TITLES_BEFORE_P = ["Ibu", "Ibu", "Hj.", "Dra.", "Ny.", "Sdri."]
TITLES_AFTER = ["S.E.", "S.Pd.", "S.H.", "A.Md.", "S.Kom", "S.T.", "M.M."]

BUSINESS_WORDS = ["Warung", "Toko", "Kedai", "Usaha", "Dapur", "Kios", "Bengkel", "Konveksi", "Depot", "Rumah Makan"]
BUSINESS_NAMES = ["Berkah", "Maju Jaya", "Sumber Rejeki", "Sejahtera", "Barokah", "Lancar", "Sinar Harapan",
                  "Makmur", "Amanah", "Mandiri", "Dewata", "Sari Rasa", "Bahari", "Timah Jaya", "Pelangi",
                  "Cahaya", "Sentosa", "Abadi", "Bunda", "Segar", "Ma’ruf"]
SECTORS = ["Kuliner", "Perdagangan", "Fesyen", "Kerajinan", "Jasa", "Pertanian", "Perikanan",
           "Peternakan", "Otomotif", "Kosmetik", "Agribisnis"]
IMPACTS = ["Omzet turun", "Kesulitan bahan baku", "Distribusi terhambat", "Usaha tutup sementara",
           "Kesulitan modal", "Karyawan dirumahkan", "Penjualan turun drastis"]
STREETS = ["Merdeka", "Sudirman", "Diponegoro", "Ahmad Yani", "Gajah Mada", "Hasanuddin", "Pahlawan",
           "Kartini", "Veteran", "Melati", "Mawar", "Kenanga", "Cempaka", "Raya", "Pantai", "Pasar",
           "Masjid", "Pura", "Sekolah", "Bukit"]
KEMENSOS_PROGRAMMES = ["BPUM", "BST", "PKH", "BPNT"]
PRAKERJA_STATUS = ["Lolos", "Insentif diterima", "Tidak Lolos"]   # selection is announced as Lolos / Tidak Lolos

#: Balinese caste titles (triwangsa, about one Balinese in ten) by sex, each with the abbreviated
#: forms offices type; the canonical title comes first
BALI_CASTE = {
    "L": [("I Gusti Ngurah", ["I.G.N.", "IGN", "Gusti Ngurah", "Ngurah", "I Gst. Ngurah"]),
          ("Ida Bagus", ["I.B.", "IB", "Gus", "Ida Bgs."]),
          ("Cokorda", ["Cok.", "Cok", "Tjokorda", "Cokorde"]),
          ("Anak Agung", ["A.A.", "AA", "Gung", "A. Agung"]),
          ("Dewa", ["Dw.", "Dw"]),
          ("I Gusti Bagus", ["I.G.B.", "IGB", "Gusti Bagus"])],
    "P": [("I Gusti Ayu", ["I.G.A.", "IGA", "Gusti Ayu", "I Gst. Ayu"]),
          ("Ida Ayu", ["I.A.", "IA", "Dayu", "Ida Ayu"]),
          ("Anak Agung Ayu", ["A.A.A.", "AA Ayu", "Anak Agung"]),
          ("Desak", ["Ds.", "Desak"]),
          ("Gusti Ayu", ["Gst. Ayu", "Gst Ayu"])],
}
#: birth-order names and the abbreviations typed for them
BALI_ORDER_ABBREV = {"Ketut": ["Kt.", "Kt"], "Nyoman": ["Nym.", "Nym"], "Komang": ["Kmg.", "Kmg"],
                     "Kadek": ["Kdk."], "Made": ["Md."], "Wayan": ["Wyn.", "W."], "Nengah": ["Ngh."]}
#: Balinese banjar names (Br. ...) and hamlets elsewhere (Dusun ...)
BANJAR = ["Kaja", "Kelod", "Kangin", "Kauh", "Tengah", "Anyar", "Pande", "Gede", "Dangin Peken", "Sari"]
DUSUN = ["I", "II", "III", "IV", "Krajan", "Sumber", "Pangkal", "Tengah"]
#: names in non-Latin scripts (a few Chinese-Indonesian and Arabic-script entries): all different
NON_LATIN = ["林美玲", "陈建华", "黄志明", "李秀英", "王小红", "张伟", "刘德明", "郑丽华", "吴国强", "杨淑芬",
             "محمد علي", "أحمد حسن", "فاطمة الزهراء", "عبد الله", "خديجة", "يوسف إبراهيم"]
TITLES_FRONT_SHORT = {"L": ["Pak", "H.", "Bpk"], "P": ["Bu", "Hj.", "Ibu"]}
