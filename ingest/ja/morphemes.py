"""The one Sudachi service of a process: the ``sudachidict-core`` dictionary, loaded once.

Indexing (:class:`ingest.ja.tokenize.SudachiTokenizer`), question analysis
(:mod:`assistant.answer.analysis`), the answer units' morphemes (:mod:`ingest.units`) and
the fact extractor (:mod:`ingest.facts.entities`) all take their morphemes from here.
Two granularities: mode C (long units: 川崎市, 低炭素) and, for reading answers, mode A
(short units: 川崎 / 市), obtained from the same analysis by splitting each C unit. Loading the dictionary costs about a second and
70 MB, so it happens once per process, on first use (a forked ingest worker inherits it).
A Sudachi tokenizer may not be used by two threads at once (the API answers in a thread
pool), so each thread gets its own tokenizer per set of fields, all from the one dictionary.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

#: Sudachi refuses inputs over ~49 KB; :func:`sudachi_morphemes` cuts longer texts into pieces of this many characters.
PIECE_CHARS = 4000


@dataclass(frozen=True)
class Morpheme:
    """One Sudachi mode-C unit at ``[start, end)`` of the analysed text."""

    surface: str
    pos: tuple[str, ...]
    normalized: str
    start: int
    end: int

    @property
    def is_country(self) -> bool:
        return self.pos[:4] == ("名詞", "固有名詞", "地名", "国")

    @property
    def is_proper(self) -> bool:
        return self.pos[:2] == ("名詞", "固有名詞")

    @property
    def is_nominal(self) -> bool:
        if self.pos[0] == "名詞":
            return self.pos[1] != "数詞"
        return self.pos[0] in ("接尾辞", "接頭辞") and self.pos[1] != "数詞"


class FineMorpheme(NamedTuple):
    """One Sudachi mode-A unit at ``[start, end)``: what the reader matches and cuts spans from.

    ``pos_id`` indexes the dictionary's part-of-speech table (:func:`part_of_speech`), so a
    generation can store it as one number. A named tuple: readers make many of them per question.
    """

    start: int
    end: int
    pos_id: int
    normalized: str

    @property
    def pos(self) -> tuple[str, ...]:
        return part_of_speech(self.pos_id)


@lru_cache(maxsize=4096)
def part_of_speech(pos_id: int) -> tuple[str, ...]:
    """The six-field part of speech of a dictionary POS id."""
    return tuple(dictionary().pos_of(pos_id))


@lru_cache(maxsize=1)
def dictionary():
    """The process's Sudachi dictionary (``sudachidict-core``)."""
    from sudachipy import Dictionary

    return Dictionary(dict="core")


_local = threading.local()


def sudachi_tokenizer(fields: frozenset[str] | None = None):
    """This thread's mode-C Sudachi tokenizer, loading only ``fields`` (every field when None)."""
    tokenizers = _local.__dict__.setdefault("tokenizers", {})
    tokenizer = tokenizers.get(fields)
    if tokenizer is None:
        from sudachipy import SplitMode

        options = {"fields": set(fields)} if fields is not None else {}
        tokenizer = tokenizers[fields] = dictionary().tokenizer(mode=SplitMode.C, **options)
    return tokenizer


def sudachi_morphemes(text: str, piece_chars: int = PIECE_CHARS) -> list[Morpheme]:
    """Mode-C morphemes of ``text`` with their character offsets, ``piece_chars`` at a time."""
    tokenizer = sudachi_tokenizer()
    out: list[Morpheme] = []
    for offset in range(0, len(text), piece_chars):
        for m in tokenizer.tokenize(text[offset : offset + piece_chars]):
            out.append(
                Morpheme(m.surface(), tuple(m.part_of_speech()), m.normalized_form(), offset + m.begin(), offset + m.end())
            )
    return out


def _split_mode_a():
    from sudachipy import SplitMode

    return SplitMode.A


def fine_morphemes(text: str, piece_chars: int = PIECE_CHARS) -> list[FineMorpheme]:
    """Mode-A morphemes of ``text`` with their character offsets (each mode-C unit split).

    The same morphemes as :func:`analyse_text` gives, without building the mode-C ones
    (ingest cuts them for every chunk: this is its hot loop)."""
    tokenizer = sudachi_tokenizer()
    mode_a = _split_mode_a()
    fine: list[FineMorpheme] = []
    append = fine.append
    parts_out = tokenizer.tokenize("")
    for offset in range(0, len(text), piece_chars):
        for m in tokenizer.tokenize(text[offset : offset + piece_chars]):
            begin, end = m.begin(), m.end()
            add_fine(m, begin, end, m.split(mode_a, out=parts_out) if end - begin > 1 else None, offset, append)
    return fine


_new_tuple = tuple.__new__


def add_fine(m, begin: int, end: int, parts, shift: int, append) -> None:
    """Append the mode-A morphemes of the Sudachi mode-C morpheme ``m`` at ``[begin, end)``
    (offsets + ``shift``).

    ``parts`` is ``m.split(SplitMode.A)`` when ``m`` is longer than one character, else None;
    the caller splits it, as it may need the parts itself, and may split into one reused
    ``out`` list (the parts are read here and not kept). The one home of how a mode-C unit
    becomes mode-A ones (:func:`fine_morphemes`, and the chunk analysis that indexing
    shares, :mod:`ingest.ja.chunk_analysis`)."""
    # tuple.__new__ builds the named tuple without the Python-level __new__ it would go
    # through: this runs for every morpheme of every chunk an ingest cuts.
    if parts is not None and len(parts) > 1:
        for p in parts:
            append(_new_tuple(FineMorpheme, (shift + p.begin(), shift + p.end(), p.part_of_speech_id(), p.normalized_form())))
    else:
        append(_new_tuple(FineMorpheme, (shift + begin, shift + end, m.part_of_speech_id(), m.normalized_form())))


def analyse_text(text: str, piece_chars: int = PIECE_CHARS) -> tuple[list[Morpheme], list[FineMorpheme]]:
    """Mode-C and mode-A morphemes of ``text`` from one Sudachi analysis."""
    tokenizer = sudachi_tokenizer()
    mode_a = _split_mode_a()
    coarse: list[Morpheme] = []
    fine: list[FineMorpheme] = []
    for offset in range(0, len(text), piece_chars):
        for m in tokenizer.tokenize(text[offset : offset + piece_chars]):
            start = offset + m.begin()
            coarse.append(Morpheme(m.surface(), tuple(m.part_of_speech()), m.normalized_form(), start, offset + m.end()))
            parts = m.split(mode_a) if m.end() - m.begin() > 1 else ()
            if len(parts) > 1:
                fine.extend(
                    FineMorpheme(offset + p.begin(), offset + p.end(), p.part_of_speech_id(), p.normalized_form()) for p in parts
                )
            else:
                fine.append(FineMorpheme(start, offset + m.end(), m.part_of_speech_id(), m.normalized_form()))
    return coarse, fine
