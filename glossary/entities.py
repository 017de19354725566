"""Named entities the glossary does not know, found in Indonesian text without a model.

Indonesian capitalizes proper names and little else, so runs of capitalized words are the candidates;
what makes it work is what is taken away: sentence-initial function words (*Ia*, *Namun*), titles in
front of a name (*Presiden*, *Menteri*), single capitalized common words. The type is a guess from
keywords (*Kementerian …* is an organization, *Kabupaten …* a place) and context (*di …*). Measured
against the IndoNLU NER test sets by ``benchmarks/glossary/entity_detection.py``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from glossary.starters import SENTENCE_STARTERS

_TOKEN = re.compile(r"[^\W\d_][\w'’.-]*[\w]|[^\W\d_]")
# Lower-case words that may sit inside a name: "Universitas Gadjah Mada", "Abdullah bin Ahmad".
_CONNECTORS = frozenset({"bin", "binti", "van", "der", "de", "da", "al", "el", "von", "la"})
_TITLES_TEXT = """
    presiden wakil menteri ketua kepala gubernur bupati walikota wali kota camat lurah direktur jenderal
    jenderal sekretaris juru bicara jubir kapolri kapolda kapolres panglima kasad duta besar dubes raja
    ratu pangeran perdana pm senator anggota hakim jaksa profesor prof dr ir pak bu bapak ibu mbak mas
    tuan nyonya saudara sdr syekh kiai kyai ustaz habib haji hj h letnan kolonel mayor kapten brigadir
    komisaris inspektur ajun sersan kopral pemimpin pimpinan tokoh mantan calon capres cawapres rektor
    dekan kepala ketua pelatih kapten striker penyanyi aktor aktris artis sutradara penulis
"""
# Capitalized, but not names: months, days, time zones, eras.
_NOT_NAMES_TEXT = """
    januari februari maret april mei juni juli agustus september oktober november desember senin selasa
    rabu kamis jumat jum'at sabtu minggu ahad wib wita wit utc gmt masehi hijriah tuhan allah
"""
_NOT_NAMES = frozenset(_NOT_NAMES_TEXT.split())
_TITLES = frozenset(_TITLES_TEXT.split())
_ORG_WORDS_TEXT = """
    kementerian badan dinas universitas institut sekolah pt cv partai komisi bank dewan lembaga majelis
    pengadilan kepolisian kejaksaan polda polres polsek kodam korem kodim fakultas rumah sakit rs yayasan
    asosiasi persatuan ikatan himpunan organisasi perusahaan grup group tim klub fc perserikatan pemerintah
    pemkot pemkab pemprov direktorat kantor mahkamah tentara angkatan sekretariat otoritas
"""
_ORG_WORDS = frozenset(_ORG_WORDS_TEXT.split())
_PLACE_WORDS_TEXT = """
    kota kabupaten provinsi kecamatan kelurahan desa kampung jalan jl pulau gunung sungai danau teluk selat
    laut samudra samudera tanjung bandara pelabuhan stasiun terminal distrik negara bagian wilayah kawasan
"""
_PLACE_WORDS = frozenset(_PLACE_WORDS_TEXT.split())
_PLACE_CONTEXT = frozenset({"di", "ke", "dari", "kota", "provinsi", "kabupaten", "menuju", "asal"})
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9]{1,6}$")


@dataclass(frozen=True)
class Entity:
    start: int
    end: int
    text: str
    type: str  # person, organization, place


def lowercase_vocabulary(texts: list[str]) -> frozenset[str]:
    """Words a job writes in lower case somewhere: capitalized at a sentence start, they are not names."""
    return frozenset(m.group() for text in texts for m in _TOKEN.finditer(text) if m.group()[0].islower())


def find_entities(
    sentence: str, taken: list[tuple[int, int]] | None = None, common: frozenset[str] = frozenset()
) -> list[Entity]:
    """Entities in ``sentence``, skipping spans in ``taken`` (the glossary's matches).

    ``common`` is the job's ``lowercase_vocabulary``: a sentence's first word found there is dropped.
    """
    tokens = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(sentence)]
    taken = taken or []
    entities = []
    for run in _capitalized_runs(tokens, sentence):
        if run[0] == tokens[0] and run[0][2].lower() in common:
            run = run[1:]
        run = _strip(run, tokens)
        if not run or all(t[2].lower() in common for t in run):
            continue  # a title-case headline of common words
        start, end = run[0][0], run[-1][1]
        if any(start < e and s < end for s, e in taken):
            continue
        text = sentence[start:end]
        if len(run) == 1 and _common_word(text):
            continue
        entities.append(Entity(start, end, text, _guess_type(run, tokens, sentence)))
    return entities


def _capitalized_runs(tokens: list[tuple[int, int, str]], sentence: str) -> list[list[tuple[int, int, str]]]:
    runs: list[list[tuple[int, int, str]]] = []
    current: list[tuple[int, int, str]] = []
    for i, token in enumerate(tokens):
        word = token[2]
        gap = sentence[current[-1][1] : token[0]] if current else " "
        joined = gap.strip() in ("", "-")
        if (word[0].isupper() and joined) or (
            word in _CONNECTORS and current and i + 1 < len(tokens) and tokens[i + 1][2][0].isupper()
        ):
            current.append(token)
        else:
            if current:
                runs.append(current)
            current = [token] if word[0].isupper() else []
    if current:
        runs.append(current)
    return runs


def _strip(run: list[tuple[int, int, str]], tokens: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Drop leading titles and sentence starters and trailing connectors."""
    while run and (run[0][2].lower().rstrip(".") in _TITLES or run[0][2].lower() in SENTENCE_STARTERS
                   or run[0][2] in _CONNECTORS):  # fmt: skip
        run = run[1:]
    while run and (run[-1][2] in _CONNECTORS or run[-1][2].lower().rstrip(".") in _TITLES):
        run = run[:-1]
    if len(run) == 1 and run[0] == tokens[0] and not _ACRONYM.match(run[0][2]):
        return []  # a lone capitalized first word is the sentence's capital, not evidence of a name
    return run


def _common_word(word: str) -> bool:
    lowered = word.lower()
    return any(
        lowered in words for words in (SENTENCE_STARTERS, _TITLES, _ORG_WORDS, _PLACE_WORDS, _NOT_NAMES)
    )


def _guess_type(run: list[tuple[int, int, str]], tokens: list[tuple[int, int, str]], sentence: str) -> str:
    words = [t[2].lower() for t in run]
    if any(w in _ORG_WORDS for w in words) or (len(run) == 1 and _ACRONYM.match(run[0][2])):
        return "organization"
    if any(w in _PLACE_WORDS for w in words):
        return "place"
    before = sentence[: run[0][0]].split()
    if before and before[-1].lower() in _PLACE_CONTEXT:
        return "place"
    return "person"
