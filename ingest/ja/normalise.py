"""Normalise extracted text, keeping a map from every character back to the original.

:func:`normalise` is a pipeline of small steps. Each step only *edits* the text
(deletes spans, or replaces a span with a newline) or runs NFKC, and carries the
offsets along, so a chunk of normalised text can always cite its original span.

1. NFKC: full-width digits and letters, ①→1, ㎢→km2, ideographic space → space.
2. HTML list markup left in table cells (``<p>``, ``<ul …>``, ``<li>``, ``<br>``) →
   one item per line; autolinks ``<http://…>`` keep their URL; "○" items of a
   table cell go on their own lines.
3. Whitespace: every line break becomes ``\\n``, trailing whitespace goes, runs of
   blank lines become one blank line, leading and trailing blank lines go.
4. Lines broken inside a sentence are joined
   (:func:`ingest.ja.sentences.line_breaks_inside_sentences`); headings, list items,
   table rows, captions and short title lines stay apart.
5. Digits spaced out by extraction are joined (:func:`_digit_edits`):
   "平成 24 年度"→"平成24年度", "2 3 区"→"23区", "G 2 0"→"G20".

``normalise`` is idempotent and its output is NFKC-normalised.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from ingest.ja.dates import ERA_STARTS
from ingest.ja.sentences import CJK_LETTER, line_breaks_inside_sentences

__all__ = ["NormalisedText", "normalise", "normalise_query"]


@dataclass(frozen=True)
class NormalisedText:
    """Normalised ``text`` and where each of its characters came from.

    ``offsets[i]`` is the index in the original string of the (first) character that
    produced ``text[i]``; ``offsets`` is non-decreasing, has ``len(text) + 1`` items
    and ends with ``len(original)``. ``ends[i]`` is the exclusive end of that source
    (more than ``offsets[i] + 1`` when NFKC composed several characters into one, or
    a newline replaced markup); left empty it defaults to ``offsets[i] + 1``.
    """

    text: str
    offsets: tuple[int, ...]
    ends: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        if len(self.offsets) != len(self.text) + 1:
            raise ValueError("offsets must have len(text) + 1 items")
        if not self.ends:
            object.__setattr__(self, "ends", tuple(o + 1 for o in self.offsets[:-1]))
        elif len(self.ends) != len(self.text):
            raise ValueError("ends must have len(text) items")

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The smallest ``(start, end)`` of the original covering ``text[start:end]``."""
        if not 0 <= start <= end <= len(self.text):
            raise ValueError(f"span ({start}, {end}) outside 0..{len(self.text)}")
        if start == end:
            return self.offsets[start], self.offsets[start]
        return self.offsets[start], self.ends[end - 1]


def normalise(original: str) -> NormalisedText:
    """Normalise ``original`` (see the module docstring); pure and idempotent."""
    doc = _Doc(original)
    doc.nfkc()
    doc.apply(_html_edits(doc.text))
    doc.apply(_cell_item_edits(doc.text))
    doc.apply(_newline_edits(doc.text))
    doc.apply(_whitespace_edits(doc.text))
    doc.apply([(start, end, "") for start, end in line_breaks_inside_sentences(doc.text)])
    doc.apply(_digit_edits(doc.text))
    if not unicodedata.is_normalized("NFKC", doc.text):
        doc.nfkc()  # removed markup can leave a base letter next to a combining mark
    return NormalisedText(doc.text, (*doc.offs, len(original)), tuple(doc.ends))


def normalise_query(text: str) -> str:
    """The character-level steps for a short query: NFKC, one space per whitespace run,
    spaced-out digits joined."""
    text = " ".join(unicodedata.normalize("NFKC", text).split())
    return _edit(text, _digit_edits(text))


# --- offsets bookkeeping ----------------------------------------------------------

Edit = tuple[int, int, str]  # replace text[start:end] by a string ("" deletes)


