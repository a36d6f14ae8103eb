"""Candidate answer spans in a sentence, by answer type. Pure functions over normalised text."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.answer.analysis import COUNTER_VARIANTS

_DATE = re.compile(
    r"(?:(?:平成|令和|昭和)(?:\d{1,2}|元)年度?|\d{4}年度?(?:\(令和\d+年度?\)|\(平成\d+年度?\))?)"
    r"(?:\d{1,2}月(?:\d{1,2}日)?)?(?:[~〜～]\d{1,2}月)?"
    r"|\d{4}/\d{1,2}(?:/\d{1,2})?"
)
_NUMBER = r"(?:約|およそ)?\d[\d,]*(?:\.\d+)?"
_QUOTED = re.compile(r"「([^「」]{2,80})」|『([^『』]{2,80})』")


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str
    kind: str


_RANGE = re.compile(rf"({_DATE.pattern})\s*(?:[~〜～]|から)\s*({_DATE.pattern})")


def date_spans(text: str) -> list[Span]:
    """Dates, and ranges of dates (平成23年度~令和2年度) as one span."""
    spans = [Span(m.start(), m.end(), m.group(0), "date") for m in _RANGE.finditer(text)]
    covered = [(s.start, s.end) for s in spans]
    for m in _DATE.finditer(text):
        if not any(a <= m.start() < b for a, b in covered):
            spans.append(Span(m.start(), m.end(), m.group(0), "date"))
    return sorted(spans, key=lambda s: s.start)


def with_western_years(text: str) -> str:
    """「平成23年度~令和2年度」 → 「平成23年度(2011年度)~令和2年度(2020年度)」, for users asking in 西暦."""
    from ingest.ja.era import find_era_years

    out, last = [], 0
    for mention in find_era_years(text):
        out.append(text[last : mention.end])
        out.append(f"({mention.western}{mention.suffix})")
        last = mention.end
    out.append(text[last:])
    return "".join(out)


def quantity_spans(text: str, counters: tuple[str, ...]) -> list[Span]:
    """Numbers followed by one of ``counters`` (any spelling); any counted number when none given."""
    variants = [v for c in counters for v in COUNTER_VARIANTS.get(c, (c,))]
    if variants:
        unit = "|".join(sorted({re.escape(v) for v in variants}, key=len, reverse=True))
    else:
        unit = r"%|か国|カ国|ヶ国|人|名|件|回|カ所|か所|都市|社|団体|倍|億円|万円|円|t|トン|km2?"
    pattern = re.compile(rf"{_NUMBER}\s*(?:{unit})")
    spans = []
    for m in pattern.finditer(text):
        if text[m.end() : m.end() + 1] in ("年", "月", "日") and not variants:
            continue
        spans.append(Span(m.start(), m.end(), m.group(0), "quantity"))
    return spans


def quoted_spans(text: str) -> list[Span]:
    return [
        Span(m.start(), m.end(), m.group(0), "quoted")
        for m in _QUOTED.finditer(text)
    ]


def year_of(span_text: str) -> int | None:
    from ingest.ja.era import find_era_years

    eras = find_era_years(span_text)
    if eras:
        return eras[0].western
    m = re.match(r"(\d{4})", span_text)
    return int(m.group(1)) if m else None


def year_only(span_text: str) -> str:
    m = re.match(r"((?:平成|令和|昭和)(?:\d{1,2}|元)年度?|\d{4}年度?|\d{4})", span_text)
    return m.group(1) if m else span_text


def table_rows(text: str) -> list[list[str]]:
    return [line.split("\t") for line in text.split("\n") if "\t" in line]
