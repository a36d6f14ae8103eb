"""All documents' facts → one table: one name per partner, no repeated records.

* A partner written with an abbreviation (東部経済回廊(EEC)事務局) and the bare
  abbreviation (EEC) are one partner, named by its longest spelling.
* Records that say the same (document, subject, partner, relation, action, date)
  are kept once.
* Records without a date (「川崎市とバンドン市で締結した覚書」) are kept: they are
  true statements and can be cited; answers prefer the dated records.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from ingest.facts.model import Fact


def merge_facts(facts: list[Fact]) -> list[Fact]:
    names = _partner_names(facts)
    spellings: dict[str, list[str]] = defaultdict(list)
    for fact in facts:
        name = names.get(fact.partner, fact.partner)
        spellings[name].extend(a for a in (fact.partner, *fact.partner_aliases) if a != name and a not in spellings[name])
    merged: list[Fact] = []
    seen: set[tuple] = set()
    for fact in facts:
        name = names.get(fact.partner, fact.partner)
        aliases = tuple(spellings[name])
        fact = Fact(**{**fact.__dict__, "partner": name, "partner_aliases": aliases})
        key = (fact.doc, fact.subject, fact.partner, fact.relation, fact.action, fact.date)
        if key not in seen:
            seen.add(key)
            merged.append(fact)
    return _shared_countries(merged)


def _partner_names(facts: list[Fact]) -> dict[str, str]:
    """Every spelling → the partner's one name (abbreviations resolved, longest name wins)."""
    groups: dict[str, set[str]] = {}
    for fact in facts:
        group = {fact.partner, *fact.partner_aliases}
        for member in list(group):
            group |= groups.get(member, set())
        for member in group:
            groups[member] = group
    # Counted once, not per group: a scan of all facts per group was quadratic (a 100k-chunk
    # archive with 46k facts spent minutes here). max() over spellings in order of first use
    # keeps the original tie-break (the first of equals in fact order).
    count = Counter(f.partner for f in facts)
    first: dict[str, int] = {}
    for i, f in enumerate(facts):
        first.setdefault(f.partner, i)
    best_of: dict[int, str] = {}
    names: dict[str, str] = {}
    for group in groups.values():
        best = best_of.get(id(group))
        if best is None:
            spelled = sorted((p for p in group if p in count), key=first.__getitem__)
            best = max(spelled, key=lambda n: (count[n], len(n))) if spelled else max(group, key=len)
            best_of[id(group)] = best
        for member in group:
            names[member] = best
    return names


def _shared_countries(facts: list[Fact]) -> list[Fact]:
    """A partner's country, when any record knows it, is known to all its records."""
    country: dict[str, str] = defaultdict(str)
    for fact in facts:
        if fact.partner_country and not country[fact.partner]:
            country[fact.partner] = fact.partner_country
    return [
        f if f.partner_country or not country[f.partner] else Fact(**{**f.__dict__, "partner_country": country[f.partner]})
        for f in facts
    ]
