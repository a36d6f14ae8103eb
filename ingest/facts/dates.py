"""Dates as written in relation statements, as ISO strings.

``2016年2月18日`` → ``2016-02-18``, ``2013年10月`` → ``2013-10``, ``平成25年度`` → ``2013``,
``1986年~1995年`` → ``1986`` (a period starts when it starts).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.ja.era import ERA_STARTS, western_year

_ERA = "|".join(ERA_STARTS)
DATE = re.compile(
    rf"(?:(?P<year>\d{{4}})|(?P<era>{_ERA})(?P<era_year>元|\d{{1,2}}))\s*年(?!間)(?P<fiscal>度)?"
    r"(?:\s*(?P<month>\d{1,2})\s*月(?:\s*(?P<day>\d{1,2})\s*日)?)?"
)


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    iso: str
    as_written: str


_RANGE = re.compile(r"^\s*[~〜～\-ー−]\s*$")


def find_dates(text: str) -> list[DateMention]:
    """Dates in order; a period (1986年~1995年) is one mention dated by its start."""
    out: list[DateMention] = []
    for mention in _single_dates(text):
        if out and _RANGE.match(text[out[-1].end : mention.start]):
            first = out.pop()
            mention = DateMention(first.start, mention.end, first.iso, text[first.start : mention.end])
        out.append(mention)
    return out


def _single_dates(text: str) -> list[DateMention]:
    out: list[DateMention] = []
    for m in DATE.finditer(text):
        if m.group("year"):
            year = int(m.group("year"))
        else:
            try:
                year = western_year(m.group("era"), 1 if m.group("era_year") == "元" else int(m.group("era_year")))
            except ValueError:
                continue
        if not 1800 <= year <= 2200:
            continue
        iso = f"{year:04d}"
        month = int(m.group("month")) if m.group("month") else None
        if month and 1 <= month <= 12 and not m.group("fiscal"):
            iso += f"-{month:02d}"
            day = int(m.group("day")) if m.group("day") else None
            if day and 1 <= day <= 31:
                iso += f"-{day:02d}"
        out.append(DateMention(m.start(), m.end(), iso, m.group(0)))
    return out
