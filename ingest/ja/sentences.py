"""Sentence and line structure of normalised text: pure functions on strings.

* :func:`split_sentences` — sentence spans for chunking: never cut a sentence, never
  cut inside brackets.
* :func:`detect_heading`, :func:`is_list_item`, :func:`is_caption` — what a line
  looks like on its own (a heading, a bullet, a figure caption).
* :func:`line_breaks_inside_sentences` — the line breaks a PDF put in the middle of
  a sentence, which :func:`ingest.ja.normalise.normalise` removes.

Contract of :func:`split_sentences`: the spans are ordered, do not overlap, start and
end on non-whitespace characters, and together cover every non-whitespace character
of the text. A sentence ends

* after 。！？!? (a run of them, plus any closing brackets or quotes that follow),
* after "." followed by whitespace, unless a digit precedes it ("5." is a list
  number, "4.0" and "5.1.2" are numbers),
* at every newline,

except that a terminator inside 「」『』()（）[]【】《》〔〕 does not end the sentence
("「…した。」と述べた。" is one sentence). A bracket left open at a newline is
treated as broken by the line break: the newline still ends the sentence and the
bracket depth starts again at zero, so an unbalanced bracket can never swallow the
rest of a document.
"""

from __future__ import annotations

import re

__all__ = [
    "CJK_LETTER",
    "detect_heading",
    "ends_with_page_number",
    "heading_number",
    "is_caption",
    "is_list_item",
    "line_breaks_inside_sentences",
    "split_sentences",
    "title_key",
]

_OPEN = "「『([（【《〔"
_CLOSE = "」』)]）】》〕"
#: A kana or kanji letter (not punctuation): what a sentence can continue with.
CJK_LETTER = re.compile(
    "[\u3005-\u3007\u3041-\u3096\u309d\u309e\u30a1-\u30fa\u30fc-\u30fe"
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]"
)
_TERMINATORS = "。！？!?"

