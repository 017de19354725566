"""The contract: every shape that crosses a boundary, as pydantic models, defined once.

Requests (``request``), the job (``job``), the result document (``result``), benchmarks, glossaries and
the operational answers are models here; the API validates with them (``service/validation.py`` turns
their errors into problem+json), ``/openapi.json`` is generated from them, the pipeline builds them,
the store saves their ``model_dump``, and the renderers, templates and the web page read their names.
Nothing here imports Flask or a model library, so the API and the workers share it.

The models are imported from their modules (``workers.contract.result``…), never through this package:
the text pipeline below the contract uses its base, and importing everything here would loop back.
"""
