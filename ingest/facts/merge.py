"""All documents' facts → one table: one name per partner, no repeated records.

* A partner written with an abbreviation (東部経済回廊(EEC)事務局) and the bare
  abbreviation (EEC) are one partner, named by its full name, unless the abbreviation is
  given to more than one partner.
* Records that say the same (document, subject, partner, relation, action, date)
  are kept once.
* Records without a date (「川崎市とバンドン市で締結した覚書」) are kept: they are
  true statements and can be cited; answers prefer the dated records.
"""

from __future__ import annotations

from collections import defaultdict

from ingest.facts.model import Fact


def merge_facts(facts: list[Fact]) -> list[Fact]:
    names = _partner_names(facts)
    spellings: dict[str, dict[str, None]] = defaultdict(dict)
    for fact in facts:
        name = names.get(fact.partner, fact.partner)
        spellings[name].update((a, None) for a in (fact.partner, *fact.partner_aliases) if a != name)
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
    """Partner spelled as a bare abbreviation → the partner that abbreviation belongs to.

    Names are already canonical (ホーチミン市人民委員会 is ホーチミン市), so only an
    abbreviation needs resolving: 「EEC」 is 東部経済回廊事務局 when that is the one partner
    written with (EEC). An abbreviation given to two partners joins neither: one ambiguous
    abbreviation must not fold many partners into one row.
    """
    owners: dict[str, set[str]] = defaultdict(set)
    for fact in facts:
        for alias in fact.partner_aliases:
            if _is_abbreviation(alias) and alias != fact.partner:
                owners[alias].add(fact.partner)
    return {abbr: next(iter(partners)) for abbr, partners in owners.items() if len(partners) == 1}


def _is_abbreviation(name: str) -> bool:
    return name.isascii() and any(c.isupper() for c in name) and " " not in name


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
