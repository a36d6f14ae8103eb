"""Answer units as the reader sees them: a unit's text, what it is read with, and its terms.

A :class:`UnitView` is a unit of a retrieved passage (``ingest/units.py`` made it at ingest):
its text and morphemes, the ``lead`` it is read with (column heads and the table's title for
a row or cell, the label of a label line), its ``context`` (document title and section path:
counted apart, a topic every unit of the section shares), and where it stands (passage rank,
position). Terms are morpheme keys; an era year also stands as its Western year.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field, replace
from functools import lru_cache

from assistant.answer.reader.question import is_content, key
from assistant.retrieval.base import Passage
from ingest.index.records import ChunkUnits, UnitRecord
from ingest.ja.dates import find_era_years
from ingest.ja.morphemes import FineMorpheme, fine_morphemes
from ingest.units import chunk_units

#: Table units are read with their table's title.
TABLE_KINDS = ("row", "cell")


@dataclass
class UnitView:
    text: str
    kind: str
    passage: Passage | None
    passage_rank: int
    passage_score: float
    index: int
    n_in_passage: int
    morphemes: tuple[FineMorpheme, ...]
    lead: str = ""
    context: str = ""
    #: Shown when the unit is quoted (a cell shows its row), and its span in the chunk text.
    display: str = ""
    start: int = 0
    end: int = 0
    #: The shown span in the document's original text (-1: unknown).
    source_start: int = -1
    source_end: int = -1
    lead_morphemes: tuple[FineMorpheme, ...] = ()
    keys: list[str] = field(default_factory=list)
    extra: dict[str, list[int]] = field(default_factory=dict)
    ctx_keys: frozenset[str] = frozenset()
    #: Keys of the text's content morphemes (nouns, verbs …).
    content_keys: list[str] = field(default_factory=list)
    #: A table row's column heads, one per cell (empty: not known cell by cell).
    heads: tuple[str, ...] = ()
    #: What a quote of the unit is prefixed with: a row's (or a cell's row's) column heads, once.
    shown_lead: str = ""
    #: A cell's own head (its column's, and its row's label), without its table's title.
    own_lead: str = ""

    def __post_init__(self) -> None:
        if not self.display:
            self.display = self.text
        if self.keys:
            return  # a copy of a cached view (:func:`passage_units`): its terms are read already
        if self.lead and not self.lead_morphemes:
            self.lead_morphemes = morphemes_of(self.lead)
        own = [key(m) for m in self.morphemes]
        self.keys = [key(m) for m in self.lead_morphemes] + own
        self.content_keys = [k for k, m in zip(own, self.morphemes) if is_content(m)]
        self.extra = {}
        for k, at in _era_keys(self.lead, self.lead_morphemes).items():
            self.extra.setdefault(k, []).extend(at)
        for k, at in _era_keys(self.text, self.morphemes).items():
            self.extra.setdefault(k, []).extend(p + self.offset for p in at)
        if self.context and not self.ctx_keys:
            self.ctx_keys = _context_keys(self.context)

    @property
    def offset(self) -> int:
        """Keys of the lead come first: the text's morpheme ``i`` is key ``offset + i``."""
        return len(self.lead_morphemes)

    def surface(self, m: FineMorpheme) -> str:
        return self.text[m.start : m.end]


@lru_cache(maxsize=8192)
def morphemes_of(text: str) -> tuple[FineMorpheme, ...]:
    """The mode-A morphemes of a short text read with units (a lead, a column head), cached."""
    return tuple(fine_morphemes(text))


@lru_cache(maxsize=8192)
def _context_keys(text: str) -> frozenset[str]:
    ms = morphemes_of(text)
    return frozenset({key(m) for m in ms if is_content(m)} | set(_era_keys(text, ms)))


def _era_keys(text: str, ms: tuple[FineMorpheme, ...]) -> dict[str, list[int]]:
    """The Western year of each era mention of ``text``, at the morpheme where it starts."""
    out: dict[str, list[int]] = {}
    if not text:
        return out
    for era in find_era_years(text):
        at = next((i for i, m in enumerate(ms) if m.start <= era.start < m.end), None)
        if at is not None:
            out.setdefault(str(era.western), []).append(at)
    return out


#: Chunks whose unit views (all but the passage they are read in) are kept between questions.
CACHED_CHUNKS = 4096
_VIEWS: dict[tuple[str, str, str], list[UnitView]] = {}


