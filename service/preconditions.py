"""``If-Match`` and ``ETag`` for what editors save over (a sentence's revision, a glossary's version).

One reading for both: a number in quotes names what the editor started from, ``*`` saves over whatever
stands, a save without ``If-Match`` is 428 (so no one overwrites another's work unseen), and a weak tag
is 412, because RFC 9110 13.1.1 compares ``If-Match`` strongly and a weak tag never matches.
"""

from __future__ import annotations

import re

from flask import request

from service.problems import Problem

ETAG = re.compile(r'^"(\d{1,10})"$')
# What a client may send, for the API's description: a weak tag is outside it (and refused with 412).
IF_MATCH_PATTERN = '^(\\*|"[0-9]{1,10}")$'


def if_match(what: str, source: str) -> int | None:
    """The ``what`` (revision, version) ``If-Match`` names, None for ``*``; ``source`` says where the
    client reads its ETag."""
    given = request.headers.get("If-Match")
    if given is None:
        detail = (
            f'Send the {what} you edited in If-Match, as the ETag of {source} gave it (If-Match: "3"), '
            "so that a save made by someone else meanwhile is not overwritten."
        )
        raise Problem(428, "if_match_required", detail, field="If-Match")
    given = given.strip()
    if given == "*":
        return None
    if given.startswith("W/"):
        detail = (
            f"If-Match compares strongly (RFC 9110), so a weak ETag such as {given[:40]!r} never matches. "
            f'Send the ETag as {source} gave it, without W/ (If-Match: "3").'
        )
        raise Problem(412, "weak_if_match", detail, field="If-Match")
    found = ETAG.match(given)
    if found is None:
        detail = f'If-Match must be one {what} in quotes, such as "3" (got {given[:40]!r}).'
        raise Problem(400, "invalid_if_match", detail, field="If-Match")
    return int(found.group(1))


def etag(number: int) -> dict[str, str]:
    """The headers of an answer about what ``If-Match`` may name next: never cached, it changes."""
    return {"ETag": f'"{number}"', "Cache-Control": "no-store"}
