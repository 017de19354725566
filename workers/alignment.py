"""From attention to an aligned target span: which output words came from a given input span.

Backend-independent: transformers gives cross-attention from a scoring pass, CTranslate2 can return
attention from ``translate_batch``; both reduce to "for each target token, the source token it attends
to most", and the rest happens here, on plain lists.
"""

from __future__ import annotations

Span = tuple[int, int]
MAX_GAP = 2  # linked target tokens this close together belong to one rendering


def aligned_span(links: list[int], source_offsets: list[Span], target_offsets: list[Span], span: Span,
                 target: str) -> Span | None:  # fmt: skip
    """The target words linked to the source tokens inside ``span``.

    ``links[t]`` is the source token that target token ``t`` attends to most. Where the linked target
    tokens fall into several clusters, the largest (then the earliest) is the rendering; stray links
    elsewhere are attention noise. With no link into the span the term was dropped: the empty span
    before the first target token linked past it says where it belongs. None when nothing can be said.
    """
    inside = {i for i, (s, e) in enumerate(source_offsets) if s < span[1] and span[0] < e}
    if not inside:
        return None
    real = [
        t for t in range(min(len(links), len(target_offsets))) if target_offsets[t][1] > target_offsets[t][0]
    ]
    linked = [t for t in real if links[t] in inside]
    if linked:
        cluster = _largest_cluster(linked)
        return widen_to_words(target, target_offsets[cluster[0]][0], target_offsets[cluster[-1]][1])
    after = [target_offsets[t][0] for t in real if links[t] > max(inside)]
    return (min(after), min(after)) if after else None


def _largest_cluster(tokens: list[int]) -> list[int]:
    clusters: list[list[int]] = []
    for token in tokens:
        if clusters and token - clusters[-1][-1] <= MAX_GAP:
            clusters[-1].append(token)
        else:
            clusters.append([token])
    return max(clusters, key=len)


def piece_offsets(pieces: list[str], text: str) -> list[Span]:
    """Character span of each sentencepiece piece in ``text``; special and unknown pieces get a guess."""
    offsets, cursor = [], 0
    for piece in pieces:
        body = piece.replace("▁", "")
        while cursor < len(text) and text[cursor].isspace():
            cursor += 1
        if piece.startswith("<") and piece.endswith(">") and len(piece) > 2:
            width = 1 if piece == "<unk>" and cursor < len(text) else 0
            offsets.append((cursor, cursor + width))
            cursor += width
            continue
        found = text.find(body, cursor, cursor + len(body) + 8) if body else cursor
        if found < 0:
            offsets.append((cursor, cursor))
            continue
        offsets.append((found, found + len(body)))
        cursor = found + len(body)
    return offsets


def widen_to_words(text: str, start: int, end: int) -> Span:
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] in "-'"):
        start -= 1
    while end < len(text) and (text[end].isalnum() or text[end] in "-'"):
        end += 1
    return start, end
