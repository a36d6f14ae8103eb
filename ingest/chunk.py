"""Structure-aware chunking of normalised text.

Contract of :func:`chunk_text`: every chunk's ``text`` is a stripped, contiguous slice
of ``norm.text`` and ``start``/``end`` are its original span; the chunks' texts, in
order, contain every non-whitespace character of ``norm.text`` exactly once; no chunk
is longer than ``max_chars``; no chunk cuts a sentence unless the sentence alone is
longer than ``max_chars``; no chunk crosses a top-level heading.

Heading rules (levels nest: a heading closes every open heading of its level or deeper)

====  ===========================================================================
1     第N章/部/編, roman "I. 序章", and はじめに/目次/凡例/資料編/参考資料/…
2     第N節; "◆ 見出し"/"■ 見出し" when ≤ 40 characters, without ":" and not one of
      a run of ◆ lines (a run of ◆ lines is a list: "◆日程：…", "◆内容")
3     "1 背景", "1. 策定の趣旨"; 4–6: "5.1", "5.1.2", "5.1.2.1"
7     "(1) …" and labelled numbers such as "確認事項1) …", "ステップ2) …"
8     "① …" — after NFKC it reads "1 …", so a plain "N …" heading is taken as ①-level
      when it continues a ①-list (or starts one with 1) rather than the 1-level list;
      a title already seen in the table of contents or as a 1-level heading stays 1-level
9     a stand-alone title line (≤ 40 characters, no sentence end, no ":", blank lines
      around it) followed by a paragraph or a table: web page headings, コラム …
====  ===========================================================================

Never headings: lines of a table (any line with a tab), entries of a 目次 block (up to
the first entry that repeats), lines ending in a page number, list items (・ ○ ● • - ▶ …,
including "・2016年6月 …"), sentences (anything with 。), out-of-sequence numbers, and
a plain "N …" line followed by a short fragment (a flattened table cell).

The top level of a document is the shallowest heading level it uses (第N章 in a report,
◆ in a slide deck, the title lines of a web page).

A loader that knows its headings (a Word heading style, a sheet of a workbook) passes them
as ``headings``: original offset of the line → level; those lines are headings of that
level whatever their shape.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ingest.core.models import ChunkDraft
from ingest.ja.dates import annotate_eras
from ingest.ja.sentences import (
    detect_heading,
    ends_with_page_number,
    heading_number,
    is_caption,
    is_list_item,
    split_sentences,
    title_key,
)

if TYPE_CHECKING:
    from ingest.ja.normalise import NormalisedText

__all__ = ["chunk_text", "detect_heading", "is_caption", "is_list_item"]

_CONTENTS = re.compile(r"目\s*次")
_CIRCLED = re.compile(r"[\u2460-\u2473]")
_TITLE_MAX = 40


def _nonspace(s: str) -> int:
    return len(s) - s.count(" ") - s.count("\t")


@dataclass
class _Line:
    start: int
    end: int
    text: str
    table: int  # id of the table block the line belongs to, -1 for none
    blank_before: bool  # a blank line (or the start of the text) precedes it
    shape: tuple[int, str] | None = None  # detect_heading of the line alone


@dataclass
class _Unit:
    start: int
    end: int
    table: int = -1


@dataclass
class _Piece:
    start: int
    end: int
    path: tuple[str, ...]
    section: int
    chapter: int
    heading_first: bool
    tables: frozenset[int] = frozenset()


def chunk_text(
    norm: NormalisedText, *, target: int = 400, max_chars: int = 600, min_chars: int = 200,
    headings: Mapping[int, int] | None = None,
) -> list[ChunkDraft]:
    """Chunks of about ``target`` characters; see the module docstring for the contract."""
    if not 0 < target <= max_chars or min_chars < 0:
        raise ValueError("chunk sizes must satisfy 0 < target <= max_chars and min_chars >= 0")
    text = norm.text
    lines = _lines(text)
    levels, contents_pages = _heading_levels(lines)
    if headings:
        for i, ln in enumerate(lines):
            level = headings.get(norm.offsets[ln.start])
            if level is not None and ln.table < 0:
                levels[i] = level
    # The top level is the shallowest level a document uses for its own sections; a
    # 目次 heading is level 1 everywhere and would otherwise swallow a slide deck.
    top = min((lv for i, lv in levels.items() if i not in contents_pages), default=1)
    headers = {ln.table: ln for ln in reversed(lines) if ln.table >= 0}  # first line of each table
    row_above = {
        ln.start: prev for prev, ln in zip(lines, lines[1:]) if ln.table >= 0 and prev.table == ln.table
    }

    pieces: list[_Piece] = []
    stack: list[tuple[int, str]] = []  # open headings: (level, text)
    chapter = section = 0
    units: list[_Unit] = []
    heading_first = False

    def close_section() -> None:
        path = tuple(t for _, t in stack)
        for first, last in _pack(units, target, max_chars):
            tables = frozenset(u.table for u in units[first:last] if u.table >= 0)
            pieces.append(
                _Piece(
                    units[first].start,
                    units[last - 1].end,
                    path,
                    section,
                    chapter,
                    heading_first and first == 0,
                    tables,
                )
            )

    for i, ln in enumerate(lines):
        level = levels.get(i)
        if level is not None:
            close_section()
            units, section, heading_first = [], section + 1, True
            while stack and (stack[-1][0] >= level or stack[-1][0] == 0):
                stack.pop()
            # A 目次 heading closes at the next heading, whatever its level (level 0).
            stack.append((0 if i in contents_pages else level, ln.text))
            chapter += level <= top or i in contents_pages
        if ln.table >= 0 or level is not None:
            spans = [(ln.start, ln.end)]
        else:
            spans = [(ln.start + s, ln.start + e) for s, e in split_sentences(ln.text)]
        for s, e in spans:
            units += [_Unit(a, b, ln.table) for a, b in _split_long(text, s, e, max_chars)]
    close_section()

    drafts: list[ChunkDraft] = []
    for p in _merge_small(pieces, min_chars, max_chars):
        body = text[p.start : p.end]
        section_path = " > ".join(p.path)
        repeated = [headers[t].text for t in sorted(p.tables) if headers[t].start < p.start]
        above = row_above.get(p.start)
        if above is not None and above.text not in repeated:
            # A chunk that starts inside a table also carries the row just above it: in the
            # documents' tables that row often holds the column heads (the years) of the
            # values that begin this chunk.
            repeated.append(above.text)
        index_parts = [section_path, *(annotate_eras(h) for h in repeated), annotate_eras(body)]
        start, end = norm.original_span(p.start, p.end)
        drafts.append(
            ChunkDraft(body, "\n".join(x for x in index_parts if x), section_path, start, end)
        )
    return drafts


def _lines(text: str) -> list[_Line]:
    """Non-blank lines, stripped; lines of a block (no blank line between) holding a tab
    form a table."""
    lines: list[_Line] = []
    table, in_block, block_start = -1, False, 0
    pos = 0
    n = len(text)
    while pos <= n:
        nl = text.find("\n", pos)
        end = n if nl < 0 else nl
        raw = text[pos:end]
        stripped = raw.strip()
        if stripped:
            new_block = not in_block
            if new_block:
                block_start = len(lines)
            s = pos + len(raw) - len(raw.lstrip())
            lines.append(
                _Line(s, s + len(stripped), stripped, -1, new_block, detect_heading(stripped))
            )
            in_block = True
            if "\t" in stripped and lines[block_start].table < 0:
                table += 1
                for ln in lines[block_start:]:
                    ln.table = table
            elif lines[block_start].table >= 0:
                lines[-1].table = table
        else:
            in_block = False
        pos = end + 1
    return lines


def _heading_levels(lines: list[_Line]) -> tuple[dict[int, int], set[int]]:
    """Line index → heading level for the lines that open a section (rules in the module
    doc), and the indices of the 目次 headings among them."""
    levels: dict[int, int] = {}
    contents_pages: set[int] = set()
    toc_active: bool | str = False
    toc_titles: set[str] = set()
    toc_all: set[str] = set()
    seen_numbers: set[str] = set()
    number = circled = None
    for i, ln in enumerate(lines):
        text = ln.text
        if ln.table >= 0:
            if toc_active:  # a table of contents: remember its titles, stop after it
                toc_all.update(
                    c.strip() for c in text.split("\t") if c.strip() and not c.strip().isdigit()
                )
                toc_active = "table"
            continue
        if toc_active == "table":
            toc_active = False
        if toc_active:
            if ln.shape is not None or ends_with_page_number(text):
                core = title_key(text)
                if core not in toc_titles:
                    toc_titles.add(core)
                    toc_all.add(core)
                    continue
            toc_active = False
        found = ln.shape
        if found is None:
            if _is_title(lines, i):
                levels[i] = 9
            continue
        level = found[0]
        if level == 2 and text[0] in "◆■" and _in_diamond_run(lines, i):
            continue
        plain = heading_number(text)
        if plain is not None and not plain[1]:
            n, core = plain[0], title_key(text)
            if _followed_by_fragment(lines, i):
                continue
            if core in toc_all or core in seen_numbers or (number is None and n == 1):
                level = 3
            elif number is None:
                continue  # a list starts at 1; "44 典拠: …" is a slide number
            elif n == (circled or 0) + 1:
                level = 8
            elif n != number + 1:
                continue  # out of sequence: a number in a flattened table, not a heading
        levels[i] = level
        if level <= 2:
            number = circled = None
        elif level == 3 and plain is not None:
            number, circled = plain[0], None
            seen_numbers.add(title_key(text))
        elif level == 8:
            circled = ord(text[0]) - 0x245F if _CIRCLED.match(text) else plain[0] if plain else None
        else:
            circled = None
        if _CONTENTS.fullmatch(text):
            toc_active, toc_titles = True, set()
            contents_pages.add(i)
    return levels, contents_pages


def _next(lines: list[_Line], i: int) -> _Line | None:
    return lines[i + 1] if i + 1 < len(lines) else None


def _in_diamond_run(lines: list[_Line], i: int) -> bool:
    neighbours = [lines[j] for j in (i - 1, i + 1) if 0 <= j < len(lines)]
    return any(ln.text[0] in "◆■" for ln in neighbours)


def _followed_by_fragment(lines: list[_Line], i: int) -> bool:
    nxt = _next(lines, i)
    return (
        nxt is not None
        and nxt.table < 0
        and nxt.shape is None
        and not is_list_item(nxt.text)
        and _nonspace(nxt.text) < 20
        and nxt.text[-1] not in "。！？!?"
    )


def _is_title(lines: list[_Line], i: int) -> bool:
    """A short stand-alone line followed by a paragraph or a table."""
    ln, nxt = lines[i], _next(lines, i)
    text = ln.text
    if (
        nxt is None
        or _nonspace(text) > _TITLE_MAX
        or ":" in text
        or "。" in text
        or text[-1] in "?？、,"
        or is_list_item(text)
        or (is_caption(text) and not text.startswith("表"))
    ):
        return False
    if not ln.blank_before or not nxt.blank_before:  # stand-alone: blank lines around it
        return False
    if nxt.table >= 0:
        return True
    return (
        "。" in nxt.text
        and nxt.shape is None
        and not is_list_item(nxt.text)
        and not is_caption(nxt.text)
    )


def _split_long(text: str, start: int, end: int, max_chars: int) -> list[tuple[int, int]]:
    """``[start, end)`` in pieces of at most ``max_chars``, cut after the last comma,
    tab or space of each window (a hard cut when there is none), stripped."""
    pieces: list[tuple[int, int]] = []
    while end - start > max_chars:
        window = text[start : start + max_chars]
        cut = max(window.rfind(sep, max_chars // 3) for sep in "、，,;；・\t ")
        cut = start + cut + 1 if cut > 0 else start + max_chars
        piece = text[start:cut].rstrip()
        pieces.append((start, start + len(piece)))
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if start < end:
        pieces.append((start, end))
    return pieces


def _pack(units: list[_Unit], target: int, max_chars: int) -> list[tuple[int, int]]:
    """Group consecutive units into runs of about equal size near ``target``, each at
    most ``max_chars`` long (units are already at most ``max_chars``)."""
    runs: list[tuple[int, int]] = []
    i, m = 0, len(units)
    while i < m:
        start = units[i].start
        remaining = units[-1].end - start
        goal = remaining / max(1, math.ceil(remaining / max_chars), round(remaining / target))
        j = i + 1
        while j < m:
            length = units[j].end - start
            current = units[j - 1].end - start
            if length > max_chars or (length > goal and length - goal > goal - current):
                break
            j += 1
        runs.append((i, j))
        i = j
    return runs


def _merge_small(pieces: list[_Piece], min_chars: int, max_chars: int) -> list[_Piece]:
    """Merge each piece shorter than ``min_chars`` into a neighbour of the same chapter
    when the result stays within ``max_chars``: a neighbour of the same section first,
    else the one sharing the deeper section path (the next one for a piece that starts
    with its heading). A merged piece is filed under the sections' common path."""
    out = list(pieces)
    merged_ids = itertools.count(-1, -1)  # section ids for pieces spanning sections
    i = 0
    while i < len(out):
        p = out[i]
        if p.end - p.start >= min_chars:
            i += 1
            continue
        best, best_score = None, None
        for j in (i - 1, i + 1):
            if not 0 <= j < len(out):
                continue
            q = out[j]
            if q.chapter != p.chapter or max(p.end, q.end) - min(p.start, q.start) > max_chars:
                continue
            score = (q.section == p.section, _common(p.path, q.path), (j > i) == p.heading_first)
            if best_score is None or score > best_score:
                best, best_score = j, score
        if best is None:
            i += 1
            continue
        a, b = sorted((i, best))
        first, second = out[a], out[b]
        out[a : b + 1] = [
            _Piece(
                first.start,
                second.end,
                first.path[: _common(first.path, second.path)],
                first.section if first.section == second.section else next(merged_ids),
                first.chapter,
                first.heading_first,
                first.tables | second.tables,
            )
        ]
        i = max(a - 1, 0)
    return out


def _common(a: tuple[str, ...], b: tuple[str, ...]) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n
