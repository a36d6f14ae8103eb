"""Candidate answer spans of a unit, and what type each is.

Candidates are every run of nominal morphemes (nouns, affixes, the ・ and ー that join
names) up to :data:`MAX_MORPHEMES` long, any sub-run of it, two runs joined by の
(修善寺の大患), bracketed spans with and without their brackets, and the typed spans of the
grammar (:mod:`ingest.ja.spans`). A candidate's type comes from the grammar (date,
quantity, …), its brackets, or its morphemes' parts of speech (person, place, org).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.ja.dates import Span
from ingest.ja.morphemes import FineMorpheme

#: Longest run of morphemes a candidate spans (mode-A units: 東京/二十/三/区 is four).
MAX_MORPHEMES = 10
CANDIDATE_TYPES = (
    "common", "person", "place", "org", "date", "period", "quantity", "money", "percent", "phone", "quoted",
    "katakana", "latin", "number",
)
CANDIDATE_KINDS = ("np", "quoted", "typed")
_JOINERS = frozenset(("・", "ー", "-", "&", "=", "＝", ".", "/"))
_QUOTED = re.compile(r"「[^「」]{1,60}」|『[^『』]{1,60}』|【[^【】]{1,40}】")
_ORG_HEADS = ("社", "会社", "機構", "協会", "財団", "大学", "省", "庁", "局", "委員会", "組合", "銀行", "センター")
_KATAKANA = re.compile(r"[ァ-ヴー・]+")
_LATIN = re.compile(r"[A-Za-z0-9 .&/\-]+")


@dataclass(frozen=True)
class Candidate:
    """``text`` at ``[start, end)`` of the unit, over morphemes ``first``..``last``."""

    start: int
    end: int
    text: str
    kind: str
    first: int
    last: int
    #: The run of nominal morphemes the candidate was cut from (itself when not from a run).
    run_first: int = -1
    run_last: int = -1


def _nominal(m: FineMorpheme, surface: str) -> bool:
    pos = m.pos[0]
    if pos in ("名詞", "接頭辞", "接尾辞", "形状詞"):
        return True
    if pos == "補助記号":
        return surface in _JOINERS
    return pos == "記号" and surface not in ("、", "。")


def candidates(text: str, ms: tuple[FineMorpheme, ...], typed: list[Span]) -> list[Candidate]:
    """Every candidate span of ``text`` (whose morphemes are ``ms``), in order."""
    out: dict[tuple[int, int], Candidate] = {}
    surface = [text[m.start : m.end] for m in ms]

    def add(a: int, b: int, kind: str, run: tuple[int, int]) -> None:
        start, end = ms[a].start, ms[b].end
        if (start, end) not in out and text[start:end].strip():
            out[(start, end)] = Candidate(start, end, text[start:end], kind, a, b, *run)

    n = len(ms)
    i = 0
    while i < n:
        if not _nominal(ms[i], surface[i]) or ms[i].pos[0] == "接尾辞":
            i += 1
            continue
        j = i
        while j + 1 < n and _nominal(ms[j + 1], surface[j + 1]):
            j += 1
        for a in range(i, j + 1):
            if ms[a].pos[0] in ("接尾辞", "補助記号"):
                continue
            for b in range(a, min(j, a + MAX_MORPHEMES - 1) + 1):
                if ms[b].pos[0] not in ("接頭辞", "補助記号"):
                    add(a, b, "np", (i, j))
        k = j + 1
        if k + 1 < n and surface[k] == "の" and _nominal(ms[k + 1], surface[k + 1]):
            last = k + 1
            while last + 1 < n and _nominal(ms[last + 1], surface[last + 1]):
                last += 1
            if last - i < MAX_MORPHEMES + 2:
                add(i, last, "np", (i, last))
        i = j + 1
    for m in _QUOTED.finditer(text):
        first = _morpheme_at(ms, m.start(), 0)
        last = _morpheme_ending(ms, m.end(), n - 1)
        for start, end in ((m.start(), m.end()), (m.start() + 1, m.end() - 1)):
            out.setdefault((start, end), Candidate(start, end, text[start:end], "quoted", first, last, first, last))
    for span in typed:
        first, last = _morpheme_at(ms, span.start, None), _morpheme_ending(ms, span.end, None)
        if first is not None and last is not None:
            out.setdefault((span.start, span.end), Candidate(span.start, span.end, span.text, "typed", first, last, first, last))
    return sorted(out.values(), key=lambda c: (c.start, c.end))


def _morpheme_at(ms, offset: int, default):
    return next((k for k, m in enumerate(ms) if m.start <= offset < m.end), default)


def _morpheme_ending(ms, offset: int, default):
    return next((k for k, m in enumerate(ms) if m.start < offset <= m.end), default)


def candidate_type(c: Candidate, text: str, ms: tuple[FineMorpheme, ...], typed: list[Span]) -> str:
    """The type of a candidate (one of :data:`CANDIDATE_TYPES`)."""
    for span in typed:
        if span.start <= c.start and c.end <= span.end and (c.end - c.start) >= 0.6 * (span.end - span.start):
            return span.kind
    if c.kind == "quoted":
        return "quoted"
    inner = ms[c.first : c.last + 1]
    tags = [m.pos[2] for m in inner]
    if "人名" in tags:
        return "person"
    if "地名" in tags:
        return "place"
    if "組織名" in tags or (inner and text[inner[-1].start : inner[-1].end] in _ORG_HEADS):
        return "org"
    if inner and all(m.pos[1] == "数詞" or m.pos[0] == "接尾辞" for m in inner):
        return "number"
    if _KATAKANA.fullmatch(c.text):
        return "katakana"
    if _LATIN.fullmatch(c.text):
        return "latin"
    return "common"
