"""Grouping sentences into model batches by token count rather than by sentence count.

A batch costs about (its longest input) x (its size) positions, padding included, so sentences are
taken longest first and a batch closes when that product would pass the token budget. Similar lengths
then share a batch (little padding), short sentences travel in large batches and long ones in small
ones, and memory stays bounded whatever the article looks like. Callers put results back in order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TypeVar

from workers.failures import is_out_of_memory

T = TypeVar("T")


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


def halving(run: Callable[[list[T]], list[str]], batch: list[T]) -> list[str]:
    """``run(batch)``; where it runs out of memory, each half on its own, down to single items.

    A batch that fits on a quiet machine can fail while another process peaks, and a long article's
    longest sentences can be one batch too many: halving keeps the job going where the whole batch
    would have failed it. A single item that still does not fit raises the error.
    """
    try:
        return run(batch)
    except Exception as error:
        if len(batch) < 2 or not is_out_of_memory(error):
            raise
    middle = len(batch) // 2
    return halving(run, batch[:middle]) + halving(run, batch[middle:])


def resilient_batches(
    run_all: Callable[[list[list[T]]], Iterator[list[str]]], batches: list[list[T]]
) -> Iterator[list[str]]:
    """``run_all(batches)`` as the backend runs them (several at once where it can); after an
    out-of-memory error, the batches not yet returned go one at a time through ``halving``."""
    returned = 0
    try:
        for outputs in run_all(batches):
            returned += 1
            yield outputs
    except Exception as error:
        failed, *rest = batches[returned:]
        if len(failed) < 2 or not is_out_of_memory(error):
            raise

        def run(items: list[T]) -> list[str]:
            return next(iter(run_all([items])))

        middle = len(failed) // 2
        yield halving(run, failed[:middle]) + halving(run, failed[middle:])
        for batch in rest:
            yield halving(run, batch)
