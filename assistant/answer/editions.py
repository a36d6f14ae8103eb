"""Editions of a series: which edition an answer quotes, and what another edition says.

A yearbook (年報) comes out every year, and each edition restates most of the last one
with new figures. Documents that are editions of one series carry ``series`` and
``edition`` (:class:`ingest.core.models.DocumentMeta`, from the manifest or the upload form).
Two steps around the reader, both pure:

* :func:`choose` (before it): of the retrieved passages of a series, only the edition the
  question names by its year (「2022年度の…」, 「令和4年度版では」) is kept, else the newest;
  the passages of the other editions are set aside, not dropped.
* :func:`annotate` (after it): the answer says which edition it quotes (「2023年度版による」),
  and where a set-aside edition states the same sentence or table row with other figures,
  that sentence is added with its edition and a citation of its own, so both are shown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from assistant.answer.base import Answer
from assistant.answer.messages import Messages
from assistant.retrieval.base import Passage
from assistant.wire import make_citation
from ingest.ja.dates import find_era_years

#: A sentence of another edition is "the same statement" at this similarity or above
#: (character bigrams of the two sentences with their numbers masked, Dice coefficient).
SAME_STATEMENT = 0.75
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
_WESTERN_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_PIECES = re.compile(r"[^。\n]+。?")


def edition_year(edition: str) -> int | None:
    """The (fiscal) year an edition is named by: 2023年度 → 2023, 令和5年度版 → 2023."""
    eras = find_era_years(edition)
    if eras:
        return eras[0].western
    match = _WESTERN_YEAR.search(edition)
    return int(match.group(1)) if match else None


def years_named(question: str) -> set[int]:
    """The years a question names, in either calendar."""
    return {m.western for m in find_era_years(question)} | {int(y) for y in _WESTERN_YEAR.findall(question)}


@dataclass(frozen=True)
class EditionChoice:
    """The passages the reader gets (``chosen``), those of the editions set aside (``others``),
    and the edition chosen for each series with several among the passages."""

    chosen: list[Passage]
    others: list[Passage] = field(default_factory=list)
    editions: dict[str, str] = field(default_factory=dict)


def _rank(edition: str, published: str) -> tuple[int, str]:
    return (edition_year(edition) or 0, published or "")


def choose(question: str, passages: list[Passage]) -> EditionChoice:
    """Keep one edition per series among ``passages`` (see the module doc); order is kept."""
    by_series: dict[str, dict[str, str]] = {}
    for p in passages:
        meta = p.chunk.meta
        if meta.series and meta.edition:
            by_series.setdefault(meta.series, {}).setdefault(meta.edition, meta.published)
    asked = years_named(question)
    wanted: dict[str, str] = {}
    for series, editions in by_series.items():
        if len(editions) < 2:
            continue
        named = [e for e in editions if edition_year(e) in asked]
        wanted[series] = named[0] if named else max(editions, key=lambda e: _rank(e, editions[e]))
    if not wanted:
        return EditionChoice(list(passages))
    chosen, others = [], []
    for p in passages:
        meta = p.chunk.meta
        keep = meta.series not in wanted or meta.edition == wanted[meta.series]
        (chosen if keep else others).append(p)
    return EditionChoice(chosen, others, wanted)


def _masked_bigrams(text: str) -> set[str]:
    masked = _NUMBER.sub("#", "".join(text.split()))
    return {masked[i : i + 2] for i in range(len(masked) - 1)}


def similarity(a: str, b: str) -> float:
    """Dice coefficient of the character bigrams of ``a`` and ``b`` with numbers masked."""
    x, y = _masked_bigrams(a), _masked_bigrams(b)
    return 2 * len(x & y) / (len(x) + len(y)) if x and y else 0.0


def _pieces(text: str) -> list[str]:
    """Sentences and lines (table rows) of a passage, as they stand in it."""
    return [m.group(0).strip() for m in _PIECES.finditer(text) if m.group(0).strip()]


def _same_statement(quote: str, passages: list[Passage]) -> tuple[Passage, str] | None:
    """The sentence or row of ``passages`` that says what ``quote`` says, with other figures."""
    figures = _NUMBER.findall(quote)
    if not figures:
        return None
    best: tuple[float, Passage, str] | None = None
    for passage in passages:
        for piece in _pieces(passage.chunk.text):
            score = similarity(quote, piece)
            if score >= SAME_STATEMENT and (best is None or score > best[0]):
                best = (score, passage, piece)
    if best is None or _NUMBER.findall(best[2]) == figures:
        return None
    return best[1], best[2]


def annotate(answer: Answer, choice: EditionChoice, language: str = "ja") -> Answer:
    """``answer`` saying which edition it quotes, and what another edition states differently."""
    if not answer.answerable or not answer.citations:
        return answer
    m = Messages.for_language(language)
    cited = [c for c in answer.citations if c.edition and c.series]
    if not cited:
        return answer
    lines = []
    editions = list(dict.fromkeys(c.edition for c in cited))
    lines.extend(m.edition_quoted.format(edition=e) for e in editions)
    citations = list(answer.citations)
    seen: set[str] = set()
    for citation in cited:
        others = [p for p in choice.others if p.chunk.meta.series == citation.series and p.chunk.meta.edition != citation.edition]
        found = _same_statement(citation.text, others)
        if found is None or found[1] in seen:
            continue
        passage, quote = found
        seen.add(quote)
        n = len(citations) + 1
        citations.append(make_citation(n, passage, quote))
        lines.append(m.edition_differs.format(edition=passage.chunk.meta.edition, quote=quote, n=n))
    return replace(answer, text=answer.text.rstrip() + "\n" + m.separator.join(lines), citations=citations)
