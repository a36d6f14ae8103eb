"""Relation questions answered from the fact table, every item cited.

Top-k passage retrieval misses items of a complete list; the fact table built at
ingest does not. Two shapes of question are answered here:

* **lists** — 「大阪市はどの都市と覚書を締結していますか」: every agreement of the subject
  for the relation, one line each with its events and their citations. An event stated
  twice (a summary sentence and a dated list) is one event with its most precise date
  (:func:`ingest.facts.merge.one_per_event`); an instrument named differently is another
  agreement, except a renewal that renames the instrument it renews (:func:`agreements`);
* **dates** — 「川崎市とバンドン市の覚書はいつ締結された」「それはいつ更新された」: the
  signing (締結, 交換, 調印 …) or the renewals (更新, 延長) of that relation.

A question that names a body the table does not know, or whose relation has no
dated record of the kind asked, is left to the passage answerer (which may then
decline); the table never guesses.
"""

from __future__ import annotations

import re

from assistant.answer.base import Answer
from assistant.answer.analysis import morphemes
from assistant.answer.context import AnswerContext
from assistant.answer.messages import Messages
from assistant.facts import FactTable, display_date, group_by_partner, name_forms, table_of
from assistant.index import LoadedIndex
from assistant.retrieval.base import Filters, Passage
from assistant.wire import make_citation
from ingest.facts import Fact, relations_in
from ingest.facts.merge import one_per_event
from ingest.ja.dates import japanese_date
from ingest.ja.names import fold

_RENEW_Q = re.compile(r"更新|延長|改定|renew|extend", re.IGNORECASE)
_START_Q = re.compile(r"締結|交換|調印|署名|結ん|結ば|提携|sign|conclude", re.IGNORECASE)


def answer_from_facts(ctx: AnswerContext) -> Answer | None:
    """A cited answer from the fact table, or None when the table does not settle the question."""
    qa, question, index, filters, required = ctx.qa, ctx.question, ctx.index, ctx.filters, ctx.required
    if not index.facts:
        return None
    text = qa.text
    context = " ".join(question.carried)
    # A follow-up may carry the relation of the turn before (「それはいつ更新された」), unless it
    # asks about another event (「その後、訪問団が来たのはいつ」).
    relations = relations_in(text) or (relations_in(context) if not _asks_another_event(text) else [])
    if not relations:
        return None
    relation = relations[-1]  # 「友好協力関係構築に関する覚書」 is a 覚書
    table = table_of(index.facts)
    subjects = table.subjects_named_in(text) or table.subjects_named_in(context)
    partners = table.partners_named_in(text) or table.partners_named_in(context)
    if _unknown_names(required, subjects, partners, table):
        return None
    chosen = [
        f for f in table.by_relation.get(relation, ())
        if (not subjects or f.subject in subjects)
        and (not partners or f.partner in partners)
        and _passes(f, index, filters)
    ]
    if not chosen:
        return None
    wants_date = qa.answer_type == "date" or "date" in qa.slots
    m = Messages.for_language(qa.language)
    if qa.answer_type == "list" and not partners and _asks_for_partners(qa, relation):
        return _list_answer(chosen, relation, index, m)
    if wants_date and partners:
        return _date_answer(chosen, relation, text, index, m)
    return None


#: The events of a relation the table dates: its signing, renewal and start.
_RELATION_EVENT = re.compile(r"締結|交換|調印|署名|結ぶ|結ん|結ば|提携|更新|延長|改定|改訂|開始|始め|始ま|スタート|sign|conclude|renew|extend|start|begin", re.IGNORECASE)
#: Verbs that only frame a question (「教えてください」「どうなっていますか」).
_FRAMING_VERBS = frozenset({"為る", "居る", "有る", "成る", "言う", "教える", "下さる", "出来る", "分かる", "知る", "御座る"})


def _asks_another_event(text: str) -> bool:
    """Whether the question asks about an event other than a relation's signing, renewal or
    start (「訪問団が大阪に来たのはいつ」): a verb or verbal noun that is none of them."""
    if _RELATION_EVENT.search(text):
        return False
    return any(
        (m.pos[0] == "動詞" and m.normalized not in _FRAMING_VERBS) or (m.pos[0] == "名詞" and m.pos[2:3] == ("サ変可能",))
        for m in morphemes(text)
    )


