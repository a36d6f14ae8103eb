"""When the passages do not answer the question: the rules that decline.

The reader declines when the question names something the passages do not (a proper
noun no indexed text contains, or none of the units read; a Latin name or a version
number as written), when a year it names is stated by no unit near the evidence, and when
the asked attribute is absent from the best units about the subject: no date (in prose, none
beside the event asked about), no amount with the counter asked for, no person or post.

A trained classifier (JaQuAD questions with and without their answer's units) was tried for
this: it declined a third of such questions for 1% of answerable ones lost on JaQuAD, but on
docqa's own sets it declined none that these rules did not and lost answerable ones, so the
rules decide (README, "Declines").
"""

from __future__ import annotations

import re

import numpy as np

from assistant.answer.reader.features import TermWeights, span_features, typed_spans, years_of
from assistant.answer.reader.question import Reading, asks_persons_name, is_content, key
from assistant.answer.reader.units import UnitView, morphemes_of
from ingest.ja.dates import ERA_STARTS
from ingest.ja.names import ROLE_WORDS, fold
from ingest.ja.quantities import COUNTER_ALIASES, COUNTER_VARIANTS, SPAN_COUNTERS

#: A question about what is still to come (「次回の会合はいつ開催されますか」), and what a text says
#: of the future (予定, 今後, 見込み …): only such a text dates it.
_FUTURE_Q = re.compile(r"次回|次の|今後|予定|来年度|来年|将来|見込")
_FUTURE = re.compile(r"次回|予定|今後|見込|計画して|目指して|目途|めど|開催する|実施する|行う予定|来年度|来年")
#: A post (市長, 課長 …), not a rank (市長級の政策対話).
_ROLE = re.compile("(?:" + "|".join(sorted(ROLE_WORDS, key=len, reverse=True)) + ")(?!級|クラス|レベル)")
_MONEY_Q = re.compile(r"いくら|幾ら|予算|費用|金額|価格|料金")
_NUMBER_Q = re.compile(r"番号|何番|電話|FAX|ファックス|ファクス", re.IGNORECASE)
#: Units whose numbers stand bare, the counter in a heading or column (tables, flattened tables).
_TABULAR = ("row", "cell", "block", "label")
#: Units whose bare numbers are counts of what the question asks: a table's rows and cells (a
#: label line's bare numbers are a postcode, a street number, a telephone number).
_TABLE_CELLS = ("row", "cell", "block")


def absent_attribute(q: Reading, units: list[UnitView], event: frozenset[str] | None) -> str | None:
    """What the question asks for and the best units do not state: ``"date"`` (no date; in
    prose, no date beside the event asked about), ``"number"`` (no amount with the counter
    asked for, no sum of money), ``"person"`` (no person, post or body that the question does
    not name itself); None when they state it (or the question asks for something else)."""
    if q.wh == "when":
        if _FUTURE_Q.search(q.text) and not any(_FUTURE.search(u.text) for u in units):
            return "date"  # 「次回の会合はいつ」: a date of past meetings does not answer it
        for u in units:
            if not any(t.kind in ("date", "period") for t in typed_spans(u.text)):
                continue
            # A table row or record is dated by its column, a dated line of a chronology by its date
            # when it says most of what the question does; a sentence must name the event.
            if not event or u.kind in _TABULAR or any(word in u.text or word in u.keys for word in event) \
                    or (_DATE_LED.match(u.text) and _covers(q, u) >= CHRONOLOGY_COVER):
                return None
        return "date"
    if q.wh == "quantity":
        if _NUMBER_Q.search(q.text):  # 電話番号は何番: a telephone number answers it
            if any(t.kind == "phone" for u in units for t in typed_spans(u.text)):
                return None
        money = bool(_MONEY_Q.search(q.text))
        counter = COUNTER_ALIASES.get(q.counter, q.counter)
        forms = COUNTER_VARIANTS.get(counter, (counter,)) if q.counter else ()
        if forms and not any(f in SPAN_COUNTERS for f in forms):
            # 何票, 何バレル: a counter the span grammar does not read is looked for after a number as written.
            written = re.compile(r"\d[\d,.]*\s*(?:[万億千]\s*)?(?:" + "|".join(map(re.escape, forms)) + ")")
            return None if any(written.search(u.text) for u in units) else "number"
        for u in units:
            for t in typed_spans(u.text):
                if _counts_something_else(q, u.text, t.end):
                    continue  # 「会員2社と本市の共同事業体の提案」 is no count of the members
                if money:
                    if t.kind == "money":
                        return None
                elif t.kind in ("quantity", "percent", "money"):
                    if not forms or any(f in t.text for f in forms):
                        return None
                elif t.kind == "number" and (not forms or u.kind in _TABLE_CELLS or any(f in u.lead for f in forms)):
                    return None
        return "number"
    if q.wh == "who":
        asked = set(q.terms)
        if asks_persons_name(q.text):  # 「市長の名前は」 asks a person's name: a post or a body does not answer it
            return None if any(names_a_person(u, asked) for u in units) else "person"
        for u in units:
            if any(m.pos[2] in ("人名", "組織名") and m.normalized.lower() not in asked for m in u.morphemes):
                return None
            if any(m.group(0) not in q.text for m in _ROLE.finditer(u.text)):
                return None
        return "person"
    if q.wh == "where":
        return None if any(names_a_place(q, u) for u in units) else "place"
    return None


