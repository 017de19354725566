"""Words that open Indonesian sentences and are never names, whatever their capital letter says.

Both the sentence splitter (``workers/text/segment.py``: does a capital after initials open a sentence?)
and the name finder (``entities.py``: is a capitalized first word a name?) ask the same question, so
the list lives here, at the bottom of the layers, where both can read it. It is part of Indonesian's
``WordRules`` (``indonesian.py``); other languages' starters come with their profile (``workers/lang``).
"""

from __future__ import annotations

_STARTERS = """
    ia dia beliau mereka kami kita saya aku anda engkau ini itu hal namun tetapi tapi sementara
    sedangkan adapun selain dalam pada di ke dari untuk bagi oleh dengan menurut sebelumnya kemudian
    lalu setelah sesudah sebelum sejak saat ketika jika bila apabila karena sebab meski meskipun walau
    bahkan selanjutnya akibatnya sehingga maka oleh karena para sang seorang sebuah salah semua setiap
    tidak belum sudah juga pun kini saat ya yang apa siapa mengapa kenapa bagaimana kapan berapa
    pemerintah polisi pelaku korban terdakwa tersangka saksi warga dokter pasien presiden menteri
    ketua kepala wakil juru hakim jaksa pihak petugas tim rumah kota desa harga kegiatan acara
"""
SENTENCE_STARTERS = frozenset(_STARTERS.split())
