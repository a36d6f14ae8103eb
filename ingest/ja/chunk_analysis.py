"""One Sudachi analysis of a chunk for both of ingest's uses: the index terms of its
``index_text`` (:mod:`ingest.ja.tokenize`) and the mode-A morphemes of its ``text`` that
the answer units keep (:func:`ingest.ja.morphemes.fine_morphemes`).

The two texts differ: ``index_text`` is the title, the section path and repeated table
heads, then the body with era years annotated; ``text`` is the body alone. Analysed apart,
they cost two Sudachi passes over every body. Yet both end in the same lines, and a run of
line breaks between two non-blank characters is one lattice node that every path goes
through (Sudachi has no word spanning a line break; the run is one unknown 空白 word). The
best path after that node therefore does not depend on what precedes it, and the best path
up to it does not depend on what follows it. So ``text``'s morphemes are those of its head
(up to and including the first such line break after which both texts agree), analysed on
its own, followed by those that the analysis of ``index_text`` finds after the same break.
Only the head is analysed twice. Where the texts share no such break (one paragraph, an era
year in the last line), both are analysed apart as before.

The result is the same as the two separate analyses, morpheme for morpheme and term for
term: ``tests/ingest/ja/test_chunk_analysis.py`` checks it on the corpus's chunks and on
generated texts, and ``eval/bench/same_index.py`` compares whole indexes.
"""

from __future__ import annotations

from dataclasses import dataclass

from ingest.ja.morphemes import PIECE_CHARS, FineMorpheme, fine_morphemes
from ingest.ja.tokenize import SudachiTokenizer, Tokenizer, fits_one_piece

__all__ = ["ChunkAnalysis", "analyse_chunk", "shared_break"]


@dataclass(frozen=True)
class ChunkAnalysis:
    """A chunk's index terms (of its ``index_text``) and mode-A morphemes (of its ``text``)."""

    terms: list[str]
    morphemes: list[FineMorpheme]


@dataclass(frozen=True)
class SharedBreak:
    """``text[at:] == index_text[index_at:]``, and both are preceded by the same run of line
    breaks, itself preceded by a non-blank character; ``text[at]`` is not blank."""

    at: int
    index_at: int


def analyse_chunk(tokenizer: Tokenizer, index_text: str, text: str) -> ChunkAnalysis:
    """``tokenizer.tokenize(index_text)`` and ``fine_morphemes(text)``, with one Sudachi pass
    over what the two texts share (module docstring)."""
    shared = None
    if isinstance(tokenizer, SudachiTokenizer) and len(text) <= PIECE_CHARS and fits_one_piece(index_text):
        shared = shared_break(index_text, text)
    if shared is None:
        return ChunkAnalysis(tokenizer.tokenize(index_text), fine_morphemes(text))
    terms, tail = tokenizer.terms_and_morphemes(index_text, shared.index_at, shared.at - shared.index_at)
    return ChunkAnalysis(terms, fine_morphemes(text[: shared.at]) + tail)


def shared_break(index_text: str, text: str) -> SharedBreak | None:
    """The first line start of ``text`` after which it and ``index_text`` end alike, behind
    the same run of line breaks (:class:`SharedBreak`); None when there is none."""
    common = 0
    limit = min(len(text), len(index_text))
    while common < limit and text[-1 - common] == index_text[-1 - common]:
        common += 1
    at = text.find("\n", len(text) - common) + 1 if common else 0
    while 0 < at < len(text):
        run = at - 1
        while run > 0 and text[run - 1] == "\n":
            run -= 1
        index_at = len(index_text) - (len(text) - at)
        index_run = index_at - (at - run)
        if (
            not text[at].isspace()
            and run > 0 and not text[run - 1].isspace()
            and index_run > 0 and index_text[index_run:index_at] == text[run:at] and not index_text[index_run - 1].isspace()
        ):
            return SharedBreak(at, index_at)
        at = text.find("\n", at) + 1
    return None
