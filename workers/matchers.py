"""The glossary matchers a worker process keeps between jobs: one per stored glossary version.

A job's glossary is the default one of each pair it translates, under the stored glossary it names (at
the version recorded when the job was accepted, for the pair that glossary is for), under its inline
terms. Building the matcher for a 40,000-term glossary took
longer than translating a one-sentence job, and every job on that version built the same one again.
Here the default-plus-named matcher is built once per version and pair and kept (the last few, in ``Lru``);
a job's inline terms go on top with ``Matcher.on_top``, which finds exactly what a matcher built from
all the layers would.
"""

from __future__ import annotations

from collections.abc import Callable

from glossary.matcher import Matcher
from glossary.model import Glossary
from workers.lru import Lru

# Versions and pairs whose matchers a process keeps; a matcher of 50,000 terms holds some tens of
# megabytes, the default glossary of a pair other than id→en a few hundred terms.
CACHED_MATCHERS = 8

# (owner, name, version, pair): ("", "default", 1, "id-en") for id→en's default glossary alone.
MatcherKey = tuple[str, str, int, str]


class MatcherCache:
    """Matchers by glossary version and pair, each kept with the stored glossary it was built from.

    A hit needs the very glossary object the store gave for that version: the store hands out the same
    object while it keeps the version parsed, and a different one (a re-parse, or a glossary deleted and
    uploaded again, whose numbers start at 1 again) gets a matcher of its own.
    """

    def __init__(self, size: int = CACHED_MATCHERS) -> None:
        self._built: Lru[MatcherKey, tuple[Glossary, Matcher]] = Lru(size)

    def get(self, key: MatcherKey, glossary: Glossary, build: Callable[[], Matcher]) -> Matcher:
        """The matcher for ``glossary`` (stored under ``key``), built with ``build`` unless kept."""
        kept = self._built.get(key)
        if kept is not None and kept[0] is glossary:
            return kept[1]
        matcher = build()
        self._built.put(key, (glossary, matcher))
        return matcher

    def clear(self) -> None:
        self._built.clear()


# The worker process's matchers (and ``warta translate``'s): RQ calls a job with its id alone.
MATCHERS = MatcherCache()