#: What ends the name of a venue or facility (東京区政会館, 長沢浄水場, IGES本部).
_FACILITY = re.compile(r"[^\s、。・()（）「」]{1,12}(?:館|場|センター|ホール|本部|庁舎|ビル|施設|工場|事務所|研究所|大学|公園)")


def _counts_something_else(q: Reading, text: str, end: int) -> bool:
    """Whether the amount ending at ``end`` is joined by と or の to a noun the question does not
    ask about (「2社と本市の…」「2社の提案」), not stated of what it asks (「169のターゲット」 is)."""
    m = _JOINED.match(text, end)
    if m is None or _ONE_OF.match(text, m.end()):
        return False  # 「対象6団体の一つとして」 states the six
    following = [key(x) for x in morphemes_of(text[m.end() : m.end() + 12]) if is_content(x)]
    return bool(following) and following[0] not in set(q.terms)


_JOINED = re.compile(r"\s*(?:と|の)\s*")
_ONE_OF = re.compile(r"一つ|ひとつ|1つ|うち|内|中|全て|すべて|いずれ")


_KATAKANA_WORD = re.compile(r"[ァ-ヴ][ァ-ヴー・]{2,}")


def _persons(u: UnitView, start: int, end: int) -> bool:
    """Whether a person's name morpheme lies in ``u.text[start:end]``."""
    return any(m.pos[2] == "人名" and start <= m.start < end for m in u.morphemes)


def names_a_person(u: UnitView, asked: set[str]) -> bool:
    """Whether the unit names a person the question does not: a full name (two name morphemes,
    「中野綾子」「フン・セン」) or a name beside a post or an honorific (「マロ副大統領」「山田氏」).
    A lone surname-like word is not enough: 「浮島周辺施設」 is a place."""
    ms = [m for m in u.morphemes if u.text[m.start : m.end].strip() not in ("", "・")]
    for j, m in enumerate(ms):
        if m.pos[2] != "人名" or m.normalized.lower() in asked:
            continue
        nxt = ms[j + 1] if j + 1 < len(ms) else None
        if nxt is not None and (nxt.pos[2] == "人名" or u.text[nxt.start : nxt.end] in _HONORIFICS):
            return True
        after = u.text[m.end : m.end + 6]
        if _ROLE.match(after) or _ROLE.match(after[1:]):
            return True
    return False


#: What follows a person's name: 氏, さん, 様 ….
_HONORIFICS = ("氏", "さん", "様", "君", "先生", "教授", "博士")


def names_a_place(q: Reading, u: UnitView) -> bool:
    """Whether the unit names a place, body or facility the question does not name itself:
    a place or organisation name, another proper noun that is not a person's, a Latin name,
    or a venue (「…会館」「…浄水場」) — what a where-question's answer is."""
    asked = set(q.terms)
    for m in u.morphemes:
        if m.pos[1] == "固有名詞" and m.pos[2] != "人名" and m.normalized.lower() not in asked:
            return True
    if any(token not in q.text for token in _IDENTIFIER.findall(u.text)):
        return True
    # A foreign place name Sudachi does not know (「シント・ユースタティウス島」「ハノーファー」).
    if any(m.group(0) not in q.text and not _persons(u, m.start(), m.end()) for m in _KATAKANA_WORD.finditer(u.text)):
        return True
    # A venue counts when the question does not write its ending (清掃工場 of 「視察した清掃工場はどこ」).
    return any(m.group(0)[-4:] not in q.text for m in _FACILITY.finditer(u.text))


