"""All documents' facts → one table: one name per partner, no repeated records.

* A partner written with an abbreviation (東部経済回廊(EEC)事務局) and the bare
  abbreviation (EEC) are one partner, named by its full name, unless the abbreviation is
  given to more than one partner.
* Records of one event are kept once (:func:`one_per_event`): the same subject, partner,
  relation and kind of action (a start: 締結, 交換 …; or a renewal: 更新, 延長 …), dates
  one within the other (a summary's 「2013年には…締結し」 and a list's 「2013年10月 「…」を
  交換」), instruments not named differently. The record kept has the most precise date,
  and the instrument's name when either record names it.
* Records without a date (「川崎市とバンドン市で締結した覚書」) are kept when they are the
  only record of their relation and kind of action in the document: they are true
  statements and can be cited. When a dated record says the same, the undated one goes.
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
    renamed = []
    for fact in facts:
        name = names.get(fact.partner, fact.partner)
        renamed.append(Fact(**{**fact.__dict__, "partner": name, "partner_aliases": tuple(spellings[name])}))
    return _shared_countries(one_per_event(renamed))


def same_event(a: Fact, b: Fact) -> bool:
    """``a`` and ``b`` state one event (of any documents): the same parties, relation and kind of
    action, dates one within the other (2013 and 2013-10), instruments not named differently."""
    return (
        (a.subject, a.partner, a.relation, a.action_kind) == (b.subject, b.partner, b.relation, b.action_kind)
        and a.date is not None and b.date is not None
        and (a.date.startswith(b.date) or b.date.startswith(a.date))
        and (a.instrument is None or b.instrument is None or a.instrument == b.instrument)
    )


def _precision(fact: Fact) -> tuple[int, bool]:
    return len(fact.date or ""), fact.instrument is not None


def one_per_event(facts: list[Fact], *, per_document: bool = True) -> list[Fact]:
    """One record per event (:func:`same_event`), in the order the events first appear.

    The record kept is the most precise (the longest date, then one naming its instrument),
    named by either record's instrument; an undated record goes when a dated one of the same
    parties, relation and kind of action is there. ``per_document``: events of different
    documents are kept apart (the fact table cites each document); the answers join them.
    """
    def group(f: Fact) -> tuple:
        return (f.doc if per_document else "", f.subject, f.partner, f.relation, f.action_kind)

    groups: dict[tuple, list[int]] = defaultdict(list)
    for i, fact in enumerate(facts):
        groups[group(fact)].append(i)
    kept: dict[int, Fact] = {}  # position of an event's first record → the record kept for it
    for members in groups.values():
        dated = [i for i in members if facts[i].date]
        events: list[tuple[int, Fact]] = []
        for i in sorted(dated, key=lambda i: _precision(facts[i]), reverse=True):
            fact = facts[i]
            at = next((k for k, (_, e) in enumerate(events) if same_event(e, fact)), None)
            if at is None:
                events.append((i, fact))
            else:
                first, event = events[at]
                events[at] = (min(first, i), event if event.instrument else _named(event, fact.instrument))
        undated: dict[tuple, int] = {}
        for i in members:
            if not facts[i].date and not dated:
                undated.setdefault((facts[i].action, facts[i].instrument), i)
        kept.update(events)
        kept.update((i, facts[i]) for i in undated.values())
    return [kept[i] for i in sorted(kept)]


def _named(fact: Fact, instrument: str | None) -> Fact:
    return fact if instrument is None else Fact(**{**fact.__dict__, "instrument": instrument})


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
