"""Footnotes and the terms they gloss.

Municipal documents explain a term in a note at the foot of the page: the text marks the term
(「「G to G 関係^{※1}の深化」」) and the note says what it is (「※1 「Government to
Government」の略称で、政府間や自治体間の関係を意味する。」). The note never names its term, so
a question about the term finds the mark, not the meaning. :func:`glossed_term` gives a note
line the term its mark follows in the same document; the note's answer unit is read with it
(``lead``), as a table row is read with its column heads.

Pure functions over a document's normalised text.
"""

from __future__ import annotations

import re

#: A note line: 「※1 …」「※ 2 …」 at the start of a line.
NOTE = re.compile(r"^[ \t]*※[ \t]*(?P<n>\d{1,2})(?![\d.])[ \t:：)）]*(?=\S)")
#: A mark in running text: 「^{※1}」 (superscript), or a bare 「※1」 right after a word.
_MARK = r"(?:\^\{※[ \t]*{n}\}|(?<=[^\s※])※[ \t]*{n}(?!\d))"
#: What ends the term a mark follows, looking back from the mark.
_TERM_STOP = re.compile(r"[、。,，.「」『』()（）\[\]{}<>《》:：;；\n\t]")
#: The particles and spaces a term does not begin with (「…のAAA都市^{※3}」 glosses 「AAA都市」).
_LEADING = re.compile(r"^[\sのはがをにでとへやも]+")
#: A glossed term is at most this long.
TERM_CHARS = 30


def note_number(line: str) -> str | None:
    """The number of the note ``line`` is (「※2 下水道分野において…」 → "2"), or None."""
    m = NOTE.match(line)
    return m.group("n") if m else None


def glossed_term(text: str, note_start: int) -> str:
    """The term that the note beginning at ``note_start`` of ``text`` glosses: the words before
    the nearest mark of its number above it (else below it); "" when no mark is found."""
    number = note_number(text[note_start : text.find("\n", note_start) if "\n" in text[note_start:] else len(text)])
    if number is None:
        return ""
    mark = re.compile(_MARK.replace("{n}", number))
    before = [m for m in mark.finditer(text, 0, note_start)]
    found = before[-1] if before else mark.search(text, text.find("\n", note_start) + 1 if "\n" in text[note_start:] else len(text))
    if found is None:
        return ""
    return _term_before(text, found.start())


def _term_before(text: str, at: int) -> str:
    window = text[max(0, at - TERM_CHARS) : at]
    stops = list(_TERM_STOP.finditer(window))
    term = window[stops[-1].end() :] if stops else window
    # An earlier mark inside the window (「ハブ^{※2}のAAA都市^{※3}」) ends the term too.
    term = re.split(r"\^\{※[ \t]*\d+\}|※[ \t]*\d+", term)[-1]
    return _LEADING.sub("", term).strip()
