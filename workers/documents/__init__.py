"""Uploaded documents: read into the lines a Warta job translates, and written back in their format
with the translation in place, their inline markup carried onto it (``workers/inline``).

Only workers parse or rebuild a document (``stage.py`` is a document job's first and last step): the API
may read ``formats.py`` (which formats there are, how an upload is recognized, their media types) and
``archive.py`` (a zip's directory, never its contents), nothing else here. Each format's codec is a
module of ``codecs/``; ``convert.py`` picks it.
"""
