"""Named-entity glossaries: the term model, file formats, matcher and enforcement (issue 5).

Kept free of Flask, RQ and torch so that the API, the workers and the CLI can all use it.
"""