#: A line that begins with its date (「- 1993年 大連市において…を開催。」): an entry of a chronology.
_DATE_LED = re.compile(r"^[\s\-・•○◆▶]*(?:\d{4}|(?:平成|令和|昭和)(?:\d{1,2}|元))年")
#: The share of the question's terms a chronology entry must hold to date the event asked about.
CHRONOLOGY_COVER = 0.4


def _covers(q: Reading, u: UnitView) -> float:
    """The share of the question's content terms that the unit holds."""
    keys = set(u.keys)
    return sum(1 for t in q.terms if t in keys) / len(q.terms) if q.terms else 0.0


def names_not_read(q: Reading, units: list[UnitView]) -> list[str]:
    """Proper nouns of the question that none of the units read (with their leads, sections
    and publishers) contains: the question is about something the retrieved passages never name."""
    seen: set[str] = set()
    publishers: set[str] = set()
    for u in units:
        seen.update(u.keys)
        seen.update(u.ctx_keys)
        if u.passage is not None:
            publishers.add(u.passage.chunk.meta.publisher)
    folded = fold(" ".join(publishers))
    missing = [
        q.text[m.start : m.end] for m in _names(q)
        if m.normalized.lower() not in seen and fold(q.text[m.start : m.end]) not in folded
    ]
    # Latin names and version numbers (Version 2.0, WES Hub) are looked for as written.
    read = fold(" ".join(" ".join((u.text, u.lead, u.context)) for u in units)) + folded
    # An abbreviation in brackets (覚書（MOU）) is another name of what it follows, not a name to find.
    bare = _BRACKETED.sub(" ", q.text)
    missing += [token for token in _IDENTIFIER.findall(bare) if fold(token) not in read and token not in missing]
    # A language is named by its place and 語 (「韓国語版」): the place alone (韓国) is not that language.
    missing += [language for language in _languages(q) if fold(language) not in read and language not in missing]
    return missing


def _languages(q: Reading) -> list[str]:
    """The languages the question names (a proper noun and 語: 「韓国語」「タイ語」)."""
    ms = q.morphemes
    return [q.text[m.start : ms[j + 1].end] for j, m in enumerate(ms[:-1])
            if m.pos[1] == "固有名詞" and q.text[ms[j + 1].start : ms[j + 1].end] == "語"]


_BRACKETED = re.compile(r"[(（][^()（）]*[)）]")


_IDENTIFIER = re.compile(r"(?<![A-Za-z0-9.])(?:[A-Z][A-Za-z0-9&\-]+|\d+\.\d+)(?![A-Za-z0-9.])")


def _names(q: Reading):
    """The question's proper nouns that name something (era names are calendars, not names)."""
    return [m for m in q.morphemes if m.pos[1] == "固有名詞" and m.end - m.start > 1 and q.text[m.start : m.end] not in ERA_STARTS]


def unknown_names(q: Reading, weights: TermWeights) -> list[str]:
    """Proper nouns of the question that no indexed passage contains."""
    return [q.text[m.start : m.end] for m in _names(q) if weights.df(m.normalized.lower()) == 0]


def best_span_scores(q: Reading, units: list[UnitView], order: list[int], scores: np.ndarray, models,
                     weights: TermWeights, depth: int = 3) -> list:
    """(score, candidate, unit) of every candidate span of the ``depth`` best units, one model call."""
    found_all, tables, owners = [], [], []
    for rank, i in enumerate(order[:depth]):
        found, table = span_features(q, units[i], weights, float(scores[i]), rank)
        if found:
            found_all.extend(found)
            tables.append(table)
            owners.extend([i] * len(found))
    if not tables:
        return []
    return [(float(s), c, i) for s, c, i in zip(models.score_spans(np.vstack(tables)), found_all, owners)]


def unit_years(u: UnitView, *, with_context: bool) -> set[str]:
    """The years a unit states (its text and lead; with its section and title when asked)."""
    # A cell states the year of its own column (「平成30年度」), not every year of its table's title
    # (a title that is the row of year heads: 「平成30年度 令和元年度 令和2年度」).
    found = years_of(u.text) | years_of(u.own_lead if u.kind == "cell" and years_of(u.own_lead) else u.lead)
    return found | years_of(u.context) if with_context else found
