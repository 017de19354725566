"""Indonesian's words for the glossary layer: the default ``WordRules`` of the matcher and the name finder.

Moved here unchanged from ``matcher.py`` (clitics) and ``entities.py`` (titles, organization and place
words); the sentence starters stay in ``starters.py``, which the sentence splitter reads too. They live
in ``glossary`` rather than in ``workers/lang/id.py`` because the lowest layer needs a default of its
own, and the Indonesian profile hands this same value down (``workers/lang/id.py``).
"""

from __future__ import annotations

from glossary.language import WordRules
from glossary.starters import SENTENCE_STARTERS

CLITICS = ("nya", "lah", "kah", "pun", "ku", "mu")
_TITLES = """
    presiden wakil menteri ketua kepala gubernur bupati walikota wali kota camat lurah direktur jenderal
    jenderal sekretaris juru bicara jubir kapolri kapolda kapolres panglima kasad duta besar dubes raja
    ratu pangeran perdana pm senator anggota hakim jaksa profesor prof dr ir pak bu bapak ibu mbak mas
    tuan nyonya saudara sdr syekh kiai kyai ustaz habib haji hj h letnan kolonel mayor kapten brigadir
    komisaris inspektur ajun sersan kopral pemimpin pimpinan tokoh mantan calon capres cawapres rektor
    dekan kepala ketua pelatih kapten striker penyanyi aktor aktris artis sutradara penulis
"""
# Capitalized, but not names: months, days, time zones, eras.
_NOT_NAMES = """
    januari februari maret april mei juni juli agustus september oktober november desember senin selasa
    rabu kamis jumat jum'at sabtu minggu ahad wib wita wit utc gmt masehi hijriah tuhan allah
"""
_ORGANIZATION_WORDS = """
    kementerian badan dinas universitas institut sekolah pt cv partai komisi bank dewan lembaga majelis
    pengadilan kepolisian kejaksaan polda polres polsek kodam korem kodim fakultas rumah sakit rs yayasan
    asosiasi persatuan ikatan himpunan organisasi perusahaan grup group tim klub fc perserikatan pemerintah
    pemkot pemkab pemprov direktorat kantor mahkamah tentara angkatan sekretariat otoritas
"""
_PLACE_WORDS = """
    kota kabupaten provinsi kecamatan kelurahan desa kampung jalan jl pulau gunung sungai danau teluk selat
    laut samudra samudera tanjung bandara pelabuhan stasiun terminal distrik negara bagian wilayah kawasan
"""

INDONESIAN = WordRules(
    clitics=CLITICS,
    sentence_starters=SENTENCE_STARTERS,
    titles=frozenset(_TITLES.split()),
    not_names=frozenset(_NOT_NAMES.split()),
    organization_words=frozenset(_ORGANIZATION_WORDS.split()),
    place_words=frozenset(_PLACE_WORDS.split()),
    place_context=frozenset({"di", "ke", "dari", "kota", "provinsi", "kabupaten", "menuju", "asal"}),
)