#: A relation only stated as a working relationship: a list of it is asked for by naming the partners.
_LOOSE_RELATION = "協力関係"
_PARTNER_WORDS = re.compile(r"相手|パートナー|都市|国|自治体|partner|cit(?:y|ies)|countr", re.IGNORECASE)


def _asks_for_partners(qa, relation: str) -> bool:
    """A list question is about the table's partners: it names no year (that asks about one
    event), and a loose relation (連携, 協力) is asked with its partners (どの都市と…)."""
    if qa.years:
        return False
    return relation != _LOOSE_RELATION or bool(_PARTNER_WORDS.search(qa.text))


def _passes(fact: Fact, index: LoadedIndex, filters: Filters) -> bool:
    if filters.empty:
        return True
    row = index.by_id.get(fact.passage_id)
    return row is not None and filters.accepts(index.chunks[row])


def _unknown_names(required: list[str], subjects: list[str], partners: list[str], table: FactTable) -> bool:
    """A name the question requires that is neither a subject nor a partner of the table."""
    known = [form for name in subjects + partners for form in name_forms(name)]
    if partners:
        named = [f for p in partners for f in table.by_partner[p]]
        known += [fold(a) for f in named for a in f.partner_aliases]
        # A country named with its partner (タイ王国東部経済回廊事務局) is no other body.
        known += [fold(f.partner_country) for f in named if f.partner_country]
    for name in required:
        forms = name_forms(name)
        if not any(k in form or form in k for form in forms for k in known if len(k) >= 2):
            return True
    return False


class _Citations:
    """Numbered citations, one per passage, quoting the statements used from it."""

    def __init__(self, index: LoadedIndex) -> None:
        self._index = index
        self.items: list = []
        self._numbers: dict[tuple[str, str], int] = {}

    def number(self, fact: Fact) -> int | None:
        key = (fact.passage_id, fact.quote)
        if key not in self._numbers:
            row = self._index.by_id.get(fact.passage_id)
            if row is None:
                return None
            chunk = self._index.chunks[row]
            if fact.quote not in chunk.text:
                return None
            self.items.append(make_citation(len(self.items) + 1, Passage(chunk=chunk, score=1.0), fact.quote))
            self._numbers[key] = len(self.items)
        return self._numbers[key]


def _event_text(fact: Fact, *, instrument: bool = True) -> str:
    name = f"「{fact.instrument}」" if instrument and fact.instrument else ""
    return " ".join(x for x in (display_date(fact), fact.action) if x) + name


def _partner_label(partner: str, facts: list[Fact]) -> str:
    country = next((f.partner_country for f in facts if f.partner_country), None)
    aliases = [a for f in facts for a in f.partner_aliases if a.isascii()]
    extra = [x for x in (country, *dict.fromkeys(aliases)) if x]
    return f"{partner}({'、'.join(extra)})" if extra else partner


#: How alike (character-bigram Dice) a renewal's instrument name must be to the name of the
#: agreement it renews: 「…低炭素都市形成…覚書」 renewed as 「…低・脱炭素都市形成…覚書」.
RENAMED_RENEWAL = 0.5


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)}


def _likeness(a: str, b: str) -> float:
    x, y = _bigrams(a), _bigrams(b)
    return 2 * len(x & y) / (len(x) + len(y)) if x and y else 0.0


def agreements(facts: list[Fact]) -> list[list[Fact]]:
    """One partner's facts as agreements, each a list of events in date order.

    Facts naming the same instrument are one agreement; a renewal (更新, 延長) naming an
    instrument not seen before renews the most alike agreement when the names are alike
    enough (:data:`RENAMED_RENEWAL`), else it is an agreement of its own. Facts naming no
    instrument join the partner's one agreement, or form one of their own beside several.
    """
    ordered = sorted(facts, key=lambda f: (f.date or "9999", f.action_kind != "start"))
    named: dict[str, list[Fact]] = {}
    for fact in (f for f in ordered if f.instrument):
        if fact.instrument not in named and fact.action_kind == "renew" and named:
            best = max(named, key=lambda name: _likeness(name, fact.instrument))
            if _likeness(best, fact.instrument) >= RENAMED_RENEWAL:
                named[best].append(fact)
                named[fact.instrument] = named[best]
                continue
        named.setdefault(fact.instrument, []).append(fact)
    groups = list({id(g): g for g in named.values()}.values())
    unnamed = [f for f in ordered if not f.instrument]
    if unnamed and len(groups) == 1:
        groups[0].extend(unnamed)
        groups[0].sort(key=lambda f: f.date or "9999")
    elif unnamed:
        groups.append(unnamed)
    return sorted(groups, key=lambda g: min(f.date or "9999" for f in g))


