"""A document as the source panel shows it: a passage in its context, its quote marked, and
the lines a PDF broke inside sentences joined again, every piece with its span in the original.

The reading is the normaliser's (:func:`ingest.ja.normalise.normalise`, the same function that
made the chunks): its text joins lines broken inside sentences and keeps a map back to the
original, so a quote found in a passage's text has an exact original span. What is shown are
the original's own characters (「２０２３年」 stays as written); only whitespace the normaliser
dropped (a line break inside a sentence, blank lines in a run, spaces between spaced-out
digits) is left out. This module is the one place that locates a citation's quote.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from ingest.ja.normalise import NormalisedText, normalise

Role = Literal["context", "passage", "quote"]


@dataclass(frozen=True)
class Segment:
    """``text`` as shown, from ``original[start:end]``; ``role`` says how it is marked."""

    text: str
    start: int
    end: int
    role: Role


@dataclass(frozen=True)
class Reading:
    """A window of a document around a passage. ``quote`` is the quote's original span, when
    found; ``more_before``/``more_after`` say whether the document goes on past the window."""

    segments: list[Segment]
    quote: tuple[int, int] | None
    more_before: bool
    more_after: bool


@lru_cache(maxsize=8)  # the few documents being read; normalising one costs milliseconds
def _normalised(original: str) -> NormalisedText:
    return normalise(original)


def _to_normalised(norm: NormalisedText, offset: int) -> int:
    """The first normalised character that comes from ``offset`` or later in the original."""
    return bisect_left(norm.offsets, offset, 0, len(norm.text))


def shown_text(original: str, norm: NormalisedText, start: int, end: int) -> str:
    """``norm.text[start:end]`` in the original's characters (a line break stays a line break)."""
    out: list[str] = []
    emitted = norm.offsets[start] if start < len(norm.text) else len(original)
    for i in range(start, end):
        if norm.text[i] == "\n":
            out.append("\n")
            emitted = max(emitted, norm.ends[i])
            continue
        # One original character can give several normalised ones (㎢ → km2): shown once.
        source_start = max(norm.offsets[i], emitted)
        if source_start < norm.ends[i]:
            out.append(original[source_start : norm.ends[i]])
            emitted = norm.ends[i]
    return "".join(out)


def locate_quote(
    original: str, norm: NormalisedText, passage: tuple[int, int], quote: str
) -> tuple[int, int] | None:
    """Where ``quote`` (text of the passage at original span ``passage``) is, in normalised
    offsets; None when the passage does not contain it.

    A quote is normalised text (the chunks are); one quoted from the original as written is
    found too, normalised or as it stands.
    """
    if not quote:
        return None
    first, stop = _to_normalised(norm, passage[0]), _to_normalised(norm, passage[1])
    for text in dict.fromkeys((quote, normalise(quote).text)):
        at = norm.text.find(text, first, stop + 1) if text else -1
        if at >= 0 and at + len(text) <= stop + 1:
            return at, at + len(text)
    at = original.find(quote, passage[0], passage[1])
    if at < 0:
        return None
    return _to_normalised(norm, at), max(_to_normalised(norm, at + len(quote)), _to_normalised(norm, at) + 1)


def read(
    original: str,
    passage: tuple[int, int],
    *,
    quote: str = "",
    quote_span: tuple[int, int] | None = None,
    context: int = 300,
) -> Reading:
    """The passage at original span ``passage`` with ``context`` characters either side.

    The quote is ``quote_span`` (original offsets) when given, otherwise ``quote`` located in
    the passage; when neither is found the passage alone is marked.
    """
    norm = _normalised(original)
    p_start = _to_normalised(norm, max(0, min(passage[0], len(original))))
    p_end = max(p_start, _to_normalised(norm, max(0, min(passage[1], len(original)))))
    found: tuple[int, int] | None = None
    if quote_span is not None and passage[0] <= quote_span[0] < quote_span[1] <= passage[1]:
        found = _to_normalised(norm, quote_span[0]), _to_normalised(norm, quote_span[1])
    elif quote:
        found = locate_quote(original, norm, passage, quote)
    window = max(0, p_start - context), min(len(norm.text), p_end + context)
    cuts: list[tuple[int, int, Role]] = [(window[0], p_start, "context")]
    if found is None:
        cuts.append((p_start, p_end, "passage"))
    else:
        cuts += [(p_start, found[0], "passage"), (found[0], found[1], "quote"), (found[1], p_end, "passage")]
    cuts.append((p_end, window[1], "context"))
    segments = [
        Segment(shown_text(original, norm, a, b), *norm.original_span(a, b), role)
        for a, b, role in cuts
        if b > a
    ]
    quote_original = norm.original_span(*found) if found is not None else None
    return Reading(segments, quote_original, window[0] > 0, window[1] < len(norm.text))
