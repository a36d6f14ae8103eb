"""Japanese era years (和暦) ↔ Western years, for indexing and query expansion.

Documents write years as 平成24年度 or 令和元年; users ask about "2012年度" (or the
other way round). ``annotate_eras`` adds the Western year after every era mention of
a text that is *indexed* (never of the text shown to users), and ``to_era`` lists the
era spellings of a Western year so that a query can be expanded.

Year 1 of an era is its start year and is written 元年. The year an era changes
belongs to both eras (2019 is 平成31 and 令和元).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["ERA_STARTS", "EraMention", "annotate_eras", "find_era_years", "to_era", "western_year"]

#: Western year in which each era began, oldest first.
ERA_STARTS: dict[str, int] = {
    "明治": 1868,
    "大正": 1912,
    "昭和": 1926,
    "平成": 1989,
    "令和": 2019,
}

_ERA_NAMES = tuple(ERA_STARTS)

# Spaces are allowed anywhere inside a mention because PDF extraction spaces out
# half-width digits ("平成 24 年度"); ``\d`` also matches full-width digits, which
# ``int`` understands. An explicit Western year may sit between the year and its
# suffix, as in 令和3(2021)年.
_MENTION = re.compile(
    r"(?P<era>明治|大正|昭和|平成|令和)[ \u3000]*(?P<year>元|\d{1,2})(?!\d)[ \u3000]*"
    r"(?:[(（][ \u3000]*(?P<western>\d{4})[ \u3000]*[)）][ \u3000]*)?"
    r"(?P<suffix>年度|年)"
)
# A Western year in brackets right after a mention: the author already gave it.
_ALREADY_GIVEN = re.compile(r"[ \u3000]*[(（][ \u3000]*\d{4}")


def western_year(era: str, year: int) -> int:
    """The Western year of year ``year`` (1 for 元年) of ``era``.

    Raises ``ValueError`` for an unknown era or a year below 1.
    """
    if era not in ERA_STARTS:
        raise ValueError(f"unknown era: {era!r}")
    if year < 1:
        raise ValueError(f"era years start at 1, got {year}")
    return ERA_STARTS[era] + year - 1


@dataclass(frozen=True)
class EraMention:
    """``text[start:end]`` is an era year such as 平成24年度; ``suffix`` is 年度 or 年."""

    start: int
    end: int
    era: str
    era_year: int
    western: int
    suffix: str


def find_era_years(text: str) -> list[EraMention]:
    """Every era year mention in ``text``, in order."""
    mentions: list[EraMention] = []
    for m in _MENTION.finditer(text):
        raw = m.group("year")
        year = 1 if raw == "元" else int(raw)
        if year < 1:
            continue
        era = m.group("era")
        mentions.append(
            EraMention(m.start(), m.end(), era, year, western_year(era, year), m.group("suffix"))
        )
    return mentions


def annotate_eras(text: str) -> str:
    """``text`` with the Western year added after each era mention, for indexing.

    "平成24年度" → "平成24年度(2012年度)", "令和元年" → "令和元年(2019年)". A mention
    that already carries its Western year (令和3(2021)年, or 平成24年(2012年)) is left
    alone, so annotating twice changes nothing.
    """
    out: list[str] = []
    pos = 0
    for m in _MENTION.finditer(text):
        raw = m.group("year")
        year = 1 if raw == "元" else int(raw)
        if year < 1 or m.group("western") or _ALREADY_GIVEN.match(text, m.end()):
            continue
        western = western_year(m.group("era"), year)
        out.append(text[pos : m.end()])
        out.append(f"({western}{m.group('suffix')})")
        pos = m.end()
    if not out:
        return text
    out.append(text[pos:])
    return "".join(out)


def to_era(western: int) -> list[str]:
    """Era spellings of a Western year, oldest era first, for expanding queries.

    2012 → ["平成24"]; 2019 → ["平成31", "令和元", "令和1"]. Years before 明治 give [].
    """
    spellings: list[str] = []
    for i, era in enumerate(_ERA_NAMES):
        start = ERA_STARTS[era]
        next_start = ERA_STARTS[_ERA_NAMES[i + 1]] if i + 1 < len(_ERA_NAMES) else None
        if western < start or (next_start is not None and western > next_start):
            continue
        year = western - start + 1
        spellings.extend([f"{era}元", f"{era}1"] if year == 1 else [f"{era}{year}"])
    return spellings
