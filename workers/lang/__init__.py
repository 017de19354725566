"""Language profiles: one module per language with rules of its own, a generic profile for the rest.

``profile("id")`` is Indonesian (``id.py``), Warta's flagship; ``ms.py`` (Malay) derives from it and
``en.py`` (English) from the generic profile (``generic.py``: ``sentencex`` and CLDR), which any other
code gets. ``base.py`` is the type, ``registry.py`` the lookup.
"""

from workers.lang.base import LanguageProfile, NumberForms, ScraperNoise
from workers.lang.registry import Language, profile

__all__ = ["Language", "LanguageProfile", "NumberForms", "ScraperNoise", "profile"]