# Only these characters can change the state of the scanner; everything between
# them is skipped by the regex engine instead of a Python loop.
_EVENTS = re.compile("[" + re.escape(_OPEN + _CLOSE + _TERMINATORS) + r"\n.]")
_CLOSE_RUN = re.compile("[" + re.escape(_CLOSE) + "\"'”’]*")
_TERMINATOR_RUN = re.compile("[" + re.escape(_TERMINATORS) + "]*")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` spans of the sentences of ``text``; see the module docstring."""
    cuts: list[int] = []
    depth = 0
    pos = 0
    n = len(text)
    while True:
        m = _EVENTS.search(text, pos)
        if m is None:
            break
        i = m.start()
        ch = text[i]
        pos = i + 1
        if ch == "\n":
            cuts.append(i)
            depth = 0
        elif ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            # A stray closer (its opener was on an earlier line) is simply text.
            if depth:
                depth -= 1
        elif depth:
            continue
        elif ch == ".":
            if i + 1 < n and text[i + 1].isspace() and not (i and text[i - 1].isdigit()):
                cuts.append(i + 1)
        else:
            end = _TERMINATOR_RUN.match(text, pos).end()
            end = _CLOSE_RUN.match(text, end).end()
            cuts.append(end)
            pos = end
    cuts.append(n)
    return _strip_pieces(text, cuts)


def _strip_pieces(text: str, cuts: list[int]) -> list[tuple[int, int]]:
    """The pieces between consecutive cuts, minus surrounding whitespace, empty ones dropped."""
    spans: list[tuple[int, int]] = []
    start = 0
    for cut in cuts:
        if cut <= start:
            continue
        piece = text[start:cut]
        stripped = piece.strip()
        if stripped:
            s = start + (len(piece) - len(piece.lstrip()))
            spans.append((s, s + len(stripped)))
        start = cut
    return spans


# --- line shapes -------------------------------------------------------------------

_FRONT = re.compile(
    r"はじめに|おわりに|まえがき|あとがき|目\s*次|凡\s*例|資料編|参考資料|付録|用語集|参考文献"
)
_CHAPTER = re.compile(r"第\s*[0-9一二三四五六七八九十百]+\s*([章部編節])(?:\s+\S.*)?")
_ROMAN = re.compile(r"(?:I{1,3}|IV|VI{0,3}|IX|X)\.\s*\S.*")
_DOTTED = re.compile(r"\d{1,2}((?:\.\d{1,2})+)(?:\s+\S|[^\s\d.,]).*")
_PLAIN = re.compile(r"(\d{1,2})(\.\s*|\s+|)(\S.*)")
_PAREN = re.compile(r"[(（]\d{1,2}[)）]\s*\S.*")
_LABELLED = re.compile(r"[^\s\d()（）]{1,6}\d{1,2}[)）]\s*\S.*")
_CIRCLED = re.compile(r"([\u2460-\u2473])\s*\S.*")
_DIAMOND = re.compile(r"[◆■]\s*(\S.*)")
_PAGE_TAIL = re.compile(r"\s\d{1,3}$")
# A number glued to one of these is a quantity ("23区と…", "10年間"), not a heading;
# after a space only a year, a month or a percentage is ("1 年目…" is rare, "1 日本の…" is not).
_COUNTER = re.compile(
    r"年|月|日|時|分|秒|[かヶカケ][月国所]|人|名|件|回|区|%|歳|円|万|億|千|百|つ|倍|割|位|号|階|都道府県"
)
_SPACED_COUNTER = re.compile(r"年|月|%")
_LIST_MARK = re.compile(r"\s*[-−–—・○●◯•▶►▷◆◇■□☆★※*→✓]")
_CAPTION = re.compile(r"(?:図|表|写真|Fig\.?|Figure|Table)\s*\d+(?:[-.]\d+)*")
_CORE = re.compile(
    r"^(?:第\s*\S+?[章節部編]|[IVX]+\.|\d{1,2}(?:\.\d{1,2})*\.?|[(（]\d{1,2}[)）]|[◆■])\s*"
)
_MAX_HEADING = 60
_MAX_TITLE = 40


def detect_heading(line: str) -> tuple[int, str] | None:
    """``(level, heading text)`` if ``line`` alone has the shape of a heading, else None.

    Only the line is looked at; :func:`ingest.chunk.chunk_text` adds the rules that
    need context (title lines, runs of ◆ lines, ①-lists written as "1 …", tables of
    contents). Levels: 1 第N章 / roman "I." / はじめに, 目次, 資料編…; 2 第N節, "◆ …";
    3 "1 …", "1. …"; 4–6 "5.1", "5.1.2", "5.1.2.1"; 7 "(1) …", "確認事項1) …"; 8 "① …".
    """
    text = line.strip()
    if not text or "\t" in text or len(text) > _MAX_HEADING or "。" in text or text[-1] in "、,":
        return None
    if _FRONT.fullmatch(text):
        return 1, text
    if m := _DIAMOND.fullmatch(text):
        title = m.group(1)
        return None if len(title) > _MAX_TITLE or ":" in title or "：" in title else (2, text)
    if _CIRCLED.fullmatch(text):
        return 8, text
    if _PAGE_TAIL.search(text) and not _LABELLED.fullmatch(text):
        return None  # a table-of-contents line: heading text, then its page number
    if m := _CHAPTER.fullmatch(text):
        return (2 if m.group(1) == "節" else 1), text
    if _ROMAN.fullmatch(text):
        return 1, text
    if m := _DOTTED.fullmatch(text):
        return min(3 + m.group(1).count("."), 6), text
    if heading_number(text) is not None:
        return 3, text
    if _PAREN.fullmatch(text) or _LABELLED.fullmatch(text):
        return 7, text
    return None


def is_list_item(line: str) -> bool:
    """Starts with a bullet or list mark (・ ○ ● • - ▶ ◆ ※ …)."""
    return bool(_LIST_MARK.match(line))


def is_caption(line: str) -> bool:
    """A figure or table caption such as "図 1. 考え方の体系図"."""
    return bool(_CAPTION.match(line.lstrip()))


def heading_number(text: str) -> tuple[int, bool] | None:
    """``(N, dotted)`` for a numbered heading "N title" / "N. title" / "N見出し", else None."""
    m = _PLAIN.fullmatch(text)
    if m is None:
        return None
    sep, title = m.group(2), m.group(3)
    if title[0].isdigit() or (_SPACED_COUNTER if sep else _COUNTER).match(title):
        return None
    if not sep and not CJK_LETTER.match(title):
        return None
    return int(m.group(1)), "." in sep


def ends_with_page_number(line: str) -> bool:
    """A table-of-contents line ends with the page number after a space."""
    return bool(_PAGE_TAIL.search(line.rstrip()))


def title_key(heading: str) -> str:
    """A heading's title without its numbering or page number, to compare headings."""
    return _PAGE_TAIL.sub("", _CORE.sub("", heading.strip())).strip()


# --- line breaks inside a sentence --------------------------------------------------

# A line ending with one of these is complete: sentence end, closing bracket, a
# "～…～" subtitle, or a label waiting for its value.
_COMPLETE_END = set("。！？!?." + _CLOSE + "~〜:")
# Particles and conjunctive endings: a line ending with them continues.
_PARTICLES_END = set("がをにでとはもへやのてばしりつよかなら")
_CONTINUING_END = set("、,・" + _OPEN) | _PARTICLES_END
_PARTICLES = set("のをにがはとでへやも")  # a line starting with one continues a sentence
_SHORT_LINE = 18  # non-space characters; shorter particle-ended lines may be titles
_LONG_LINE = 30  # non-space characters; a wrapped PDF line is at least this long
_TITLE_MAX = 40
_HEADING_MAX = 64  # non-space characters; longer lines are never headings


def _nonspace_len(s: str) -> int:
    return len(s) - s.count(" ") - s.count("\t")


_DROP_OPEN = str.maketrans("", "", _OPEN)
_DROP_CLOSE = str.maketrans("", "", _CLOSE)


def _bracket_balance(s: str) -> int:
    return len(s.translate(_DROP_CLOSE)) - len(s.translate(_DROP_OPEN))


def line_breaks_inside_sentences(text: str) -> list[tuple[int, int]]:
    """Spans (a line break, blank lines after it) that lie inside a sentence.

    Line A (as joined so far) and the next logical line B are joined when B is not
    indented and not structural (heading, list item, caption, table row), A is not a
    heading, caption or part of a table block (lines without a blank line between
    them, one with a tab), and one of

    * A has an open bracket or ends with a comma, and B starts with kana, kanji, a
      letter or a digit;
    * A ends with a particle, B starts likewise, and A is not a short line followed
      by a blank line (a title such as "…に向けて") nor a list item followed by one;
    * A ends with a closing bracket and B starts with a particle ("…」" + "の枠組み");
    * A is a long wrapped line (not a list item), B starts with kana or kanji and B
      is not a short title-like line (unless A's open sentence has a comma and B
      ends with a bracket).

    "The next logical line" is B together with whatever joins B when B starts a
    line: lines are decided from the last to the first, so every decision sees the
    finished line after it. No two lines left apart would join on a second run,
    which is what makes joining them idempotent.
    """
    starts: list[int] = []
    ends: list[int] = []
    runs: list[_Run] = []
    blank_before: list[bool] = []
    pos = 0
    blank = block_tab = False
    for raw in text.split("\n"):
        if raw:
            starts.append(pos)
            ends.append(pos + len(raw))
            runs.append(_Run(raw, block_tab))
            blank_before.append(blank)
            block_tab = block_tab or "\t" in raw
            blank = False
        else:
            blank, block_tab = True, False
        pos += len(raw) + 1
    n = len(runs)
    following = list(range(1, n + 1))  # index of the first line after each line's chain
    for i in range(n - 1, -1, -1):
        run = runs[i]
        j = i + 1
        while j < n and _joins(run, runs[j], blank_before[j]):
            run = run.joined(runs[j])
            j = following[j]
        runs[i], following[i] = run, j
    spans: list[tuple[int, int]] = []
    i = 0
    while i < n:
        spans += [(ends[k], starts[k + 1]) for k in range(i, following[i] - 1)]
        i = following[i]
    return spans


class _Run:
    """What the join rules need to know about a logical line (one or more joined
    lines), kept small so that long chains of lines cost no more than short ones.
    The costlier features of a single line are computed on first use, as most lines
    end a sentence and are never asked."""

    __slots__ = (
        "balance",
        "comma",
        "fixed",
        "head",
        "last2",
        "length",
        "line",
        "punct",
        "stop",
        "text",
    )

    def __init__(self, line: str, in_table: bool = False) -> None:
        self.fixed = in_table or "\t" in line  # never continued
        self.head = line[:32]  # enough for the list-item and caption patterns
        self.last2 = line[-2:]
        self.line: str | None = line  # features not yet computed

    def _features(self) -> _Run:
        line = self.line
        if line is not None:
            self.line = None
            self.length = _nonspace_len(line)
            self.text = line if self.length <= _HEADING_MAX else None  # could be a heading
            self.balance = _bracket_balance(line)
            self.punct = any(ch in line for ch in "。！？!?、")  # then it is not a title
            cut = max(line.rfind(ch) for ch in "。！？!?")
            self.stop = cut >= 0  # has a sentence end
            self.comma = "、" in line[cut + 1 :]  # the sentence open at the end has a comma
        return self

    def joined(self, other: _Run) -> _Run:
        a, b = self._features(), other._features()
        run = object.__new__(_Run)
        run.fixed, run.head, run.line = a.fixed, a.head, None
        run.last2 = (a.last2 + b.last2)[-2:]
        run.length = a.length + b.length
        both = a.text is not None and b.text is not None
        run.text = a.text + b.text if both and run.length <= _HEADING_MAX else None
        run.balance = a.balance + b.balance
        run.punct = a.punct or b.punct
        run.stop = a.stop or b.stop
        run.comma = b.comma if b.stop else a.comma or b.comma
        return run

    def heading(self) -> bool:
        text = self.line if self.line is not None else self.text
        return text is not None and detect_heading(text) is not None

    def structural(self) -> bool:
        head = self.head
        return is_list_item(head) or is_caption(head) or self.heading()

    def title_like(self) -> bool:
        return self._features().length <= _TITLE_MAX and not self.punct


def _joins(a: _Run, b: _Run, blank: bool) -> bool:
    if a.fixed or b.fixed:
        return False
    last, first = a.last2[-1], b.head[0]
    if last in _COMPLETE_END:
        return (
            last in _CLOSE
            and first in _PARTICLES
            and a.last2[0] not in "。!?"
            and not is_caption(a.head)
            and not b.structural()
            and not a.heading()
        )
    cjk = bool(CJK_LETTER.match(first))
    if not (cjk or (first.isascii() and first.isalnum())):
        return False
    if is_caption(a.head) or a.heading() or b.structural():
        return False
    a._features()
    if a.balance > 0 or last in _OPEN:
        return True
    if is_list_item(a.head):
        return not blank and last in _CONTINUING_END
    if last in "、,・" or (last in _PARTICLES_END and (not blank or a.length >= _SHORT_LINE)):
        return True
    if a.length < _LONG_LINE:
        return False
    if a.comma and (b.last2[-1] in _CLOSE or not b.title_like()):
        return True
    return cjk and not b.title_like()
