"""Japanese dates: the one date grammar of docqa.

Everything that reads a date in Japanese text is built here from the same pieces
(the era names of :data:`ERA_STARTS`, an era year ``元|\d{1,2}``, a Western year
``\d{4}``, 年/年度, 月, 日):

* **era years** (和暦 ↔ 西暦), for indexing and queries: documents write 平成24年度 or
  令和元年, users ask about 2012年度 (or the other way round). :func:`annotate_eras` adds
  the Western year after every era mention of a text that is *indexed* (never of the
  text shown to users), and :func:`to_era` lists the era spellings of a Western year.
  Year 1 of an era is its start year and is written 元年. The year an era changes
  belongs to both eras (2019 is 平成31 and 令和元).
* **dates as ISO strings**, for relation facts: :func:`find_dates` (``2016年2月18日`` →
  ``2016-02-18``, ``平成25年度`` → ``2013``, a period by its start);
* **date spans** of an answer: :data:`SPAN_DATE` and :data:`SPAN_PERIOD` (dates and
  periods as written), read with the other typed spans by :func:`ingest.ja.spans.typed_spans`;
* **calendar dates** as numbers, to check a model's reply against its passages:
  :func:`calendar_dates` (``2016年2月18日``, ``2016/2/18``, ``2月18日``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = [
    "ERA_STARTS", "SPAN_DATE", "SPAN_PERIOD", "DateMention", "EraMention", "Span", "annotate_eras", "calendar_dates",
    "find_dates", "find_era_years", "to_era", "western_year",
]

#: Western year in which each era began, oldest first.
ERA_STARTS: dict[str, int] = {
    "明治": 1868,
    "大正": 1912,
    "昭和": 1926,
    "平成": 1989,
    "令和": 2019,
}

_ERA_NAMES = tuple(ERA_STARTS)
#: The grammar's pieces.
ERA = "|".join(_ERA_NAMES)
ERA_YEAR = r"(?:元|\d{1,2})"

# Spaces are allowed anywhere inside a mention because PDF extraction spaces out
# half-width digits ("平成 24 年度"); ``\d`` also matches full-width digits, which
# ``int`` understands. An explicit Western year may sit between the year and its
# suffix, as in 令和3(2021)年.
_MENTION = re.compile(
    rf"(?P<era>{ERA})[ \u3000]*(?P<year>元|\d{{1,2}})(?!\d)[ \u3000]*"
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


# --- dates as ISO strings (relation facts) ------------------------------------------------

#: A date in a relation statement: a Western or era year (not 年間), then month and day.
DATE = re.compile(
    rf"(?:(?P<year>\d{{4}})|(?P<era>{ERA})(?P<era_year>{ERA_YEAR}))\s*年(?!間)(?P<fiscal>度)?"
    r"(?:\s*(?P<month>\d{1,2})\s*月(?:\s*(?P<day>\d{1,2})\s*日)?)?"
)


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    iso: str
    as_written: str


_PERIOD_DASH = re.compile(r"^\s*[~〜～\-ー−]\s*$")


def find_dates(text: str) -> list[DateMention]:
    """Dates in order; a period (1986年~1995年) is one mention dated by its start.

    ``2016年2月18日`` → ``2016-02-18``, ``2013年10月`` → ``2013-10``, ``平成25年度`` → ``2013``.
    """
    out: list[DateMention] = []
    for mention in _single_dates(text):
        if out and _PERIOD_DASH.match(text[out[-1].end : mention.start]):
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


# --- date spans of an answer (normalised text) ----------------------------------------------


@dataclass(frozen=True)
class Span:
    """``text`` at ``[start, end)`` of a sentence; ``kind`` is what the span is (date, quantity, …)."""

    start: int
    end: int
    text: str
    kind: str


#: A year as an answer writes it: era or Western, fiscal or not, perhaps with the other
#: calendar's year in brackets (2021年(令和3年), 令和3(2021)年, 2021(令和3)年度).
_SPAN_YEAR = (
    rf"(?:(?:{ERA}){ERA_YEAR}\(\d{{4}}\)年度?|\d{{4}}\((?:{ERA}){ERA_YEAR}\)年度?"
    rf"|(?:{ERA}){ERA_YEAR}年度?(?:\(\d{{4}}年度?\))?|\d{{4}}年度?(?:\((?:{ERA}){ERA_YEAR}年度?\))?)"
)
_SPAN_MONTH_DAY = r"(?:\d{1,2}月(?:\d{1,2}日)?(?:\([月火水木金土日]\))?)"
#: A date as an answer writes it: a year with its month and day, a part of a month
#: (上旬, 末, ごろ), 2016/2/18 or 2023.9.4, a month and day alone, a month alone (「5月下旬」
#: 「7月ごろ」), a century, a decade.
_PART_OF_MONTH = r"(?:[上中下]旬|初め|初旬|末|頃|ごろ)"
SPAN_DATE = re.compile(
    rf"{_SPAN_YEAR}{_SPAN_MONTH_DAY}?{_PART_OF_MONTH}?"
    r"|\d{4}[./]\d{1,2}(?:[./]\d{1,2})?(?![\d.])"
    r"|(?<![\d年])\d{1,2}月\d{1,2}日"
    rf"|(?<![\d年./])(?:1[0-2]|0?[1-9])月(?![\d日]){_PART_OF_MONTH}?"
    r"|\d{1,2}世紀(?:前半|後半|末|初頭)?|\d{4}年代"
)
#: A period: two dates joined by 〜 (or から), the second perhaps a month, 現在 or まで.
SPAN_PERIOD = re.compile(
    rf"(?:{SPAN_DATE.pattern})\s*(?:[~〜～\-–—]|から)\s*(?:{SPAN_DATE.pattern}|\d{{1,2}}月(?:\d{{1,2}}日)?|現在)"
)


# --- calendar dates as numbers (checking a model's reply) ---------------------------------------

_CALENDAR_DATE = re.compile(
    r"(?<!\d)(\d{4})[/.-](\d{1,2})[/.-](\d{1,2})(?!\d)"
    r"|(?:(?<!\d)(\d{4})年)?(?<!\d)(\d{1,2})月(?:(\d{1,2})日)?"
)


def calendar_dates(text: str) -> set[tuple[int | None, int, int | None]]:
    """Dates of ``text`` as (year, month, day); year and day may be missing. Era years are
    not read: a reply is checked against what its passages write."""
    out = set()
    for m in _CALENDAR_DATE.finditer(text):
        if m.group(1):
            out.add((int(m.group(1)), int(m.group(2)), int(m.group(3))))
        else:
            day = int(m.group(6)) if m.group(6) else None
            out.add((int(m.group(4)) if m.group(4) else None, int(m.group(5)), day))
    return out


_ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?$")


def japanese_date(iso: str) -> str:
    """An ISO date (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``) as written in Japanese: 2024-04-23 →
    2024年4月23日; anything else is returned as it is."""
    match = _ISO_DATE.match(iso.strip())
    if not match:
        return iso
    year, month, day = match.groups()
    return f"{year}年" + (f"{int(month)}月" if month else "") + (f"{int(day)}日" if day else "")