class _Doc:
    """The text being normalised plus, per character, its original ``[offs, ends)``."""

    def __init__(self, original: str) -> None:
        self.text = original
        self.offs = list(range(len(original)))
        self.ends = list(range(1, len(original) + 1))

    def apply(self, edits: list[Edit]) -> None:
        """Apply sorted, non-overlapping edits; inserted characters map to the span they replace."""
        if not edits:
            return
        text, offs, ends = self.text, self.offs, self.ends
        parts: list[str] = []
        new_offs: list[int] = []
        new_ends: list[int] = []
        pos = 0
        for start, end, repl in edits:
            parts.append(text[pos:start])
            new_offs += offs[pos:start]
            new_ends += ends[pos:start]
            if repl:
                parts.append(repl)
                new_offs += [offs[start]] * len(repl)
                new_ends += [ends[end - 1]] * len(repl)
            pos = end
        parts.append(text[pos:])
        new_offs += offs[pos:]
        new_ends += ends[pos:]
        self.text, self.offs, self.ends = "".join(parts), new_offs, new_ends

    def nfkc(self) -> None:
        """NFKC with per-character offsets.

        Most characters NFKC changes map to exactly one character and cannot combine
        with a neighbour (full-width letters, digits and punctuation, the ideographic
        space): ``str.translate`` handles them and offsets stay as they are. When that
        is not yet the normal form, the remaining runs (expansions such as ㎢→km2,
        combining marks) are normalised piece by piece."""
        text = self.text
        if unicodedata.is_normalized("NFKC", text):
            return
        table, complex_runs, attach = _nfkc_tables()
        translated = text.translate(table)
        # NFKC(text) == NFKC(translated), as each character was replaced by its own
        # normal form; if ``translated`` is already normal, it is the answer.
        if unicodedata.is_normalized("NFKC", translated):
            self.text = translated
            return
        parts: list[str] = []
        new_offs: list[int] = []
        new_ends: list[int] = []
        pos = 0
        for m in _complex_runs(text, translated, complex_runs):
            start, end = m.span()
            if start > pos and attach.match(text, start):
                start -= 1  # a combining mark is normalised with its base character
            parts.append(translated[pos:start])
            new_offs += self.offs[pos:start]
            new_ends += self.ends[pos:start]
            segment = text[start:end]
            normal = unicodedata.normalize("NFKC", segment)
            parts.append(normal)
            pieces = [unicodedata.normalize("NFKC", ch) for ch in segment]
            if "".join(pieces) == normal:  # expansions such as ㎢ → km2
                for j, piece in enumerate(pieces):
                    new_offs += [self.offs[start + j]] * len(piece)
                    new_ends += [self.ends[start + j]] * len(piece)
            else:  # composed or reordered: each character comes from the whole run
                new_offs += [self.offs[start]] * len(normal)
                new_ends += [self.ends[end - 1]] * len(normal)
            pos = end
        parts.append(translated[pos:])
        new_offs += self.offs[pos:]
        new_ends += self.ends[pos:]
        self.text, self.offs, self.ends = "".join(parts), new_offs, new_ends


def _complex_runs(text: str, translated: str, runs: re.Pattern[str]) -> Iterator[re.Match[str]]:
    """The runs in the lines that translation left unnormalised (NFKC never acts
    across a line break, and scanning only those lines is much faster)."""
    pos = 0
    for line in translated.split("\n"):
        end = pos + len(line)
        if not unicodedata.is_normalized("NFKC", line):
            yield from runs.finditer(text, pos, end)
        pos = end + 1


@lru_cache(maxsize=1)
def _nfkc_tables() -> tuple[dict[int, str], re.Pattern[str], re.Pattern[str]]:
    """A ``str.translate`` table of the one-to-one NFKC mappings, runs of the other
    characters NFKC may change, and the characters that can attach to the character
    before them.

    Built once, in about 60 ms, by asking ``unicodedata`` about every code point below
    U+30000 (nothing above changes under NFKC).
    """
    # Characters that can attach to the character before them: combining marks,
    # second halves of canonical compositions, Hangul vowel and final jamo.
    attach: set[int] = set(range(0x1161, 0x1176)) | set(range(0x11A8, 0x11C3))
    changes: dict[int, str] = {}
    for cp in range(0x30000):
        if 0xD800 <= cp <= 0xDFFF:
            continue
        ch = chr(cp)
        normal = unicodedata.normalize("NFKC", ch)
        if normal != ch:
            changes[cp] = normal
        if unicodedata.combining(ch):
            attach.add(cp)
        decomposition = unicodedata.decomposition(ch)
        if decomposition and not decomposition.startswith("<"):
            halves = decomposition.split()
            if len(halves) == 2:
                attach.add(int(halves[1], 16))
    attach |= {cp for cp, normal in changes.items() if ord(normal[0]) in attach}
    table = {cp: normal for cp, normal in changes.items() if len(normal) == 1 and cp not in attach}
    complex_chars = (changes.keys() - table.keys()) | attach
    return table, re.compile(_char_class(complex_chars) + "+"), re.compile(_char_class(attach))