def passage_units(passages: list[Passage], units_of, depth: int) -> list[UnitView]:
    """The units of the first ``depth`` passages, in passage order and document order.

    ``units_of(passage)`` gives a passage's :class:`ChunkUnits` (stored at ingest, or cut now).
    A chunk's views are made once (its units' morphemes and terms) and kept for the next
    question, by its id, text and context, so a replaced document's new text makes new ones.
    """
    out: list[UnitView] = []
    top = passages[0].score if passages else 1.0
    for rank, passage in enumerate(passages[:depth]):
        chunk = passage.chunk
        context = " ".join((chunk.meta.title, *chunk.section.split(" > ")))
        key = (chunk.chunk_id, chunk.text, context)
        views = _VIEWS.get(key)
        if views is None:
            views = _views_of(units_of(passage), chunk.text, context)
            if len(_VIEWS) >= CACHED_CHUNKS:
                _VIEWS.pop(next(iter(_VIEWS)))
            _VIEWS[key] = views
        score = passage.score / top if top else 0.0
        out.extend(replace(v, passage=passage, passage_rank=rank, passage_score=score) for v in views)
    return out


def _views_of(stored: ChunkUnits, text: str, context: str) -> list[UnitView]:
    starts = [m.start for m in stored.morphemes]
    records = stored.units
    views = [view_of(unit, stored.morphemes, starts, text, j, len(records), context) for j, unit in enumerate(records)]
    # A cell is shown as its row: its quote is prefixed with its row's heads (the row stands near it).
    for j, (unit, view) in enumerate(zip(records, views)):
        if unit.kind == "cell":
            row = next((views[k] for k in range(max(0, j - 40), min(j + 40, len(records)))
                        if records[k].kind == "row" and records[k].start <= unit.start and unit.end <= records[k].end), None)
            view.shown_lead = row.shown_lead if row is not None and row.start == view.start else unit.lead
    return views


def view_of(
    unit: UnitRecord, morphemes: tuple[FineMorpheme, ...], starts: list[int], text: str,
    index: int, count: int, context: str,
) -> UnitView:
    """The view of one stored unit of a chunk whose text is ``text`` (read in no passage yet);
    ``starts`` are the start offsets of ``morphemes``."""
    own = tuple(
        FineMorpheme(m.start - unit.start, m.end - unit.start, m.pos_id, m.normalized)
        for m in morphemes[bisect_left(starts, unit.start) : bisect_left(starts, unit.end)]
        if m.end <= unit.end
    )
    lead = unit.lead
    if unit.kind in TABLE_KINDS and unit.caption and unit.caption != text[unit.start : unit.end]:
        lead = f"{unit.caption} {lead}".strip()
    show_start, show_end = unit.show
    return UnitView(
        text=text[unit.start : unit.end], kind=unit.kind, passage=None, passage_rank=0, passage_score=0.0,
        index=index, n_in_passage=count, morphemes=own, lead=lead, context=context,
        display=text[show_start:show_end], start=show_start, end=show_end,
        source_start=unit.source_start, source_end=unit.source_end,
        heads=tuple(unit.lead.split(" / ")) if unit.kind == "row" and " / " in unit.lead else (),
        shown_lead=_shown_lead(unit, text) if unit.kind in TABLE_KINDS else "",
        own_lead=unit.lead if unit.kind == "cell" else "",
    )


def _shown_lead(unit: UnitRecord, text: str) -> str:
    """A table unit's column heads, after its table's title when the title is not the row of
    those heads itself (a header row shown once: 「回 / 開催日 / 検討内容」)."""
    caption = unit.caption
    if unit.kind == "row" and "\t" not in text[unit.start : unit.end].strip() and not unit.lead:
        return ""  # a line that goes on with the cell above (「\t文京区…課長」): no heads read it
    if not caption or caption == text[unit.start : unit.end] or _squeezed(caption) == _squeezed(unit.lead):
        return unit.lead
    return f"{caption} {unit.lead}".strip()


def _squeezed(text: str) -> str:
    return text.replace(" / ", "").replace(" ", "")


def cut_units(passage: Passage) -> ChunkUnits:
    """A passage's units cut now, from its own text (an index from before answer units):
    offsets in the original text are the passage's own span."""
    from ingest.ja.normalise import normalise

    chunk = passage.chunk
    norm = normalise(chunk.text)
    cut = chunk_units(norm, [chunk]) if norm.text == chunk.text else chunk_units(normalise(norm.text), [chunk])
    return ChunkUnits(
        cut[0].chunk_id,
        tuple(UnitRecord(u.kind, u.start, u.end, u.lead, u.caption, u.show_start, u.show_end, -1, -1) for u in cut[0].units),
        cut[0].morphemes,
    )
