"""The reader: the answer units of the retrieved passages ranked by a trained model, the
best one or two quoted, a short answer cut from them when the span model is confident.

It declines — with what the documents do say, cited — when the question names a proper
noun no indexed text contains, when the question's year is stated by no unit near the
evidence, and when the decline classifier finds that the best units do not hold what is
asked (a date, an amount, a person). It never retrieves again: it reads the passages it is
given.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from assistant.answer.base import Answer
from assistant.answer.llm_check import gives_instructions
from assistant.answer.messages import Messages
from assistant.answer.reader.calendars import calendar_dates, days_of, wants_era
from assistant.answer.reader.decline import (
    absent_attribute,
    best_span_scores,
    names_not_read,
    unit_years,
    unknown_names,
)
from assistant.answer.reader.definitions import (
    defined,
    defining_first,
    is_definition_question,
    is_note,
)
from assistant.answer.reader.dense import blend
from assistant.answer.reader.features import (
    TermWeights,
    echo_anchor,
    typed_spans,
    unit_features,
    years_of,
)
from assistant.answer.reader.keyed import keyed_value
from assistant.answer.reader.model import ReaderModels
from assistant.answer.reader.question import Reading, is_content, key
from assistant.answer.reader.quotes import (
    MARK,
    bodies_asked,
    is_list_question,
    pick_quotes,
    subsections,
)
from assistant.answer.reader.short import (
    SHORT_ANSWER_CHARS,
    ShortAnswer,
    bracketed_series,
    by_parts,
    dated,
    labelled_value,
    list_items,
    of_asked_kind,
    owner_of_asked,
    per_subject,
    series_of_kind,
    short_answer,
    tabular_values,
    to_the_day,
    with_asked_noun,
    with_venue,
)
from assistant.answer.reader.units import UnitView, morphemes_of, passage_units
from assistant.facts import name_forms
from assistant.retrieval.base import Passage
from assistant.schemas import Citation
from assistant.wire import make_citation
from ingest.index.records import ChunkUnits
from ingest.ja.dates import ERA_STARTS
from ingest.ja.names import ADMIN_SUFFIXES, ORG_SUFFIXES, fold

#: Names of places and bodies (大阪市, バンドン市, 環境局): the names an answer must be about.
PLACE_OR_BODY = ADMIN_SUFFIXES + ORG_SUFFIXES

#: Passages whose units are read.
READ_PASSAGES = 8
#: Units whose spans are scored.
SPAN_UNITS = 3
#: A question naming a year is answered only from the best units that state it.
YEAR_UNITS = 15
#: The best units a list question's series of things of one kind is looked for in.
KIND_SERIES_UNITS = 5
#: A name the question writes that at most this many of the best units write is one they are about.
RARE_NAME_UNITS = 2
#: A question naming several places or bodies is answered from the best units that name them all.
NAMED_UNITS = 10
#: The best units that must state what the question asks for (a date, an amount, a person).
ATTRIBUTE_UNITS = 5
#: How many times as many units an English question's attribute is looked for in.
ENGLISH_DEPTH = 2
#: A short answer is given when its span scores above this. Chosen on JaQuAD validation
#: (gold passage, 2,000 questions): above -1 a short answer is given for 99% of them with
#: exact match 0.523 among those (above 0: 95%, 0.532; above 1: 80%, 0.584).
SHORT_THRESHOLD = -1.0



@dataclass(frozen=True)
class Reply:
    """What the reader found, before it becomes an :class:`Answer`: the units to quote, the
    short answer (and the dates in it, in the other calendar), or why it declines."""

    answerable: bool
    quotes: tuple[int, ...] = ()
    short: str | None = None
    short_dates: tuple[str, ...] = ()
    reason: str = ""


@dataclass(frozen=True)
class ScoredSpan:
    """A span the span scorer chose, with its score (above :data:`SHORT_THRESHOLD`: given as a short answer)."""

    text: str
    score: float


class UnitReader:
    """Reads the passages of one question (see the module docstring)."""

    name = "reader"

    def __init__(self, models: ReaderModels, *, depth: int = READ_PASSAGES) -> None:
        self.models = models
        self.depth = depth

    def units(self, passages: list[Passage], units_of: Callable[[Passage], ChunkUnits],
              depth: int | None = None) -> list[UnitView]:
        """The units of the first ``depth`` passages (default: the reader's depth)."""
        return passage_units(passages, units_of, depth or self.depth)

    def read(self, q: Reading, units: list[UnitView], weights: TermWeights, names: tuple[str, ...] = (),
             event: frozenset[str] | None = None, similarity: np.ndarray | None = None, said: str = "") -> Reply:
        """``names`` are the places and bodies the question is about: an answer must come from
        units that name them all (in the unit, its lead, its section or the unit before);
        ``event`` the words of the event a when-question asks about (締結, 調印 …);
        ``similarity`` the units' dense similarity to the question, blended into the ranking
        (an English question, which the lexical features barely read); ``said`` the answer of the
        turn before, for a follow-up: its own answer is not the new one (「では環境未来都市に
        選定されたのはいつ」 after 「2009年です」)."""
        if not units:
            return Reply(False, reason="no_units")
        unknown = unknown_names(q, weights) or names_not_read(q, units)
        if unknown:
            return Reply(False, reason="unknown:" + "、".join(unknown))
        features = unit_features(q, units, weights)
        scores = self.models.rank_units(features)
        if similarity is not None:
            scores = blend(scores, similarity)
        order = [int(i) for i in np.argsort(-scores, kind="stable")]
        places = tuple(n for n in names if n.endswith(PLACE_OR_BODY))
        if len(places) > 1:
            about = [i for i in order[:NAMED_UNITS] if names_all(places, units, i, alternatives(q.text, places))]
            if not about:
                return Reply(False, (order[0],), reason="names")
            order = about + [i for i in order if i not in about]
        asked_years = years_of(q.text)
        if asked_years and q.wh != "when":
            if not any(asked_years & unit_years(units[i], with_context=True) for i in order[:12]):
                return Reply(False, (order[0],), reason="year:" + ",".join(sorted(asked_years)))
            stating = [i for i in order[:YEAR_UNITS] if asked_years & unit_years(units[i], with_context=False)]
            # A cell under the year's column says more than its row, which holds every year.
            stating.sort(key=lambda i: units[i].kind != "cell")
            # A line that names what the question names (「○カンボジア王国 フン・セン首相と…」 for
            # 「平成29年度に…カンボジアの首相は誰」) says more than one that states the year alone: in a
            # table with a column per year, the line stands far from its year's head. Only for a name
            # few of the best units write (not the city every line of its own document is about), in a
            # line that also writes what the question asks (首相) or, failing that, its event (会談).
            naming = [i for i in order[:YEAR_UNITS] if q.wh == "who" and names and names_in_text(names, units[i].text)
                      and says_what_is_asked(q, units[i])]
            if 0 < len(naming) <= RARE_NAME_UNITS and not any(i in naming for i in stating[:3]):
                stating = naming + stating
            order = stating + [i for i in order if i not in stating]
            # 「平成25年度に…発表した第5回アジア大洋州3R推進フォーラムはどこで」: the line that writes
            # the long name the question writes comes before the lines that only state the year.
            named = longest_echo_first(q, units, order[:YEAR_UNITS])
            order = named + [i for i in order if i not in named]
            # 「2025年に再び延長されましたか」: a unit must state the event in that year.
            if event and q.wh == "none" and not any(
                asked_years & unit_years(units[i], with_context=False) and any(w in units[i].text for w in event)
                for i in order[:YEAR_UNITS]
            ):
                return Reply(False, (order[0],), reason=f"event:{','.join(sorted(asked_years))}:{q.predicate}")
            # 「2023年9月4日の研修」: the units that state that very day first, the record the day
            # begins (a table PDF extraction flattened into lines) before its first line.
            days = days_of(q.text)
            if days:
                on_day = [i for i in order[:YEAR_UNITS] if days & days_of(units[i].text)]
                on_day.sort(key=lambda i: units[i].kind != "block")
                order = on_day + [i for i in order if i not in on_day]
        # The asked attribute is looked for in the best units about the subject: when the question
        # names two places or bodies or more (those it writes with their suffix, 「ルナ市との」, too),
        # the units that name them all (one name alone is often only the publisher's, or not written
        # where it is meant: 「2009年 Y-PORT事業の設立」 is Yokohama's).
        subject = tuple(dict.fromkeys([n for n in names if n.endswith(PLACE_OR_BODY)] + list(q.places)))
        order = defining_first(q, units, by_ordinal(q, units, byline_first(q, units, addresses_first(q, units, order))))
        order = saying_more_first(q, units, order)
        # A list question answered by one sentence's series of things of a kind it names (「建設局・
        # 水道局・環境局及び…経済戦略局」) is read from that sentence before a run of other items.
        kind_series = next(((i, found) for i in order[:KIND_SERIES_UNITS]
                            if (found := series_of_kind(q, units[i]))), None) if is_list_question(q) else None
        if kind_series is not None:
            order = [kind_series[0]] + [i for i in order if i != kind_series[0]]
        either = alternatives(q.text, subject)
        # An English question's terms are a bag of translated words: its units are ranked less
        # surely, and the asked attribute is looked for in more of them.
        depth = ATTRIBUTE_UNITS * (ENGLISH_DEPTH if similarity is not None else 1)
        about = [i for i in order[:depth] if about_subject(subject, units, i, either)]
        if q.wh == "where":  # 「パナマの副大統領が視察した清掃工場はどこ」: the units that name パナマ
            about = [i for i in about if names_all(names, units, i)] or about
        absent = absent_attribute(q, [units[i] for i in about], event)
        if absent:
            return Reply(False, (order[0],), reason=f"absent:{absent}")
        # A short answer is never cut from text that gives orders to its reader (a planted injection).
        spans = best_span_scores(q, units, [i for i in order if not gives_instructions(units[i].text)], scores,
                                 self.models, weights, SPAN_UNITS)
        if q.wh == "who" and similarity is None:
            spans = naming_spans(q, units, spans)
        if said:
            spans = [s for s in spans if s[1].text not in said] or spans
        if q.wh in WHAT_QUESTIONS:  # 「令和3(2021)年10月」 does not answer 「令和3年10月に…文書名は」
            spans = [s for s in spans if not restates(q, s[1].text)]

        def about(i: int) -> bool:
            return not subject or names_all(subject, units, i, either)

        # Text that gives orders to its reader (a planted injection) is never quoted as an answer.
        order = [i for i in order if not gives_instructions(units[i].text)]
        if not order:
            return Reply(False, reason="orders")
        quotes = pick_quotes(q, units, order, about=about)
        if kind_series is not None and kind_series[0] == order[0]:
            quotes = [order[0]] + [i for i in quotes if i != order[0]][:1]  # the series' sentence, not a run of items
        short = short_answer(q, units, spans, SHORT_THRESHOLD)
        keyed = keyed_value(q, units, order)
        typed = tabular_values(q, units, order) if keyed is None else None
        if keyed is not None:
            short = ShortAnswer(keyed.text, keyed.unit, keyed.also)  # the value under a key the question names
        elif typed is not None and (short is None or short.unit != order[0]):
            short = ShortAnswer(typed, order[0])  # the best unit's value, which tabular_values read
        if keyed is None or not keyed.from_row:  # a label's value may hold several amounts or dates
            short = to_the_day(q, units, by_parts(q, units, labelled_value(q, units, dated(q, units, short, spans)), quotes, order), order)
            short = owner_of_asked(q, units, with_asked_noun(q, units, with_venue(q, units, per_subject(q, units, short, quotes))))
            short = bracketed_series(q, units, of_asked_kind(q, units, short), quotes)
        bodies = bodies_asked(q, units[quotes[0]].text) if keyed is None else ()
        if bodies and (short is None or not any(b in short.text for b in bodies)):
            short = ShortAnswer("、".join(bodies), quotes[0])  # 「味の素株式会社、…、株式会社横浜銀行」
        if short is not None and q.wh in WHAT_QUESTIONS and restates(q, short.text):
            short = None  # nor does a table's or a label's value that only restates the question
        address = address_of(q, units[order[0]])
        if address is not None:
            short = ShortAnswer(address, order[0])  # 「…室はどこにありますか」: the address read first
        elif is_byline(units[order[0]]) and _AUTHOR_Q.search(q.text):
            short = ShortAnswer(units[order[0]].text.strip(), order[0])  # 「金 振、中野綾子」: the byline read first
        if kind_series is not None and kind_series[0] == order[0]:
            short = ShortAnswer(kind_series[1], order[0])
        listed = (is_list_question(q) and kind_series is None) or quotes == subsections(q, units)
        text = list_items(units, quotes, tuple(MARK.findall(q.text))) if listed and len(quotes) >= 2 else None
        for i in (short.unit, *short.also) if short is not None and text is None else ():
            if i in quotes:
                continue
            if len(units[i].display) < 120:
                quotes.append(i)
            elif i == short.unit and len(quotes) >= 2:
                quotes[-1] = i  # the short answer is quoted where it stands, in place of the last quote
        if text is None and (is_definition_question(q) or (q.wh == "what" and units[quotes[0]].kind in ("label", "heading"))):
            text = defined(q, units, quotes)
        dates: tuple[str, ...] = ()
        if text is None and short is not None:
            text = short.text
            dates = tuple(calendar_dates(text, to_era_too=wants_era(q)))
        return Reply(True, tuple(quotes), text, dates)


    def best_span(self, q: Reading, units: list[UnitView], weights: TermWeights) -> ScoredSpan | None:
        """The best-scored span of the best units as written, with its score (reading
        comprehension: the passage is given, nothing is declined or widened)."""
        if not units:
            return None
        scores = self.models.rank_units(unit_features(q, units, weights))
        order = [int(i) for i in np.argsort(-scores, kind="stable")]
        spans = best_span_scores(q, units, order, scores, self.models, weights, SPAN_UNITS)
        if not spans:
            return None
        score, candidate, _ = max(spans, key=lambda s: s[0])
        return ScoredSpan(candidate.text, score)


#: A question asking where an office or body is (「…室はどこにありますか」「所在地は」「どの建物に」).
_WHERE_IS = re.compile(r"どこにあり|どこにある|所在地|住所|どの建物|どこに(?:入|置)")
#: A postal address: 〒 and its code, or a prefecture or city with its block numbers.
_ADDRESS = re.compile(r"〒\s*\d{3}-\d{4}|(?:都|道|府|県|市|区)[^\s。、]{0,12}?\d+\s*(?:丁目|番地?|号)|[一二三四五六七八九十]+丁目\d+番")
#: An address answers for the office named in the units around it (a colophon: 「清掃事業国際協力室」
#: / 「〒102-0072」 / 「東京都千代田区…」): this many units before it, one after, in its passage.
ADDRESS_CONTEXT = 3
#: The share of the question's terms the units around an address must hold.
ADDRESS_COVER = 0.5


def naming_spans(q: Reading, units: list[UnitView], spans: list) -> list:
    """The spans of the units that write every proper noun of the question, when one of them
    is confident: 「…会談したパレスチナ地方自治庁の長官の名前は」 is answered from the line naming
    パレスチナ, not from a better-scored line of another country's meeting."""
    names = {key(m) for m in q.morphemes if m.pos[1] == "固有名詞" and m.pos[2] != "人名"} - ERA_KEYS
    if not names:
        return spans
    naming = [s for s in spans if names <= set(units[s[2]].keys)]
    return naming if naming and max(s[0] for s in naming) > SHORT_THRESHOLD else spans


#: Era names are proper nouns that name no one (平成29年度).
ERA_KEYS = frozenset(ERA_STARTS)


#: A piece of the question this long (folded characters) that a unit writes names what it is about.
LONG_ECHO = 10


def longest_echo_first(q: Reading, units: list[UnitView], best: list[int]) -> list[int]:
    """The unit among ``best`` that writes the longest piece of the question, when that piece is
    :data:`LONG_ECHO` characters or more, holds a number that is no date (a numbered name: 「第5回
    アジア大洋州3R推進フォーラム」) and the first unit writes less of it ([] otherwise)."""
    if not best:
        return []
    echoes = {i: echo_anchor(q.text, units[i].text)[0] for i in best}
    top = max(best, key=lambda i: len(echoes[i]))
    long = len(echoes[top]) >= LONG_ECHO and len(echoes[top]) > len(echoes[best[0]]) + 2
    return [top] if long and _NUMBERED.search(echoes[top]) else []


#: A number that is no date in a name (「第5回…フォーラム」「3R」): what makes a long name one thing.
_NUMBERED = re.compile(r"\d(?![\d,.]*\s*(?:年|月|日|\d))")


def saying_more_first(q: Reading, units: list[UnitView], order: list[int]) -> list[int]:
    """For a what-question, the best units that only restate it — its own date, names it gives
    (「令和3(2021)年10月」「川崎市上下水道局」 of a title page asked 「令和3年10月に川崎市上下水道局が
    まとめた文書名は」) — after those that say something more."""
    if q.wh not in WHAT_QUESTIONS:
        return order
    top = order[:RESTATING_UNITS]
    restating = [i for i in top if len(units[i].text) <= RESTATING_CHARS and restates(q, units[i].text)]
    if not restating or len(restating) == len(top):
        return order
    return [i for i in order if i not in restating] + restating


def restates(q: Reading, text: str) -> bool:
    """Whether ``text`` holds nothing but dates and words of the question."""
    for span in typed_spans(text):
        if span.kind in ("date", "period") and (years_of(span.text) <= years_of(q.text)):
            text = text.replace(span.text, " ")
    asked = set(q.terms)
    content = [key(m) for m in morphemes_of(text) if is_content(m)]
    return all(k in asked for k in content)


#: The question words of questions asking what (a name, a title, a thing), which a unit or a
#: span that only restates the question does not answer.
WHAT_QUESTIONS = ("what", "whatname", "none", "which")
#: The best units looked at for ones that only restate the question, and how short those are.
RESTATING_UNITS = 5
RESTATING_CHARS = 30


def addresses_first(q: Reading, units: list[UnitView], order: list[int]) -> list[int]:
    """For a question asking where an office is, the units read that state an address among
    units saying most of what the question names, first (in the ranker's order)."""
    if not _WHERE_IS.search(q.text) or not q.terms:
        return order

    # A block (a window of fragment lines) holds the address among other lines: the line itself is read.
    stating = [i for i in order if units[i].kind != "block" and _ADDRESS.search(units[i].text)
               and _cover_around(q, units, i) >= ADDRESS_COVER]
    return stating + [i for i in order if i not in stating] if stating else order


def _cover_around(q: Reading, units: list[UnitView], i: int, before: int = ADDRESS_CONTEXT) -> float:
    """The share of the question's terms that the units around ``i`` (``before`` units before
    it, one after, in its passage) hold."""
    rank = units[i].passage_rank
    keys = {k for j in range(i - before, i + 2) if 0 <= j < len(units) and units[j].passage_rank == rank
            for k in units[j].keys}
    return sum(1 for t in q.terms if t in keys) / len(q.terms) if q.terms else 0.0


#: A question asking who wrote or made a document (「…ファクトシートの作成者は誰」「執筆者は」).
_AUTHOR_Q = re.compile(r"作成者|執筆者|著者|作者|編者|編集者|誰が(?:作成|執筆|まとめ|書|編集)")
#: A byline is short: a name or a few, a body before them on a line of its own.
BYLINE_CHARS = 40
#: The lines of a title page above its byline (title, subtitle, edition, date, publisher …).
TITLE_PAGE_UNITS = 6


def byline_first(q: Reading, units: list[UnitView], order: list[int]) -> list[int]:
    """For a question asking who wrote a document, the line of persons' names under its title
    (「金 振、中野綾子」 on a title page, a unit that shares no word with the question) first, when
    the units around it hold most of what the question names (the title)."""
    if q.wh != "who" or not _AUTHOR_Q.search(q.text):
        return order
    stating = [i for i in order if is_byline(units[i]) and _cover_around(q, units, i, TITLE_PAGE_UNITS) >= ADDRESS_COVER]
    return stating[:1] + [i for i in order if i not in stating[:1]] if stating else order


def is_byline(u: UnitView) -> bool:
    """A short line of persons' names and nothing else said (no verb)."""
    if len(u.text.strip()) > BYLINE_CHARS or any(m.pos[0] == "動詞" for m in u.morphemes):
        return False
    names = sum(1 for m in u.morphemes if m.pos[2] == "人名")
    other = sum(1 for m in u.morphemes if m.pos[0] not in ("補助記号", "空白") and m.pos[2] != "人名")
    return names >= 2 and other <= names


#: An address line's label: 「住所:」「所在地:」.
_ADDRESS_LABEL = re.compile(r"^\s*(?:住所|所在地|所在)\s*[:：]\s*")


def address_of(q: Reading, u: UnitView) -> str | None:
    """The address a unit states, as the short answer of a question asking where an office is."""
    if not _WHERE_IS.search(q.text) or not _ADDRESS.search(u.text):
        return None
    text = _ADDRESS_LABEL.sub("", u.display.strip())
    return text if len(text) <= SHORT_ANSWER_CHARS else None


_ORDINAL = re.compile(r"第\s*(\d+)\s*回")


def by_ordinal(q: Reading, units: list[UnitView], order: list[int]) -> list[int]:
    """For a question about 「第2回」, the best units that state only another 第N回 (the other
    rows of a table of meetings) after the rest."""
    asked = set(_ORDINAL.findall(q.text))
    if not asked:
        return order
    def rank(i: int) -> int:
        stated = set(_ORDINAL.findall(units[i].text))
        return 1 if stated and not stated & asked else 0
    head = sorted(order[:YEAR_UNITS], key=rank)
    return head + order[YEAR_UNITS:]


def names_all(names: tuple[str, ...], units: list[UnitView], i: int, either: tuple[str, ...] = ()) -> bool:
    """Whether unit ``i`` (with its lead, section, title and the unit before it) names every
    one of ``names`` — of those in ``either``, one is enough (「バンドン市やペナン州に派遣」)."""
    u = units[i]
    before = units[i - 1].text if i > 0 and units[i - 1].passage_rank == u.passage_rank else ""
    publisher = u.passage.chunk.meta.publisher if u.passage is not None else ""
    here = fold(" ".join((u.text, u.lead, u.context, before, publisher)))
    named = lambda n: any(form in here for form in name_forms(n))
    return all(named(n) for n in names if n not in either) and (not either or any(named(n) for n in either))


def says_what_is_asked(q: Reading, u: UnitView) -> bool:
    """Whether ``u`` writes the noun whose kind the question asks (「首相」), or, when it asks
    none, the question's event (「会談」)."""
    if q.asked_noun:
        return q.asked_noun in u.text
    return bool(q.predicate) and q.predicate in u.keys


def names_in_text(names: tuple[str, ...], text: str) -> bool:
    """Whether ``text`` itself names every one of ``names`` (in any of their forms)."""
    here = fold(text)
    return all(any(form in here for form in name_forms(n)) for n in names)


def about_subject(subject: tuple[str, ...], units: list[UnitView], i: int, either: tuple[str, ...] = ()) -> bool:
    """Whether unit ``i`` may state the asked attribute of ``subject``: it names every name of
    it (:func:`names_all`); of a single place or body, it is also enough that the unit's passage
    names it and the unit names no other place of its kind (「北九州市は…10億円が供与された」
    is not about 横浜市, a 「約4万人」 of a passage that never names 瀋陽市 not about it)."""
    if not subject or names_all(subject, units, i, either):
        return True
    if len(subject) > 1:
        return False
    u = units[i]
    name = subject[0]
    passage = fold(u.passage.chunk.text) if u.passage is not None else ""
    if not any(form in passage for form in name_forms(name)):
        return False
    return not any(not place.endswith(fold(name)) for place in places_of_kind(fold(u.text), name))


def places_of_kind(text: str, name: str) -> list[str]:
    """The place names of ``text`` that end in the suffix ``name`` ends in (市 of 横浜市),
    generic words ending in it (都市, 本市) left out."""
    suffix = next((s for s in _SUFFIXES_LONGEST_FIRST if name.endswith(s)), "")
    if not suffix:
        return []
    found = re.finditer(rf"[\u30a1-\u30fa\u30fc\u4e00-\u9fffA-Za-z]{{2,10}}{re.escape(suffix)}", text)
    return [m.group(0) for m in found if not m.group(0).endswith(_GENERIC_PLACES)]


_SUFFIXES_LONGEST_FIRST = sorted(PLACE_OR_BODY, key=len, reverse=True)
#: Words that end in a place suffix and name no place (都市, 本市, 同市, 各市).
_GENERIC_PLACES = ("都市", "本市", "同市", "各市", "当市", "両市", "全市", "本区", "各区", "同区", "同州", "各国", "本省")


#: What joins names the question asks about one of: 「AやB」「AかB」「AまたはB」.
_OR = r"\s*(?:や|か|または|又は|もしくは|あるいは)\s*"


def alternatives(text: str, names: tuple[str, ...]) -> tuple[str, ...]:
    """The names of ``names`` that ``text`` joins by や, か or または: a unit about one of them is about the question."""
    joined = {n for a in names for b in names if a != b and re.search(re.escape(a) + _OR + re.escape(b), text) for n in (a, b)}
    return tuple(n for n in names if n in joined)


def reply_answer(q: Reading, reply: Reply, units: list[UnitView], answer_type: str | None, m: Messages) -> Answer:
    """The :class:`Answer` of a reply: each quoted unit on its line with its citation, the
    dates quoted in the other calendar, or the decline with what the documents do say."""
    citations: list[Citation] = []
    lines: list[str] = []
    for i in reply.quotes:
        u = units[i]
        if u.passage is None:
            continue
        n = len(citations) + 1
        citations.append(make_citation(n, u.passage, u.display, quote_start=u.source_start, quote_end=u.source_end))
        shown = u.shown_lead if u.kind in ("row", "cell") else u.lead if is_note(u) else ""
        lead = f"（{shown}）" if shown else ""
        lines.append(f"{lead}{_one_line(u.display)} [{n}]")
    if not reply.answerable:
        text = m.declined(_reason_text(reply.reason, m), False)
        if lines:
            text += "\n" + m.related_but_absent.format(asked=_asked(q, m)) + "\n" + "\n".join(lines)
        return Answer(text=text, short_answer=None, answerable=False, citations=citations, answer_type=answer_type,
                      notice=m.no_evidence_notice)
    dates = calendar_dates("\n".join(units[i].display for i in reply.quotes), to_era_too=wants_era(q))
    note = m.calendars.format(dates=m.join(dates)) if dates else ""
    text = "\n".join(lines) + (f"\n{note}" if note else "")
    short = reply.short
    if short and reply.short_dates:
        short += m.calendars.format(dates=m.join(list(reply.short_dates)))
    return Answer(text=text, short_answer=short, answerable=True, citations=citations, answer_type=answer_type)


def _asked(q: Reading, m: Messages) -> str:
    return {"when": m.asked_date, "quantity": m.asked_number, "who": m.asked_person, "where": m.asked_place}.get(
        q.wh, m.asked_other)


def _reason_text(reason: str, m: Messages) -> str:
    if reason.startswith("unknown:"):
        return m.not_in_documents.format(names=m.names(reason[len("unknown:"):].split("、")))
    if reason.startswith("year:"):
        return m.no_year.format(years=m.years([int(y) for y in reason[len("year:"):].split(",")]))
    if reason.startswith("event:"):
        _, years, event = reason.split(":", 2)
        return m.no_event_in_year.format(years=m.years([int(y) for y in years.split(",")]), event=event)
    if reason == "names":
        return m.names_together
    if reason.startswith("absent:"):
        return {"date": m.no_date, "number": m.no_number}.get(reason[len("absent:"):], "")
    return ""


def _one_line(text: str) -> str:
    return " / ".join(part.strip() for part in text.replace("\t", " / ").split("\n") if part.strip())