def _char_class(cps: set[int]) -> str:
    ranges: list[str] = []
    ordered = sorted(cps)
    first = prev = ordered[0]
    for cp in [*ordered[1:], -2]:
        if cp != prev + 1:
            ranges.append(
                re.escape(chr(first)) + ("-" + re.escape(chr(prev)) if prev > first else "")
            )
            first = cp
        prev = cp
    return "[" + "".join(ranges) + "]"


def _edit(text: str, edits: list[Edit]) -> str:
    parts: list[str] = []
    pos = 0
    for start, end, repl in edits:
        parts += (text[pos:start], repl)
        pos = end
    parts.append(text[pos:])
    return "".join(parts)


# --- step 2: HTML list markup -------------------------------------------------------

_TAG = r"</?(?:ul|ol|li|p|br)\b[^<>\n]*>"
_MARKUP = re.compile(rf"(?P<link><+https?://[^<>\s]+>+)|(?P<tags>{_TAG}(?: *{_TAG})* *)")
_ITEM_MARK = "○●◯・•◆■"
_CELL_END = re.compile(rf"[\t\n]| *{_TAG}")


def _html_edits(text: str) -> list[Edit]:
    """Markup → line breaks (nothing at the start or end of a cell); list items of a
    ``<ul>`` on their own lines, split before item marks or, for unmarked items,
    at spaces between two non-ASCII characters."""
    if "<" not in text:
        return []
    edits: list[Edit] = []
    for m in _MARKUP.finditer(text):
        start, end = m.span()
        while start > 0 and text[start - 1] == " " and m.group("tags"):
            start -= 1  # the spaces before the markup go with it
        if m.group("link"):
            url = m.group("link").strip("<>")
            url_start = text.index(url, start)
            edits += [(start, url_start, ""), (url_start + len(url), end, "")]
            continue
        at_cell_start = start == 0 or text[start - 1] in "\t\n"
        at_cell_end = end == len(text) or text[end] in "\t\n"
        edits.append((start, end, "" if at_cell_start or at_cell_end else "\n"))
        if "<ul" in m.group("tags") or "<ol" in m.group("tags"):
            stop = _CELL_END.search(text, end)
            edits += _list_item_edits(text, end, stop.start() if stop else len(text))
    return _ordered(edits)  # a link inside a list comes after the list's splits


def _list_item_edits(text: str, start: int, stop: int) -> list[Edit]:
    content = text[start:stop]
    if not content.strip():
        return []
    if content.lstrip()[0] in _ITEM_MARK:
        splits = re.finditer(rf"(?<=\S) +(?=[{_ITEM_MARK}])", content)
    else:
        splits = re.finditer(r"(?<=[^\x00-\x7f\s]|\)) +(?=[^\x00-\x7f\s])", content)
    edits = [(start + m.start(), start + m.end(), "\n") for m in splits]
    trailing = len(content) - len(content.rstrip(" "))
    if trailing and stop < len(text) and text[stop] == "\t":
        edits.append((stop - trailing, stop, ""))
    return edits


def _cell_item_edits(text: str) -> list[Edit]:
    """In a table row, each "○" item of a cell starts a line (rows can be pages long)."""
    if "\t" not in text or "○" not in text:
        return []
    edits: list[Edit] = []
    pos = 0
    for line in text.split("\n"):
        if "\t" in line and "○" in line:
            edits += [(pos + m.start(), pos + m.end(), "\n") for m in _BEFORE_ITEM.finditer(line)]
        pos += len(line) + 1
    return edits


_BEFORE_ITEM = re.compile(r"(?<=\S) +(?=○)")


# --- step 3: whitespace --------------------------------------------------------------

