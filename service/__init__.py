"""Warta's HTTP API (``app.create_app``), its renderers of a result and the ``warta`` command line.

The top layer: it may import ``workers`` and ``glossary``, never a model library at module level (a
worker loads the models; the API only queues work for it).
"""
