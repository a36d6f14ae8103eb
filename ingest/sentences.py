"""Sentence spans for chunking: never cut a sentence, never cut inside brackets.

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

__all__ = ["split_sentences"]

_OPEN = "「『([（【《〔"
_CLOSE = "」』)]）】》〕"
_TERMINATORS = "。！？!?"

# Only these characters can change the state of the scanner; everything between
# them is skipped by the regex engine instead of a Python loop.
_EVENTS = re.compile(
    "[" + re.escape(_OPEN + _CLOSE + _TERMINATORS) + r"\n.]"
)
_CLOSERS_RUN = re.compile("[" + re.escape(_CLOSE) + "\"'”’]*")
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
            end = _CLOSERS_RUN.match(text, end).end()
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
