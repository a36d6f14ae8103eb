"""What the reader tests build their cases from: a question's reading and an invented unit."""

from __future__ import annotations

import unicodedata

from assistant.answer.reader.question import Reading, read_question
from assistant.answer.reader.units import UnitView
from ingest.ja.morphemes import fine_morphemes


def reading(text: str) -> Reading:
    """The reader's analysis of an invented question."""
    text = unicodedata.normalize("NFKC", text)
    return read_question(text, tuple(fine_morphemes(text)))


def unit(text: str, kind: str = "sentence", *, rank: int = 0, passage=None, start: int = 0, heads: tuple[str, ...] = ()) -> UnitView:
    """An invented answer unit of passage ``rank`` (no passage behind it unless given)."""
    return UnitView(text=text, kind=kind, passage=passage, passage_rank=rank, passage_score=1.0, index=0, n_in_passage=1,
                    morphemes=tuple(fine_morphemes(text)), start=start, end=start + len(text), heads=heads)
