"""Grouping sentences into model batches by token count rather than by sentence count.

A batch costs about (its longest input) x (its size) positions, padding included, so sentences are
taken longest first and a batch closes when that product would pass the token budget. Similar lengths
then share a batch (little padding), short sentences travel in large batches and long ones in small
ones, and memory stays bounded whatever the article looks like. Callers put results back in order.
"""

from __future__ import annotations


def token_batches(lengths: list[int], max_tokens: int, max_items: int) -> list[list[int]]:
    """Indices of ``lengths`` in batches, longest first; every index appears exactly once."""
    order = sorted(range(len(lengths)), key=lambda i: (-lengths[i], i))
    batches: list[list[int]] = []
    for index in order:
        current = batches[-1] if batches else None
        fits = (
            current is not None
            and len(current) < max(1, max_items)
            and lengths[current[0]] * (len(current) + 1) <= max_tokens
        )
        if fits and current is not None:
            current.append(index)
        else:
            batches.append([index])
    return batches
