"""Inline markup carried through translation: a segment's text with its markup held as spans
(``marked.py``), and the spans placed on the translation (``project.py``). Every document format reads
into and writes back from these; none translates its markup.
"""
