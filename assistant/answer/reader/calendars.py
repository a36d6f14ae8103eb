"""The other calendar of the dates an answer quotes: 「平成25年2月=2013年2月」, 同年7月 written
out, and Western dates in the era calendar when the question asks in it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.answer.reader.question import Reading
from ingest.ja import dates
from ingest.ja.dates import find_era_years, to_era

_MONTH_DAY = re.compile(r"\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日)?")


_WESTERN_DATE = re.compile(r"(?<!\d)((?:18|19|20)\d\d)\s*(年度|年)(?:\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日)?)?")


_ASKS_ERA = re.compile(r"平成|令和|昭和|和暦")


_SAME_YEAR = re.compile(r"同年\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日)?")


@dataclass(frozen=True)
class SameYearDate:
    """A date written 「同年7月」 and the year the text set it in before (「2019年7月」)."""

    start: int
    end: int
    text: str
    resolved: str


def same_year_dates(text: str) -> list[SameYearDate]:
    """The 「同年M月(D日)」 of ``text`` whose year an earlier date of it states."""
    found = []
    for m in _SAME_YEAR.finditer(text):
        before = [int(y) for y in re.findall(r"(?<!\d)((?:18|19|20)\d\d)年", text[: m.start()])]
        before += [e.western for e in find_era_years(text[: m.start()])]
        if before:
            last = max((text.rfind(str(y), 0, m.start()), y) for y in before)[1] if len(before) > 1 else before[0]
            found.append(SameYearDate(m.start(), m.end(), m.group(0),
                                      f"{last}年{m.group(1)}月" + (f"{m.group(2)}日" if m.group(2) else "")))
    return found


def wants_era(q: Reading) -> bool:
    """The question asks in the era calendar, so Western dates get their era form too."""
    return bool(_ASKS_ERA.search(q.text))


def calendar_dates(text: str, *, to_era_too: bool) -> list[str]:
    """Both calendars of the dates in ``text``: 「平成25年2月=2013年2月」, whole dates kept,
    and, when asked, Western dates with their era form (at most six)."""
    pairs = []
    for era in find_era_years(text):
        md = _MONTH_DAY.match(text, era.end)
        tail = (f"{md.group(1)}月" + (f"{md.group(2)}日" if md.group(2) else "")) if md else ""
        pairs.append(f"{text[era.start:md.end() if md else era.end]}={era.western}{era.suffix}{tail}")
    pairs += [f"{d.text}={d.resolved}" for d in same_year_dates(text)]  # 「2019年2月に…、同年7月には」
    if to_era_too:
        for m in _WESTERN_DATE.finditer(text):
            names = to_era(int(m.group(1)))
            if names:
                tail = (f"{m.group(3)}月" if m.group(3) else "") + (f"{m.group(4)}日" if m.group(4) else "")
                pairs.append(f"{m.group(0)}={names[-1]}{m.group(2)}{tail}")
    return list(dict.fromkeys(pairs))[:6]


def days_of(text: str) -> set[tuple[int, int, int]]:
    """The calendar days ``text`` states, as (year, month, day): 「2023年9月4日」, 「2023.9.4」 and
    「令和5年9月4日」 are one day."""
    days = {d for d in dates.calendar_dates(text) if d[0] is not None and d[2] is not None}
    for mention in dates.find_dates(text):
        parts = mention.iso.split("-")
        if len(parts) == 3:
            days.add((int(parts[0]), int(parts[1]), int(parts[2])))
    return days  # type: ignore[return-value]