_LINE_BREAK = re.compile("\r\n|[\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
_WS_RUN = re.compile(r"[^\S\n]*\n[^\S\n]*(?:\n[^\S\n]*)*|[^\S\n]+\Z")


def _newline_edits(text: str) -> list[Edit]:
    return [(m.start(), m.end(), "\n") for m in _LINE_BREAK.finditer(text)]


def _whitespace_edits(text: str) -> list[Edit]:
    """Deletions only, so the kept newlines keep their own offsets."""
    edits: list[Edit] = []
    n = len(text)
    for m in _WS_RUN.finditer(text):
        start, end = m.span()
        first_nl = text.find("\n", start, end)
        if first_nl < 0 or end == n:  # trailing whitespace of the document
            edits.append((start, end, ""))
            continue
        last_nl = text.rfind("\n", start, end)
        if start == 0:  # leading blank lines; the first line keeps its indentation
            edits.append((0, last_nl + 1, ""))
            continue
        if first_nl > start:
            edits.append((start, first_nl, ""))
        if last_nl > first_nl:
            # Keep two newlines (one blank line) and drop what lies between them.
            second_nl = text.find("\n", first_nl + 1, end)
            if second_nl > first_nl + 1:
                edits.append((first_nl + 1, second_nl, ""))
            if last_nl > second_nl:
                edits.append((second_nl, last_nl, ""))
    return edits


# --- step 5: digits spaced out by extraction ---------------------------------------------

_NUMBER = re.compile(r"(?<![0-9.,])(?:[0-9](?: [0-9])+(?![0-9.,])|[0-9]+(?:[.,][0-9]+)*(?![0-9]))")
# Counters and units that follow a number: the space before them is an artefact.
_UNIT = re.compile(
    "年度|年間|周年|年|か月|ヶ月|カ月|ケ月|月|日|時間|時|分|秒|週間|週|回|人|名|件|社|校|個|枚"
    "|台|本|点|倍|割|階|号|章|節|条|項|位|区|歳|円|万|億|兆|千|百|か国|ヶ国|カ国|ケ国|か所|ヶ所"
    "|カ所|ケ所|箇所|都道府県|政令指定都市|中核市|市区町村?|種類|種|期|代|度|つ|基|棟"
)
_TIME_UNITS = frozenset({"年度", "年間", "年", "か月", "ヶ月", "カ月", "ケ月", "月", "日"})
_LEFT_PREFIX = set("約第計全各毎同延総")
_ERAS = frozenset(ERA_STARTS)
_MARKER_ONLY = re.compile(r"[^\S\n]*(?:[-−–—・○●◯•▶►◆◇■□※*][^\S\n]*)?")


def _digit_edits(text: str) -> list[Edit]:
    """Delete the spaces extraction put around numbers.

    * a run of single digits ("2 3", "2 0") followed by kana or kanji is one number,
      glued to a kana/kanji or a lone capital letter before it ("東京 2 3 区", "G 2 0");
    * a number and the counter after it are glued ("10 年間", "2050 年");
    * the space before a number is dropped after an era name, after 約/第…, after a
      particle, and inside a date ("2016年 2月 18日"), when a counter follows;
    * a list number at the start of a line or a table cell ("1 背景", "- 2 国の…")
      stays apart, and two numbers never merge unless both are single digits.
    """
    edits: list[Edit] = []
    n = len(text)
    for m in _NUMBER.finditer(text):
        start, end = m.span()
        right = end
        while right < n and text[right] == " ":
            right += 1
        left = start
        while left > 0 and text[left - 1] == " ":
            left -= 1
        before = text[left - 1] if left else "\n"
        line_start = text.rfind("\n", 0, left) + 1
        numbering = before == "\t" or bool(_MARKER_ONLY.fullmatch(text, line_start, left))
        number = m.group()
        if " " in number:  # spaced single digits
            if numbering or right >= n or not CJK_LETTER.match(text[right]):
                continue
            if left < start and (
                CJK_LETTER.match(before)
                or (
                    before.isupper()
                    and before.isascii()
                    and not text[left - 2 : left - 1].isalnum()
                )
            ):
                edits.append((left, start, ""))
            edits += [(start + i, start + i + 1, "") for i in range(1, len(number), 2)]
            if right > end:
                edits.append((end, right, ""))
            continue
        unit = _UNIT.match(text, right)
        short = len(number) <= 2 and number.isdigit()
        if left < start and before not in "\t\n" and not (numbering and short):
            era = text[left - 2 : left] in _ERAS
            chained = (
                short
                and unit is not None
                and (
                    (before == "年" and unit.group() == "月")
                    or (before == "月" and unit.group() == "日")
                )
            )
            particle = "\u3041" <= before <= "\u3096" or before in _LEFT_PREFIX
            if era or chained or (unit is not None and particle):
                edits.append((left, start, ""))
        if (
            right > end
            and unit is not None
            and not (numbering and short and unit.group() not in _TIME_UNITS)
        ):
            edits.append((end, right, ""))
    return _ordered(edits)


def _ordered(edits: list[Edit]) -> list[Edit]:
    """Sorted, with any edit overlapping an earlier one dropped."""
    kept: list[Edit] = []
    for edit in sorted(edits):
        if not kept or edit[0] >= kept[-1][1]:
            kept.append(edit)
    return kept
