"""Benchmark and model-building tools: nothing a worker imports to run a job.

``speed.py`` (``warta bench speed``), ``random_models.py`` (full-size random models for it) and
``tiny_models.py`` (``warta models make-tiny``: tiny random models for tests and trials, from the text in
``tiny_corpus/``). The folders beside them hold the measurements that back Warta's choices, each a
script run from the command line (see the README).
"""
