"""Typed spans of a text: the one grammar the reader takes answer candidates from.

Dates and periods come from :mod:`ingest.ja.dates`, counted numbers from
:mod:`ingest.ja.quantities`; here they are read together, with telephone numbers and bare
numbers, so that a span is typed once: ``date``, ``period``, ``quantity``, ``money``,
``percent``, ``phone`` or ``number``. Where two readings overlap, the earlier kind of
:data:`KINDS` wins (a telephone number is not a period; a date is not a quantity).
"""

from __future__ import annotations

import re

from ingest.ja.dates import SPAN_DATE, SPAN_PERIOD, Span
from ingest.ja.quantities import MONEY_COUNTERS, PERCENT_COUNTERS, QUANTITY_SPAN

__all__ = ["KINDS", "typed_spans"]

#: Kinds of typed span, in the order they claim text.
KINDS = ("phone", "period", "date", "quantity", "number")
PHONE = re.compile(r"(?<!\d)0\d{1,4}-\d{1,4}-\d{3,4}(?!\d)")
NUMBER = re.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d.,])|(?<![\d.,])\d+(?:\.\d+)?(?![\d.,年月日])")
_PER = re.compile(r"[^\s\d]{0,2}?(?:当たり|あたり|当り)")
_GRAMMAR = (("phone", PHONE), ("period", SPAN_PERIOD), ("date", SPAN_DATE), ("quantity", QUANTITY_SPAN), ("number", NUMBER))


def typed_spans(text: str) -> list[Span]:
    """Every typed span of ``text``, in order, none overlapping another."""
    out: list[Span] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _GRAMMAR:
        for m in pattern.finditer(text):
            start, end = m.start(), m.end()
            while start < end and text[start].isspace():
                start += 1
            if start >= end or any(a < end and start < b for a, b in taken):
                continue
            if _PER.match(text, end):  # 「1人当たり」: a rate's denominator, not an amount
                taken.append((start, end))
                continue
            out.append(Span(start, end, text[start:end], _refine(kind, text[start:end])))
            taken.append((start, end))
    return sorted(out, key=lambda s: s.start)


def _refine(kind: str, span: str) -> str:
    if kind != "quantity":
        return kind
    unit = re.sub(r"(?:以上|以下|未満|超|程度|前後|余り|余)$", "", span)
    if unit.endswith(MONEY_COUNTERS):
        return "money"
    if unit.endswith(PERCENT_COUNTERS):
        return "percent"
    return kind