def _list_answer(chosen: list[Fact], relation: str, index: LoadedIndex, m: Messages) -> Answer | None:
    citations = _Citations(index)
    lines: list[str] = []
    partners: list[str] = []
    for partner, facts in group_by_partner(chosen).items():
        events = one_per_event([f for f in facts if f.date] or facts, per_document=False)
        found = False
        groups = agreements(events)
        for group in groups:
            marks = [f"[{n}]" for f in group if (n := citations.number(f)) is not None]
            shown = [_event_text(f, instrument=False) for f in group if citations.number(f) is not None]
            if not shown:
                continue
            found = True
            name = next((f.instrument for f in group if f.instrument), None) if len(groups) > 1 else None
            label = _partner_label(partner, facts) + (f"「{name}」" if name else "")
            lines.append(f"・{label}: {'、'.join(dict.fromkeys(shown))} {''.join(dict.fromkeys(marks))}")
        if found:
            partners.append(partner)
    if not lines:
        return None
    subjects = "・".join(dict.fromkeys(f.subject for f in chosen))
    dates = [japanese_date(c.published) if m.language == "ja" else c.published for c in citations.items if c.published]
    as_of = m.join(list(dict.fromkeys(dates)))
    head = m.facts_list_head.format(
        subjects=subjects, relation=relation, n=len(partners), as_of=as_of or m.facts_as_of_unknown
    )
    return Answer(
        text="\n".join([head, *lines]),
        short_answer="、".join(partners),
        answerable=True,
        citations=citations.items,
        answer_type="list",
        notice=m.facts_notice,
    )


def _date_answer(chosen: list[Fact], relation: str, question: str, index: LoadedIndex, m: Messages) -> Answer | None:
    kind = "renew" if _RENEW_Q.search(question) else "start" if _START_Q.search(question) else None
    wanted = [f for f in chosen if f.date and (kind is None or f.action_kind == kind)]
    if not wanted:
        undated = [f for f in chosen if kind is None or f.action_kind == kind or f.action is None]
        return _no_date(relation, kind, undated, index, m)
    wanted.sort(key=lambda f: f.date)
    # The short answer: every renewal, or the first signing (later ones are listed below it).
    first_year = wanted[0].date[:4]
    citations = _Citations(index)
    lines = []
    dates: list[Fact] = []
    for fact in wanted:
        n = citations.number(fact)
        if n is None:
            continue
        lines.append(f"・{fact.subject}—{fact.partner}: {_event_text(fact)} [{n}]")
        if kind != "renew" and fact.date[:4] != first_year:
            continue
        if not any(_same_or_coarser(d, fact) for d in dates):
            dates = [d for d in dates if not _same_or_coarser(fact, d)] + [fact]
    if not lines:
        return None
    short = "、".join(display_date(d) for d in dates)
    verb = m.verb_renewed if kind == "renew" else m.verb_signed
    head = m.facts_date_head.format(relation=relation, verb=verb, dates=m.join([display_date(d) for d in dates]))
    return Answer(
        text="\n".join([head, *lines]),
        short_answer=short,
        answerable=True,
        citations=citations.items,
        answer_type="date",
        notice=m.facts_notice,
    )


def _same_or_coarser(kept: Fact, new: Fact) -> bool:
    """``kept`` says at least as much as ``new``: 2021-08 covers 2021."""
    return kept.date.startswith(new.date)


def _no_date(relation: str, kind: str | None, facts: list[Fact], index: LoadedIndex, m: Messages) -> Answer | None:
    """The relation is in the documents, but not the date asked for: say so, with the source."""
    if not facts:
        if kind == "renew":
            return Answer(
                text=m.facts_no_renewal.format(relation=relation),
                short_answer=None, answerable=False, answer_type="date", notice=m.facts_notice,
            )
        return None
    citations = _Citations(index)
    marks = "".join(f"[{n}]" for f in facts[:3] if (n := citations.number(f)))
    text = m.facts_undated.format(subject=facts[0].subject, partner=facts[0].partner, relation=relation, marks=marks)
    return Answer(
        text=text.rstrip(), short_answer=None, answerable=False, citations=citations.items, answer_type="date",
        notice=m.facts_notice,
    )
