"""Answer units: the pieces of a document an answer quotes, made once at ingest.

A unit is a span of a document's normalised text that can stand alone as a quote:

* ``sentence`` — a sentence of prose (cut at 。！？, never inside brackets; a line end cuts
  it unless the line breaks off mid-sentence and the next goes on with it); a footnote's
  sentences (「※1 …」) carry the term the note glosses in ``lead`` (:mod:`ingest.footnotes`);
* ``item`` — a list item (・ ○ ● • - ▶ …), one per sentence when an item holds several;
* ``label`` — a label–value line (「担当: …」「FS・・・Feasibility Study の略」) or a row of a
  two-column table, its label in ``lead``;
* ``heading`` — a short line with no sentence end: a heading, a title, a fragment of a
  table that PDF extraction flattened into lines;
* ``block`` — a few consecutive such fragments read together (3 lines), and the record a
  date-led fragment begins (「2024.1.29 …」 up to the next date-led line);
* ``row`` — a table row (tab-separated cells), with the column heads in ``lead``;
* ``cell`` — one cell of a table row that has at least three cells or a long cell, with
  its column head and the row's label in ``lead``; it is shown as its whole row
  (``show``).

``lead`` is read with the unit when matching a question (a row becomes 「開催日 第1回 …」) but
is not part of the quote; ``caption`` is the first row of the unit's table (its title), read
as context. :func:`answer_units` is pure: offsets are into the text it is given.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from typing import TYPE_CHECKING

from ingest.footnotes import glossed_term, note_number
from ingest.ja.sentences import detect_heading, is_list_item, split_sentences

if TYPE_CHECKING:
    from ingest.core.models import Chunk
    from ingest.index.records import ChunkUnits
    from ingest.ja.morphemes import FineMorpheme
    from ingest.ja.normalise import NormalisedText

__all__ = ["AnswerUnit", "UNITS_VERSION", "UNIT_KINDS", "answer_units", "chunk_units"]

#: Version of these rules; an index made with another is re-cut at the next ingest.
UNITS_VERSION = 4

UNIT_KINDS = ("sentence", "item", "label", "heading", "block", "row", "cell")

#: A short line (no sentence end) is a heading or a fragment up to this many characters.
FRAGMENT_CHARS = 30
#: A label line is at most this long.
LABEL_LINE_CHARS = 160
#: Fragments read together as one block.
BLOCK_LINES = 3
#: A date-led record spans at most this many fragment lines.
RECORD_LINES = 10
#: A cell's row is shown in its place when the row is at most this long.
ROW_SHOW_CHARS = 200


@dataclass(frozen=True)
class AnswerUnit:
    """``text[start:end]`` of the analysed text is a unit of ``kind``; ``show`` is the span
    shown when it is quoted (its own, or its row for a cell)."""

    kind: str
    start: int
    end: int
    lead: str = ""
    caption: str = ""
    show_start: int = -1
    show_end: int = -1

    @property
    def show(self) -> tuple[int, int]:
        return (self.show_start, self.show_end) if self.show_start >= 0 else (self.start, self.end)


_LABEL = re.compile(r"^\s*[-・○●◆■▶•※]?\s*(?P<label>[^\s:：。、]{1,16}?)\s*(?:[:：]|・・・|…)\s*(?P<value>\S.*)$")
_YEARISH = re.compile(
    r"^(?:(?:明治|大正|昭和|平成|令和)(?:元|\d{1,2})(?:[,、]\d{1,2})*年度?|\d{4}年度?|\d{4}|第\d+回|\d{1,2}月)$"
)
_DATE_LEAD = re.compile(
    r"^(?:\d{4}[./]\d{1,2}(?:[./]\d{1,2})?|\d{4}年\d{1,2}月|(?:平成|令和)(?:元|\d{1,2})年\d{1,2}月)"
)
_SENTENCE_END = re.compile(r"[。．]$")


@dataclass(frozen=True)
class _Line:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class _Cell:
    start: int
    end: int
    text: str


def answer_units(text: str) -> list[AnswerUnit]:
    """The units of ``text`` (a document's normalised text), in order of their start."""
    units: list[AnswerUnit] = []
    lines = _lines(text)
    run: list[_Line] = []  # consecutive fragment lines (blank lines between allowed)
    i = 0
    while i < len(lines):
        line = lines[i]
        if "\t" in line.text:
            block = []
            while i < len(lines) and "\t" in lines[i].text:
                block.append(lines[i])
                i += 1
            _flush_record(run, units)
            run.clear()
            units.extend(_table_units(block))
            continue
        i += 1
        stripped = line.text.strip()
        if not stripped:
            continue
        start = line.start + len(line.text) - len(line.text.lstrip())
        end = start + len(stripped)
        if _is_fragment(stripped):
            units.append(AnswerUnit("heading", start, end))
            run.append(_Line(start, end, stripped))
            _blocks(run, units)
            continue
        _flush_record(run, units)
        run.clear()
        if _DATE_LEAD.match(stripped) and not _SENTENCE_END.search(stripped):
            # A long date-led line of a table PDF extraction flattened (「2023.9.4 JICA廃棄物研修・視察
            # ベトナム 8 …/」) begins a record as a short one does: the fragments after it belong to it.
            run.append(_Line(start, end, stripped))
        label = _LABEL.match(stripped)
        if label and len(stripped) <= LABEL_LINE_CHARS:
            units.append(AnswerUnit("label", start, end, lead=label.group("label")))
            continue
        kind = "item" if is_list_item(stripped) else "sentence"
        while i < len(lines):
            # A sentence the PDF broke across lines (「…が2021年１月」 / 「に開始した、…」) is read whole,
            # and so is one a figure's caption cut in two (「…研修に向けた」 / 「「…」の様子」 / 「調整を…」).
            skip = _caption_between(lines, i, stripped)
            if not _continues(stripped, lines[i + skip].text if i + skip < len(lines) else ""):
                break
            i += skip
            stripped = text[start : lines[i].start + len(lines[i].text.rstrip())]
            end = start + len(stripped)
            i += 1
        flat = stripped.replace("\n", " ")
        # A footnote (「※1 …」) is read with the term its mark follows in the text.
        gloss = glossed_term(text, start) if note_number(stripped) else ""
        units.extend(AnswerUnit(kind, start + a, start + b, lead=gloss) for a, b in split_sentences(flat))
    _flush_record(run, units)
    return sorted(units, key=lambda u: (u.start, u.end))


def _lines(text: str) -> list[_Line]:
    out, pos = [], 0
    for raw in text.split("\n"):
        out.append(_Line(pos, pos + len(raw), raw))
        pos += len(raw) + 1
    return out


#: A line ending so does not go on to the next (a sentence end, a closing bracket, a colon).
_LINE_ENDED = re.compile(r"[。．！？!?」』）)】:：]\s*$")


def _continues(paragraph: str, following: str) -> bool:
    """Whether ``following`` (the next line) goes on with the sentence ``paragraph`` ends in:
    it does not end, and the next line is prose that is no heading, list item, label or row."""
    nxt = following.strip()
    if not nxt or _LINE_ENDED.search(paragraph) or "\t" in following:
        return False
    if len(paragraph.rsplit("\n", 1)[-1]) <= FRAGMENT_CHARS:
        return False  # a short line is a heading or a fragment, not a broken sentence
    return not (is_list_item(nxt) or _LABEL.match(nxt) or detect_heading(nxt) is not None
                or (_is_fragment(nxt) and not _SENTENCE_END.search(nxt)))


#: A figure's caption the PDF set inside a sentence: 「「第20回…フォーラム」の様子」「写真1 …」.
_CAPTION = re.compile(r"^(?:(?:写真|図)\s*[0-9０-９]+.{0,30}|.{2,40}(?:の様子|の風景|の写真|の模様))$")


def _caption_between(lines: list[_Line], i: int, paragraph: str) -> int:
    """How many lines from ``lines[i]`` on are a caption (and the blank lines around it) that
    stand inside the sentence ``paragraph`` ends in; 0 when none does."""
    if _LINE_ENDED.search(paragraph):
        return 0
    j = _first_written(lines, i)
    if j >= len(lines) or not _CAPTION.match(lines[j].text.strip()):
        return 0
    j = _first_written(lines, j + 1)
    return j - i if j < len(lines) else 0


def _first_written(lines: list[_Line], i: int) -> int:
    """The first line from ``lines[i]`` on that is not blank (``len(lines)``: none)."""
    while i < len(lines) and not lines[i].text.strip():
        i += 1
    return i


def _is_fragment(line: str) -> bool:
    if detect_heading(line) is not None:
        return True
    return (
        len(line) <= FRAGMENT_CHARS
        and not _SENTENCE_END.search(line)
        and not is_list_item(line)
        and not _LABEL.match(line)
    )


def _blocks(run: list[_Line], units: list[AnswerUnit]) -> None:
    """A window of :data:`BLOCK_LINES` fragments, and the record a date-led line closes."""
    if len(run) >= BLOCK_LINES:
        units.append(AnswerUnit("block", run[-BLOCK_LINES].start, run[-1].end))
    if len(run) >= 2 and _DATE_LEAD.match(run[-1].text):
        _flush_record(run[:-1], units)


def _flush_record(run: list[_Line], units: list[AnswerUnit]) -> None:
    starts = [k for k, line in enumerate(run) if _DATE_LEAD.match(line.text)]
    if starts and 1 < len(run) - starts[-1] <= RECORD_LINES:
        units.append(AnswerUnit("block", run[starts[-1]].start, run[-1].end))


def _cells(line: _Line) -> list[_Cell]:
    out, pos = [], line.start
    for part in line.text.split("\t"):
        stripped = part.strip()
        if stripped:
            lead = len(part) - len(part.lstrip())
            out.append(_Cell(pos + lead, pos + lead + len(stripped), stripped))
        pos += len(part) + 1
    return out


def _header_like(cells: list[_Cell]) -> bool:
    return bool(cells) and all(len(c.text) <= 16 and "。" not in c.text for c in cells)


def _years_row(cells: list[_Cell]) -> bool:
    return bool(cells) and sum(1 for c in cells if _YEARISH.match(c.text)) >= max(1, len(cells) - 1)


def _table_units(block: list[_Line]) -> list[AnswerUnit]:
    """Rows with their column heads, cells with their column head and row label.

    The column heads of a row are the nearest row above made of years (a table whose
    values sit under year columns, repeated down the table) or else the table's first
    row when it looks like a header. A two-column table is read as label and value.
    """
    rows = [_cells(line) for line in block]
    rows = [r for r in rows if r]
    if not rows:
        return []
    caption = " ".join(c.text for c in rows[0])[:80]
    if max(len(r) for r in rows) <= 2:
        return [
            AnswerUnit("label" if len(r) == 2 else "row", r[0].start, r[-1].end, lead=r[0].text if len(r) == 2 else "",
                       caption=caption)
            for r in rows
        ]
    out: list[AnswerUnit] = []
    header: list[_Cell] | None = None
    first = rows[0]
    for number, cells in enumerate(rows):
        start, end = cells[0].start, cells[-1].end
        if _years_row(cells) or (number == 0 and _header_like(cells)):
            header = cells
            out.append(AnswerUnit("row", start, end, caption=caption))
            continue
        heads = header if header is not None else (first if first is not cells else None)
        lead = ""
        if heads:
            names = [c.text for c in heads]
            if len(names) == len(cells) + 1:  # the header names the row-label column too
                names = names[1:]
            if len(names) == len(cells):
                lead = " / ".join(names)
                out.extend(_cell_units(cells, names, heads, start, end, caption))
            else:
                lead = " ".join(names)
        out.append(AnswerUnit("row", start, end, lead=lead, caption=caption))
    return out


def _cell_units(
    cells: list[_Cell], names: list[str], heads: list[_Cell], start: int, end: int, caption: str
) -> list[AnswerUnit]:
    labelled = not _years_row(heads) and len(cells[0].text) <= 16
    row_label = cells[0].text if labelled else ""
    show = (start, end) if end - start <= ROW_SHOW_CHARS else (-1, -1)
    out = []
    for column, (cell, name) in enumerate(zip(cells, names)):
        if labelled and column == 0:
            continue
        if len(cells) >= 3 or len(cell.text) > 40:
            out.append(AnswerUnit("cell", cell.start, cell.end, lead=f"{name} {row_label}".strip(), caption=caption,
                                  show_start=show[0], show_end=show[1]))
    return out


def chunk_units(
    norm: NormalisedText, chunks: list[Chunk], morphemes: list[list[FineMorpheme]] | None = None
) -> list[ChunkUnits]:
    """Each chunk's units (those that lie inside it) and its text's mode-A morphemes.

    ``chunks`` are the document's chunks in order; each is a slice of ``norm.text``.
    ``morphemes``, when given, are each chunk's ``fine_morphemes(chunk.text)``, made
    already (the chunk analysis indexing shares, :mod:`ingest.ja.chunk_analysis`).
    """
    from ingest.index.records import ChunkUnits, UnitRecord
    from ingest.ja.morphemes import fine_morphemes

    units = answer_units(norm.text)
    out: list[ChunkUnits] = []
    cursor = 0
    first = 0
    for row, chunk in enumerate(chunks):
        at = norm.text.find(chunk.text, cursor)
        if at < 0:
            at = norm.text.find(chunk.text)
        end = at + len(chunk.text)
        cursor = max(cursor, at)
        records = []
        while first < len(units) and units[first].start < at:
            first += 1
        for unit in units[first:]:
            if unit.start >= end:
                break
            if unit.end > end:
                if unit.kind != "sentence" or "\n" not in norm.text[unit.start : end]:
                    continue
                # A sentence read across lines that the chunk ends in: its lines in this chunk.
                unit = AnswerUnit(unit.kind, unit.start, norm.text.rindex("\n", unit.start, end))
            show_start, show_end = unit.show
            if not (at <= show_start and show_end <= end):
                show_start, show_end = unit.start, unit.end
            source = norm.original_span(show_start, show_end)
            shown = (show_start - at, show_end - at) if (show_start, show_end) != (unit.start, unit.end) else (-1, -1)
            records.append(UnitRecord(unit.kind, unit.start - at, unit.end - at, unit.lead, unit.caption,
                                      shown[0], shown[1], source[0], source[1]))
        fine = morphemes[row] if morphemes is not None else fine_morphemes(chunk.text)
        out.append(ChunkUnits(chunk.chunk_id, tuple(records), tuple(fine)))
    return out
