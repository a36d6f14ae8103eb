"""The relation table: the facts of the current index, filtered and grouped.

Shared by ``docqa facts``, ``GET /api/facts`` and the answerer. Names match
loosely, as staff type them: NFKC, no spaces, and a name with or without its
administrative suffix (大阪 finds 大阪市; EEC finds 東部経済回廊事務局 through its alias).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from ingest.facts import Fact
from ingest.ja.names import fold, without_admin_suffix


@cache  # one entry per distinct name of the index; asked for on every question
def name_forms(name: str) -> tuple[str, ...]:
    """The spellings a name may be asked by: itself, and without its suffix when that leaves a name."""
    folded = fold(name)
    bare = without_admin_suffix(folded)
    return (folded, bare) if len(bare) >= 2 and bare != folded else (folded,)


def partner_forms(fact: Fact) -> tuple[str, ...]:
    return _partner_forms(fact.partner, fact.partner_aliases)


@cache
def _partner_forms(partner: str, aliases: tuple[str, ...]) -> tuple[str, ...]:
    forms: list[str] = []
    for name in (partner, *aliases):
        forms.extend(f for f in name_forms(name) if f not in forms)
    return tuple(forms)


def _matches(query: str, forms: Iterable[str]) -> bool:
    q = fold(query)
    return any(q == f or (len(q) >= 2 and q in f) or (len(f) >= 2 and f in q) for f in forms)


@dataclass(frozen=True)
class FactFilter:
    """Every field set must match; ``relation`` is a label of ``ingest.facts.RELATIONS``."""

    subject: str | None = None
    relation: str | None = None
    partner: str | None = None
    doc: str | None = None

    def accepts(self, fact: Fact) -> bool:
        if self.relation and fact.relation != self.relation:
            return False
        if self.doc and fact.doc != self.doc:
            return False
        if self.subject and not _matches(self.subject, name_forms(fact.subject)):
            return False
        return not (self.partner and not _matches(self.partner, partner_forms(fact)))


def select(facts: Iterable[Fact], where: FactFilter) -> list[Fact]:
    return sorted((f for f in facts if where.accepts(f)), key=sort_key)


def sort_key(fact: Fact) -> tuple:
    return (fact.subject, fact.partner, fact.date or "9999", fact.relation)


def named_in(text: str, names: Iterable[str]) -> list[str]:
    """Which of ``names`` the text mentions (with or without a suffix), longest first."""
    folded = fold(text)
    found = [n for n in set(names) if any(len(f) >= 2 and f in folded for f in name_forms(n))]
    return sorted(found, key=len, reverse=True)


def partners_named_in(text: str, facts: Iterable[Fact]) -> list[str]:
    """Partners ``text`` names, by testing every distinct spelling: the plain version of
    ``FactTable.partners_named_in`` (which the answerer uses), kept as its reference."""
    folded = fold(text)
    # Each distinct partner spelling once: an archive has many records per partner, and
    # folding every record's names on every question cost ~0.1 ms a record.
    spellings = {(f.partner, f.partner_aliases) for f in facts}
    found = {
        partner for partner, aliases in spellings
        if any(len(form) >= 2 and form in folded for form in _partner_forms(partner, aliases))
    }
    return sorted(found, key=len, reverse=True)


class FactTable:
    """An index's facts with the names they can be asked by, prepared once per index."""

    def __init__(self, facts: list[Fact]) -> None:
        self.subjects = sorted({f.subject for f in facts})
        self._spellings = sorted({(f.partner, f.partner_aliases) for f in facts})
        self.by_relation: dict[str, list[Fact]] = {}
        self.by_partner: dict[str, list[Fact]] = {}
        for fact in facts:
            self.by_relation.setdefault(fact.relation, []).append(fact)
            self.by_partner.setdefault(fact.partner, []).append(fact)
        # Name form → the partners it names. A question is matched by looking its substrings
        # up, not by testing every spelling (430k at 1M chunks: 330 ms a relation question).
        self._by_form: dict[str, set[str]] = {}
        for partner, aliases in self._spellings:
            for form in _partner_forms(partner, aliases):
                if len(form) >= 2:
                    self._by_form.setdefault(form, set()).add(partner)
        self._longest_form = max(map(len, self._by_form), default=0)

    def subjects_named_in(self, text: str) -> list[str]:
        return named_in(text, self.subjects)

    def partners_named_in(self, text: str) -> list[str]:
        """Partners with a name form (two characters or more) inside ``text``, longest first."""
        folded = fold(text)
        found: set[str] = set()
        for start in range(len(folded)):
            for end in range(start + 2, min(len(folded), start + self._longest_form) + 1):
                found |= self._by_form.get(folded[start:end], set())
        return sorted(found, key=len, reverse=True)


_TABLES: dict[int, tuple[list[Fact], FactTable]] = {}


def table_of(facts: list[Fact]) -> FactTable:
    """The prepared table of an index's fact list (an index keeps its list while it is loaded)."""
    cached = _TABLES.get(id(facts))
    if cached is None or cached[0] is not facts:
        if len(_TABLES) >= 4:  # tables of generations no longer loaded
            _TABLES.clear()
        cached = (facts, FactTable(facts))
        _TABLES[id(facts)] = cached
    return cached[1]


def group_by_partner(facts: Iterable[Fact]) -> dict[str, list[Fact]]:
    groups: dict[str, list[Fact]] = {}
    for fact in sorted(facts, key=sort_key):
        groups.setdefault(fact.partner, []).append(fact)
    return groups


def display_date(fact: Fact) -> str:
    return fact.date_as_written or (fact.date or "日付の記載なし")
