"""Uploaded documents (``.txt``, ``.html``, ``.docx``): read into the lines a Warta job translates, and
written back with the job's English in place.

Only workers parse or rebuild a document (``stage.py`` is a document job's first and last step): the API
may read ``formats.py`` (which format, which media type) and ``archive.py`` (a zip's directory, never its
contents), nothing else here. ``text.py`` handles ``.txt`` and ``.html``, ``docx.py`` Word files,
``convert.py`` picks between them.
"""
