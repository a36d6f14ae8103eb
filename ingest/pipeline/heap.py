"""Keeping what an ingest holds out of the garbage collector's repeated scans.

Until it publishes, an ingest holds every processed document's chunks, terms and answer
units in memory (the units as their encoded lines since 2026-12-02; before, some millions
of morpheme tuples at the corpus ×100, which the cyclic collector tracks). Every full
collection walks them all again; measured 2026-12-02 on the corpus ×30 (lexical ingest,
2 cores), that was a sixth of the CPU time and a third of the wall time, the parent
process falling behind its workers. What a stage keeps is frozen as it arrives
(:func:`settle`, ``gc.freeze``), so collections scan only what is new; :func:`release`,
when the ingest ends, returns it all to the collector. Garbage cycles made meanwhile are
still collected: only objects alive at a freeze are exempt, and only until the release.

Within one document the same holds on a smaller scale: cutting its chunks' terms, morphemes
and units makes some 40,000 small objects per 170 KB of text and no reference cycles, which
collections during that work would only walk again and again (a quarter of a worker's time,
2026-12-02). That work runs :func:`paused`; loading a file (parsers that do make cycles) does not.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


def settle() -> None:
    """Exempt everything alive now from the collector's scans, until :func:`release`."""
    gc.freeze()


def release() -> None:
    """The ingest is over: what :func:`settle` froze is collected again as usual.

    ``gc.unfreeze`` is process-wide: anything the process had frozen itself goes back too."""
    gc.unfreeze()


@contextmanager
def paused() -> Iterator[None]:
    """No collections within: for work that makes many objects and no reference cycles."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
