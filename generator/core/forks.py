"""Sharing work among forked processes: how a build uses more than one core.

Workers are forked, so they inherit what the parent built (the site model, a
``Fingerprints`` object) instead of receiving it pickled; only the chunks of
work and their results cross the pipe. Where fork is unavailable, or the caller
asks for one job because the work is too small to pay for starting processes,
the calling process does it alone, with the same results.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

Shared = TypeVar("Shared")
Chunk = TypeVar("Chunk")
Result = TypeVar("Result")

#: (work, shared) of the running ``map_in_forks``, inherited by its workers.
_INHERITED: tuple[Callable[[Any, Any], Any], Any] | None = None


def map_in_forks(work: Callable[[Shared, Chunk], Result], shared: Shared, chunks: Sequence[Chunk], jobs: int) -> Iterator[Result]:
    """``work(shared, chunk)`` for every chunk, results in chunk order, on ``jobs`` forked processes.

    Each worker keeps its copy of ``shared`` for all the chunks it gets, so caches
    kept in it (compiled templates, digests) serve the worker's later chunks.
    """
    global _INHERITED
    if jobs <= 1 or len(chunks) <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        for chunk in chunks:
            yield work(shared, chunk)
        return
    _INHERITED = (work, shared)
    try:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            yield from pool.imap(_run_inherited, chunks)
    finally:
        _INHERITED = None


def _run_inherited(chunk: Any) -> Any:
    assert _INHERITED is not None
    work, shared = _INHERITED
    return work(shared, chunk)


def available_cores() -> int:
    """The cores this process may run on (its affinity on Linux, else every core)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1
