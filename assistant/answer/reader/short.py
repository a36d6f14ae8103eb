"""The short answer: the best-scored span widened to the whole date, name or series it sits
in, a table cell's value, then checked against what the question asks for — its typed parts
(:mod:`assistant.answer.reader.parts`), the year it is set in, the value right after the
name it asks about.

Pure functions over :class:`UnitView` s and :class:`Candidate` s.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.answer.reader.calendars import same_year_dates
from assistant.answer.reader.candidates import Candidate
from assistant.answer.reader.features import ECHO_CHARS, echo_length, fold, typed_spans, years_of
from assistant.answer.reader.parts import FAX_LABEL, asked_parts, fill_parts
from assistant.answer.reader.question import Reading, is_content, key
from assistant.answer.reader.quotes import BULLET, is_list_question, is_multi_part
from assistant.answer.reader.units import UnitView
from ingest.ja.dates import find_dates
from ingest.ja.quantities import small_number

#: A short answer longer than this is not given.
SHORT_ANSWER_CHARS = 80


#: The best units a question's parts are looked for in, one part each.
PART_UNITS = 12


#: The best spans looked at for two items of one series.
SERIES_SPANS = 4


#: A list item this long or shorter is one of the items a short answer lists.
LIST_ITEM_CHARS = 40


def list_items(units: list[UnitView], chosen: list[int], marks: tuple[str, ...] = ()) -> str | None:
    """The items of a list answer as one line (「A、B、C」), when they fit a short answer; the
    units that carry a mark the question quotes (any kind), without the mark; a list of headings."""
    headings = marks or all(units[i].kind == "heading" for i in chosen)
    kinds = ("item", "label", "heading", "sentence") if headings else ("item", "label")
    items = [x for i in chosen if units[i].kind in kinds and (x := _unmarked(BULLET.sub("", units[i].display), marks))]
    joined = "、".join(items)
    if len(joined) > SHORT_ANSWER_CHARS:
        # The short items of a list, without the long ones quoted after them (「例) …」 sentences).
        short = [x for x in items if len(x) <= LIST_ITEM_CHARS]
        joined = "、".join(short) if len(short) >= 2 and len(short) * 2 >= len(items) else ""
    return joined if items and joined and len(joined) <= SHORT_ANSWER_CHARS else None


def _unmarked(text: str, marks: tuple[str, ...]) -> str:
    for mark in marks:
        text = text.replace(mark, "")
    return re.sub(r"\*\*\s*\*\*|\*\*$|^\*\*", "", text.strip()).strip(" *")


def widen(c: Candidate, u: UnitView) -> str:
    """A candidate widened to the whole typed span or name it sits in: 「30年度」→「平成30年度」,
    「紀彦」→「福田 紀彦」, 「Cities」→「Waste Wise Cities」."""
    text, start, end = u.text, c.start, c.end
    for span in typed_spans(text):
        if span.kind != "number" and span.start <= end and start <= span.end and (span.start < start or span.end > end) \
                and span.end - span.start <= 40:
            start, end = min(start, span.start), max(end, span.end)
    ms = u.morphemes
    inside = [k for k, m in enumerate(ms) if m.start < end and start < m.end]
    if inside:
        a, b = inside[0], inside[-1]

        def proper(k: int) -> bool:
            return 0 <= k < len(ms) and (ms[k].pos[1] == "固有名詞" or ms[k].pos[2] == "人名")

        def space(k: int) -> bool:
            return 0 <= k < len(ms) and ms[k].pos[0] == "空白"

        def person(k: int) -> bool:
            return 0 <= k < len(ms) and ms[k].pos[2] == "人名"

        if any(proper(k) for k in inside):
            while proper(a - 1) or (space(a - 1) and person(a - 2) and person(a)):
                a -= 1 if proper(a - 1) else 2
            while proper(b + 1) or (b + 1 < len(ms) and ms[b + 1].pos[0] == "接尾辞") or (space(b + 1) and person(b + 2) and person(b)):
                b += 2 if space(b + 1) else 1
            start, end = min(start, ms[a].start), max(end, ms[b].end)
    for pattern in (_LATIN_NAME, _KATAKANA_NAME):
        for m in pattern.finditer(text):
            # A name of several words is kept whole where the candidate begins or ends inside it
            # (「セン首相」 of 「フン・セン首相」 → 「フン・セン首相」).
            if m.start() < end and start < m.end():
                start, end = min(start, m.start()), max(end, m.end())
    place = _PLACE_TAIL.match(text, end)
    if place and re.search(r"[ァ-ヴー\u4e00-\u9fff]$", text[start:end]):
        end = place.end()
    named = _BRACKETED_TAIL.search(text[:end]) if text[end : end + 1] in ("」", "』") else None
    if named is not None and named.start(1) < start:
        start = named.start(1)  # 「基本方針」 ends 「東京23区清掃事業の国際協力に関する基本方針」: the whole name
    return text[start:end]


#: The name a bracket holds, up to the point a candidate ends at its close.
_BRACKETED_TAIL = re.compile(r"[「『]([^「」『』]{1,40})$")


#: A Latin name of several words (「Waste Wise Cities」), a katakana one (「スティーブン ストーン」).
_LATIN_NAME = re.compile(r"[A-Za-z][A-Za-z0-9&.\-]*(?: [A-Za-z0-9&.\-]+)+")


_KATAKANA_NAME = re.compile(r"[ァ-ヴ][ァ-ヴー]+(?:[ ・][ァ-ヴ][ァ-ヴー]+)+")


#: What ends the name of a place right after it (ムダ川, ルナ市).
_PLACE_TAIL = re.compile(r"(?:川|湖|山|島|港|湾|半島|市|県|州|省|町|村|区)(?![\u4e00-\u9fff])")


#: A series of short items (「門司、小倉、八幡、若松、戸畑」, 「金 振、中野綾子」).
_ITEM = r"[^、・,\s。「」()（）はがをにでとのも]{1,15}(?: [^、・,\s。「」()（）はがをにでとのも]{1,8})?"


_SERIES = re.compile(rf"(?:{_ITEM}[、・,])+{_ITEM}")


#: A series of quoted items: 「「A」、「B」、「C」が挙げられています」「「A」、「B」、そして「C」」.
_QUOTED_SERIES = re.compile(r"「[^「」]{1,40}」(?:\s*(?:[、・と]|、?\s*(?:そして|及び|および|並びに|ならびに))\s*「[^「」]{1,40}」)+")


def series(c: Candidate, u: UnitView) -> str | None:
    """The series of items the candidate stands in, for a list question: quoted items, or short ones."""
    quoted = next((m for m in _QUOTED_SERIES.finditer(u.text) if m.start() <= c.start and c.end <= m.end()), None)
    if quoted is not None:
        return quoted.group(0)
    m = _series_match(c, u)
    return m.group(0) if m else None


def _series_match(c: Candidate, u: UnitView) -> re.Match | None:
    for m in _SERIES.finditer(u.text):
        if m.start() <= c.start and c.end <= m.end() and m.group(0) != c.text:
            return m
    return None


def _within_series(spans: list[tuple[float, Candidate, int]], unit: int, u: UnitView) -> str | None:
    """The series the best span stands in, when another of the best spans of its unit stands
    in it too (「門司、小倉、八幡、若松、戸畑」 for 「どの市の合併」: the scorer ranks its items alike)."""
    best = spans[0][1]
    # The best span may run past the series' last item (「北浜の三つ」 of 「東山、西川、北浜の三つの村」).
    m = next((m for m in _SERIES.finditer(u.text) if m.start() <= best.start < m.end()), None)
    if m is None or m.group(0) == best.text:
        return None
    inside = [c for _, c, i in spans[1:SERIES_SPANS] if i == unit and m.start() <= c.start and c.end <= m.end()
              and (c.end <= best.start or c.start >= best.end)]
    return m.group(0) if inside else None


#: A count of the items just named (「の三つの村」「の2都市」): the series before it is what it counts.
_COUNT_OF_ITEMS = re.compile(r"(?:[0-9０-９]+|[一二三四五六七八九十]+)(?:つ|か所|カ所|ヶ所)?の?")


def _counted_series(best: Candidate, u: UnitView) -> str | None:
    """「東山、西川、北浜の三つの村」: for the best span 「三つの村」, the series it counts."""
    if not _COUNT_OF_ITEMS.match(best.text) or u.text[best.start - 1 : best.start] != "の":
        return None
    m = next((m for m in _SERIES.finditer(u.text) if m.end() == best.start - 1), None)
    return m.group(0) if m else None


#: A count right before the bracketed items it counts: 「3カ国語(インドネシア語・ミャンマー語・ロシア語)」.
_COUNT_BRACKET = re.compile(r"([0-9０-９]{1,2}|[一二三四五六七八九十])\s*[^\s\d()（）、。]{0,4}?\s*[(（]([^()（）]{2,120})[)）]")


def _bracket_counted(best: Candidate, u: UnitView) -> str | None:
    """The bracketed items a count names when the best span is one of them, and they are as
    many as the count says (「3カ国語(インドネシア語・ミャンマー語・ロシア語)」 for 「インドネシア語」,
    which the unit may write again alone: 「…、各論を1カ国語(インドネシア語)に翻訳」)."""
    for m in _COUNT_BRACKET.finditer(u.text):
        items = [t for t in re.split(r"[・、,，]", m.group(2)) if t.strip()]
        if best.text in items and len(items) == small_number(m.group(1)) >= 2:
            return m.group(2)
    return None


def _series_of_spans(spans: list[tuple[float, Candidate, int]], units: list[UnitView]) -> str | None:
    """The series (quoted or plain) of one unit that holds two of the best spans, when the best
    one stands in none (it is often a name the question writes another way)."""
    for _, c, i in spans:
        found = series(c, units[i])
        if found and sum(1 for _, d, j in spans if j == i and found in units[i].text
                         and units[i].text.find(found) <= d.start and d.end <= units[i].text.find(found) + len(found)) >= 2:
            return found
    return None


_TABULAR = ("cell", "row", "label", "block")


#: The typed spans that answer each question class when they stand in a table.
_TABULAR_KINDS = {
    "when": ("date", "period"),
    "quantity": ("quantity", "money", "percent", "number", "phone"),
}


def tabular_value(q: Reading, u: UnitView) -> str | None:
    """The value a table cell, row or label line gives for a date or amount question: the
    first span of the wanted type in the unit's own text (a cell's, not its row's)."""
    kinds = _TABULAR_KINDS.get(q.wh)
    if u.kind not in _TABULAR or not kinds:
        return None
    numbered = _NUMBERED_ROW.match(u.text)
    found = [s for s in typed_spans(u.text) if s.kind in kinds and not (numbered and s.start < numbered.end())]
    if q.wh == "quantity" and q.counter:
        counted = [s for s in found if q.counter[-1] in s.text]
        found = counted or [s for s in found if s.kind == "number"] or found
    return found[0].text if found else None


def tabular_values(q: Reading, units: list[UnitView], order: list[int]) -> str | None:
    """The best unit's table value; for a question in two parts (「数とその割合」), the values of
    the two best cells of one row, in column order."""
    first = tabular_value(q, units[order[0]])
    if first is None or not is_multi_part(q) or units[order[0]].kind != "cell":
        return first
    head = units[order[0]]
    for i in order[1:4]:
        u = units[i]
        if u.kind == "cell" and u.passage_rank == head.passage_rank and u.display == head.display and u.start != head.start:
            other = tabular_value(q, u)
            if other and other != first:
                pair = sorted(((head.start, first), (u.start, other)))
                return "、".join(v for _, v in pair)
    return first


@dataclass(frozen=True)
class ShortAnswer:
    text: str
    unit: int
    #: Other units the short answer is taken from (one part of a question in parts each).
    also: tuple[int, ...] = ()


def short_answer(q: Reading, units: list[UnitView], spans: list[tuple[float, Candidate, int]], threshold: float) -> ShortAnswer | None:
    """The best span, widened, with a second one joined for a question in parts; None when the
    span scorer is not confident."""
    spans = sorted((s for s in spans if not _item_number(s[1], units[s[2]])), key=lambda s: -s[0])
    if not spans:
        return None
    score, best, unit = spans[0]
    if score <= threshold:
        return None
    text = widen(best, units[unit])
    if is_list_question(q):
        text = (_bracket_counted(best, units[unit]) or series(best, units[unit])
                or _series_of_spans(spans[:SERIES_SPANS], units) or text)
    elif q.wh not in ("when", "quantity"):
        text = (_within_series(spans, unit, units[unit]) or _counted_series(best, units[unit])
                or _bracket_counted(best, units[unit]) or text)
    if is_multi_part(q):
        for s, c, i in spans[1:]:
            if i == unit and s > threshold and (c.end <= best.start or c.start >= best.end):
                other = widen(c, units[unit])
                if other not in text and text not in other:
                    text = "、".join((text, other) if best.start < c.start else (other, text))
                break
    text = unquote(_FOOTNOTE_MARK.sub("", text))
    if len(text) > SHORT_ANSWER_CHARS or (len(text) < 2 and not text.isdigit()):
        return None  # one character (「際」) says nothing on its own
    return ShortAnswer(text, unit)


#: A footnote's mark in running text (「G to G 関係^{※1}の深化」): not part of a short answer.
_FOOTNOTE_MARK = re.compile(r"\^\{※\s*\d+\}")


_NUMBERED_ROW = re.compile(r"^\s*\(?\d{1,3}[).]?[\s\t]")


def _item_number(c: Candidate, u: UnitView) -> bool:
    """The number a table row or list item begins with (「11 1人当たりのごみ排出量 …」): its
    place in the list, not a value."""
    m = _NUMBERED_ROW.match(u.text)
    return m is not None and c.start <= m.end() and c.text.strip("() .") == m.group(0).strip("() .\t ")


_ENCLOSED = re.compile(r"^[「『【](.+)[」』】]$")


def unquote(text: str) -> str:
    """A short answer without the brackets that enclose all of it: 「アジアの水環境改善」 → アジアの水環境改善."""
    m = _ENCLOSED.match(text)
    return m.group(1) if m and not re.search(r"[「『【」』】]", m.group(1)) else text


def by_parts(q: Reading, units: list[UnitView], short: ShortAnswer | None, quotes: list[int],
             order: list[int] = ()) -> ShortAnswer | None:
    """The short answer made of typed spans when the question asks for typed parts (a period,
    a date to the day, numbers in given counters, a share) and the short answer does not give
    them all: each part filled from the short answer's unit, else from a quoted unit, else
    part by part from the best units of the short answer's passage (「◆日程:…」「◆参加者:…」)."""
    parts = asked_parts(q.text)
    if not parts or (len(parts) == 1 and parts[0].kind in ("quantity", "date") and not (parts[0].counter or parts[0].precision)):
        return short
    labelled = any(p.kind == "phone" and p.counter == "FAX" for p in parts)  # which number is the FAX is in the unit
    if short is not None and not labelled and fill_parts(parts, short.text) is not None:
        return short
    for i in dict.fromkeys(([short.unit] if short is not None else []) + quotes[:2]):
        text = units[i].text
        near = max(0, text.find(short.text.split("、")[0])) if short is not None and i == short.unit else 0
        found = fill_parts(parts, text, near)
        if found:
            return ShortAnswer("、".join(s.text for s in found), i)
    # One part is looked for beyond the quoted units only when it is a telephone or FAX number,
    # which a label line of the same passage states (「ファックス:06-…」 under the office's name).
    if short is None or (len(parts) < 2 and parts[0].kind != "phone"):
        return short
    rank = units[short.unit].passage_rank
    best = [i for i in order[:PART_UNITS] if units[i].passage_rank == rank]
    # A telephone or FAX number is read from any line of the passage (a colophon lists them last).
    rest = [i for i, u in enumerate(units) if u.passage_rank == rank and i not in best]
    taken: list[tuple[int, str]] = []
    for part in parts:
        found = [(i, f[0].text) for i in best + (rest if part.kind == "phone" else [])
                 if (f := fill_parts((part,), units[i].text)) and f[0].text not in [t for _, t in taken]
                 and not (part.counter == "FAX" and not FAX_LABEL.search(units[i].text))]
        if not found:
            return short
        # A date part takes the most precise date of those units (「◆日程:2023年11月15日」 over 「2023年度」).
        taken.append(max(found, key=_precision) if part.kind == "date" else found[0])
    first = taken[0][0]
    return ShortAnswer("、".join(t for _, t in taken), first, tuple(dict.fromkeys(i for i, _ in taken[1:] if i != first)))


#: 「会場参加とオンライン参加はそれぞれ何名」「ターゲットと指標がそれぞれいくつ」: two things, a number each.
_EACH = re.compile(r"(?P<a>[^、。,\sとはがの]{2,12})と(?P<b>[^、。,\sとはがの]{2,12})(?:は|が|の|で|を)?\s*それぞれ")
#: How far from its thing a number may stand (「169 のターゲット」, 「会場参加者:54名」).
EACH_GAP = 4


def per_subject(q: Reading, units: list[UnitView], short: ShortAnswer | None, quotes: list[int]) -> ShortAnswer | None:
    """For a quantity asked of two things at once, the number beside each in one unit (the
    short answer's, else a quoted one), written after its thing: 「会場参加 54名、オンライン参加 38名」."""
    m = _EACH.search(q.text)
    if m is None or q.wh != "quantity":
        return short
    things = (m.group("a"), m.group("b"))
    for i in dict.fromkeys(([short.unit] if short is not None else []) + quotes[:2]):
        text = units[i].text
        found = [_number_beside(text, thing) for thing in things]
        if all(found) and found[0] != found[1]:
            return ShortAnswer("、".join(f"{thing} {n}" for thing, n in zip(things, found)), i)
    return short


def _number_beside(text: str, thing: str) -> str | None:
    """The quantity written right before or after ``thing`` in ``text``, no comma between."""
    at = text.find(thing)
    if at < 0:
        return None
    end = at + len(thing)
    best = None
    for span in typed_spans(text):
        if span.kind not in ("quantity", "number", "percent", "money"):
            continue
        gap = text[end : span.start] if span.start >= end else text[span.end : at] if span.end <= at else None
        if gap is None or len(gap) > EACH_GAP or re.search(r"[、。,，()（）]", gap):
            continue
        if best is None or len(gap) < best[0]:
            best = (len(gap), span.text)
    return best[1] if best else None


#: A bracketed name right after a place (「川崎市 (カルッツかわさき)」): the venue in it.
_VENUE_AFTER = re.compile(r"\s*[(（]([^()（）\n]{2,20})[)）]")


def with_venue(q: Reading, units: list[UnitView], short: ShortAnswer | None) -> ShortAnswer | None:
    """For a where-question, a place widened by the venue the unit brackets right after it
    (「川崎市」 → 「川崎市(カルッツかわさき)」)."""
    if short is None or q.wh != "where":
        return short
    text = units[short.unit].text
    at = text.find(short.text)
    m = _VENUE_AFTER.match(text, at + len(short.text)) if at >= 0 else None
    if m is None or m.group(1) in q.text:
        return short
    return ShortAnswer(f"{short.text}({m.group(1)})", short.unit, short.also)


#: 「何という川」「何という会議」: the noun a name-question asks a name of.
_NAMED_NOUN = re.compile(r"何という([^\s、。,?？はがをにでのも]{1,6})")


def with_asked_noun(q: Reading, units: list[UnitView], short: ShortAnswer | None) -> ShortAnswer | None:
    """For 「何という川ですか」, a name widened by the noun asked when the unit writes it right
    after the name (「ムダ」 → 「ムダ川」)."""
    m = _NAMED_NOUN.search(q.text)
    if short is None or m is None or short.text.endswith(m.group(1)):
        return short
    text = units[short.unit].text
    at = text.find(short.text)
    if at >= 0 and text.startswith(m.group(1), at + len(short.text)):
        return ShortAnswer(short.text + m.group(1), short.unit, short.also)
    return short


#: 「どこの職員」「どの市の職員」: a question after whose members or staff a thing is.
_OWNER_ASKED = re.compile(r"(?:どこ|どの[^\s、。のは]{0,4})の(?P<noun>[^\s、。のはがをで?？]{1,6}?)(?:は|が|を|で|です|でし|だっ|\?|？|$)")
#: The suffixes of a place or body whose members a unit names (「ダナン市職員」「…環境資源省職員」).
_OWNER_SUFFIXES = ("市", "区", "町", "村", "県", "州", "省", "国", "都", "府", "庁")


def owner_of_asked(q: Reading, units: list[UnitView], short: ShortAnswer | None) -> ShortAnswer | None:
    """For 「どこの職員でしたか」, the place or body the short answer's unit writes right before the
    noun asked (「ダナン市職員」 → 「ダナン市」), when the short answer is another."""
    m = _OWNER_ASKED.search(q.text)
    if short is None or m is None:
        return short
    noun = m.group("noun")
    text = units[short.unit].text
    for hit in re.finditer(r"([^\s、。・/()（）「」:：]{2,16}?)の?" + re.escape(noun), text):
        owner = hit.group(1)
        if owner.endswith(_OWNER_SUFFIXES) and fold(owner) not in fold(q.text) and owner != short.text:
            return ShortAnswer(owner, short.unit, short.also)
    return short


#: What joins two things of one kind in a series: 「建設局・水道局・環境局及び国際交流や経済振興を
#: 担う経済戦略局」 (a connective, then at most a short modifier of the next thing).
_COORDINATION = re.compile(r"(?:[・、,]|及び|および|並びに|と|や)[^。、,()（）「」]{0,20}")
#: A question after one thing only (「最初に」「最も多い」「どちら」): no series is its answer.
_ONE_ASKED = re.compile(r"どちら|どっち|最も|一番|最初|唯一|次に|最大|最小|のうち|の中で|一つ|ひとつ")


def of_asked_kind(q: Reading, units: list[UnitView], short: ShortAnswer | None) -> ShortAnswer | None:
    """For 「連携している局はどこ」, every thing of the kind asked that the short answer's unit
    names in one series with it (「建設局、水道局、環境局、経済戦略局」), not the one the span
    scorer chose; the names the question writes are not among them."""
    noun = q.asked_noun
    if short is None or not noun or q.wh not in ("where", "which", "what", "who") or _ONE_ASKED.search(q.text):
        return short
    u = units[short.unit]
    at = u.text.find(short.text)
    for series, names in _series_named(q, u, noun):
        if len(names) >= 2 and any(a <= at < b or short.text in u.text[a:b] for a, b in series):
            return ShortAnswer("、".join(names), short.unit, short.also)
    return short


#: The suffixes that end the names of a kind of place the question may ask (「どの都市」: ○○市).
KIND_SUFFIXES = {"都市": ("市", "都市"), "自治体": ("市", "区", "町", "村", "県", "府", "都", "道", "州")}


#: The fewest things a series of one kind must hold to answer a list question on its own.
KIND_SERIES_ITEMS = 3


def series_of_kind(q: Reading, u: UnitView) -> str | None:
    """For a list question (「連携している局を全部挙げて」), the series of ``u`` of at least
    :data:`KIND_SERIES_ITEMS` things whose names end in a short noun the question writes
    (「建設局、水道局、環境局、経済戦略局」), or None."""
    nouns = {q.text[m.start : m.end] for m in q.morphemes if m.pos[0] in ("名詞", "接尾辞") and m.pos[1] != "固有名詞"
             and is_content(m) and m.end - m.start <= 2}
    best: list[str] = []
    for noun in nouns:
        for _, names in _series_named(q, u, noun):
            if len(names) >= KIND_SERIES_ITEMS and len(names) > len(best):
                best = names
    return "、".join(best) if best else None


def _series_named(q: Reading, u: UnitView, noun: str) -> list[tuple[list[tuple[int, int]], list[str]]]:
    """Each series of ``u`` of things of the kind ``noun`` (a place kind by its suffixes), with
    the names in it that the question does not write itself."""
    runs = _coordinated(u.text, _things_of_kind(u, KIND_SUFFIXES.get(noun, (noun,))))
    return [(run, list(dict.fromkeys(u.text[a:b] for a, b in run if u.text[a:b] not in q.text))) for run in runs]


def _things_of_kind(u: UnitView, suffixes: tuple[str, ...]) -> list[tuple[int, int]]:
    """The (start, end) of each compound noun of ``u`` that ends with one of ``suffixes`` and is more than it."""
    found, start = [], None
    ms = u.morphemes
    for k, m in enumerate((*ms, None)):
        nominal = m is not None and m.pos[0] in ("名詞", "接尾辞", "接頭辞") and m.pos[1] != "数詞"
        if nominal and start is None:
            start = m.start
        if not nominal and start is not None:
            end = ms[k - 1].end
            if any(u.text[start:end].endswith(x) and end - start > len(x) for x in suffixes):
                found.append((start, end))
            start = None
    return found


def _coordinated(text: str, things: list[tuple[int, int]]) -> list[list[tuple[int, int]]]:
    """The runs of ``things`` that stand in one series (joined by :data:`_COORDINATION`)."""
    runs: list[list[tuple[int, int]]] = []
    for span in things:
        if runs and _COORDINATION.fullmatch(text[runs[-1][-1][1] : span[0]]):
            runs[-1].append(span)
        else:
            runs.append([span])
    return [r for r in runs if len(r) >= 2]


#: A series in brackets right after a noun: 「先端環境技術(水素、エコタウン等)」.
_BRACKET_SERIES = re.compile(r"[(（]([^()（）]{1,60}?[、・][^()（）]{1,60}?)(?:等|など)?[)）]")
#: How many characters before the bracket the question must write as they stand.
BRACKET_ECHO = 4
#: A question asking for examples: the bracketed series is its answer.
_EXAMPLES_Q = re.compile(r"例|具体的")


def bracketed_series(q: Reading, units: list[UnitView], short: ShortAnswer | None, quotes: list[int]) -> ShortAnswer | None:
    """For a question asking for examples, a list or places of a kind (「…の先端環境技術の例は何」,
    「韓国の自治体はどこ」), the series the short answer's unit (else a quoted one) brackets right
    after the words the question writes or a name it writes (「先端環境技術(水素、エコタウン等)」 →
    「水素、エコタウン」, 「韓国(南原市、済州市、長水郡)」), unless the short answer is one of its
    items already."""
    if q.wh in ("when", "quantity", "who") or not (_EXAMPLES_Q.search(q.text) or is_list_question(q) or q.asked_noun in KIND_SUFFIXES):
        return short
    asked = fold(q.text)
    names = {fold(q.text[m.start : m.end]) for m in q.morphemes if m.pos[1] == "固有名詞" and m.end - m.start >= 2}
    for i in dict.fromkeys(([short.unit] if short is not None else []) + quotes[:2]):
        text = units[i].text
        found = [(echo_length(left := text[max(0, m.start() - ECHO_CHARS) : m.start()], asked, left=True), left, m)
                 for m in _BRACKET_SERIES.finditer(text)]
        # Enough of the question's words before the bracket, or a name it writes (「韓国(南原市、済州市…)」).
        found = [(n, m) for n, left, m in found if n >= BRACKET_ECHO or (n >= 2 and fold(left)[-int(n):] in names)]
        if found:
            items = max(found, key=lambda f: f[0])[1].group(1)
            return short if short is not None and short.text in items else ShortAnswer(items, i)
    return short


def _precision(filled: tuple[int, str]) -> int:
    """How precise a date is: 3 with its day, 2 with its month, 1 a year (the first wins ties)."""
    text = filled[1]
    return 3 if "日" in text or re.search(r"\d[./]\d{1,2}[./]\d", text) else 2 if "月" in text else 1


_DATE_KINDS = ("date", "period")


#: A bare year qualifying a noun (「2050年の脱炭素社会」): a target, not when something happened.
_ADNOMINAL_YEAR = re.compile(r"^(?:\d{4}|(?:平成|令和|昭和)(?:\d{1,2}|元))年(?:度)?$")


def dated(q: Reading, units: list[UnitView], short: ShortAnswer | None,
          spans: list[tuple[float, Candidate, int]]) -> ShortAnswer | None:
    """For a when-question, the best-scored date that fits it: one in the year the question
    names (「令和4年に…はいつ」 is not answered with a date of 2019), and not a bare year that
    qualifies a noun (「2050年の」) when its unit states a date with its month."""
    if q.wh != "when" or short is None:
        return short
    asked = _time_of(q.text)
    dates = [(s, c, i) for s, c, i in sorted(spans, key=lambda s: -s[0]) if _is_date(c, units[i])]
    if asked and years_of(short.text) and not years_of(short.text) & asked:
        fitting = next(((c, i) for _, c, i in dates if years_of(widen(c, units[i])) & asked), None)
        if fitting is not None:
            return ShortAnswer(widen(fitting[0], units[fitting[1]]), fitting[1])
    u = units[short.unit]
    at = u.text.find(short.text)
    if at >= 0 and _ADNOMINAL_YEAR.match(short.text) and u.text.startswith("の", at + len(short.text)):
        dated_month = next(((c, i) for _, c, i in dates if i == short.unit and "月" in c.text and c.text != short.text), None)
        if dated_month is not None:
            return ShortAnswer(widen(dated_month[0], units[dated_month[1]]), dated_month[1])
    return _same_year(q, u, short)


def _same_year(q: Reading, u: UnitView, short: ShortAnswer) -> ShortAnswer:
    """「2019年2月に…を策定し、同年7月には…未来都市に選定された」: the 「同年7月」 (written out, 「2019年
    7月」) when the words that follow it up to the next date hold more of the question's terms
    than those after the date the span scorer chose."""
    relative = same_year_dates(u.text)
    at = u.text.find(short.text)
    if not relative or at < 0:
        return short
    starts = sorted({t.start for t in typed_spans(u.text) if t.kind in _DATE_KINDS} | {d.start for d in relative} | {at})
    terms = set(q.terms)

    def cover(start: int) -> int:
        end = next((s for s in starts if s > start), len(u.text))
        return len({key(m) for m in u.morphemes if start <= m.start < end and is_content(m)} & terms)

    best = max(relative, key=lambda d: cover(d.start))
    return ShortAnswer(best.resolved, short.unit, short.also) if cover(best.start) > cover(at) else short


#: A date the question is set in: 「令和4年に」「2023年10月の」, not a year inside a name (「チャレンジ2050」).
_SET_IN = re.compile(
    r"((?:\d{4}|(?:平成|令和|昭和)(?:\d{1,2}|元))年(?:度)?(?:\d{1,2}月)?(?:\d{1,2}日)?)(?:に|の|、|は|から|まで|時点)"
)


def _time_of(question: str) -> set[str]:
    """The Western years of the dates a question is set in (outside brackets)."""
    bare = re.sub(r"「[^」]*」|『[^』]*』|[(（][^)）]*[)）]", " ", question)
    return {y for m in _SET_IN.finditer(bare) for y in years_of(m.group(1))}


def _is_date(c: Candidate, u: UnitView) -> bool:
    return any(t.kind in _DATE_KINDS and t.start <= c.start and c.end <= t.end for t in typed_spans(u.text))


_WANTED_KINDS = {"quantity": ("quantity", "money", "percent", "number"), "when": ("date", "period")}


#: A value stands this close after its label (「オンライン参加者:38名」).
LABEL_GAP = 6


_TRAILING_PARTICLES = re.compile(r"[はがのをでにもと、,\s]+$")


def labelled_value(q: Reading, units: list[UnitView], short: ShortAnswer | None) -> ShortAnswer | None:
    """For a question asking an amount or a date of something it names right before its
    question word (「オンライン参加者は何名」), the value the unit states right after that name
    (「…、オンライン参加者:38名」), when the span scorer chose another; for a who- or where-question,
    the name in apposition to the role it names (:func:`_apposed`)."""
    if short is not None and q.wh in ("who", "where", "which") and q.wh_index >= 0:
        return _apposed(q, units, short)
    if short is not None and q.wh == "what" and q.wh_index >= 0:
        return _quoted_before(q, units, short)
    kinds = _WANTED_KINDS.get(q.wh)
    if short is None or kinds is None or q.wh_index < 0:
        return short
    u = units[short.unit]
    after = _after_asked_name(q, u.text)
    if after is not None:
        value = next((t for t in typed_spans(u.text) if t.kind in kinds and after <= t.start <= after + LABEL_GAP), None)
        if value is None or value.text == short.text:
            return short
        if q.counter and not any(f in value.text for f in (q.counter, q.counter[-1:])):
            return short
        return ShortAnswer(value.text, short.unit)
    return short


def _asked_name_in(q: Reading, text: str) -> tuple[int, int] | None:
    """Where ``text`` states the longest end of what the question names right before its
    question word (「オンライン参加者」 of 「…のオンライン参加者は何名」), or None."""
    head = _TRAILING_PARTICLES.sub("", q.text[: q.morphemes[q.wh_index].start])
    for length in range(min(len(head), 20), 2, -1):
        at = text.find(head[-length:])
        if at >= 0:
            return at, at + length
    return None


def _after_asked_name(q: Reading, text: str) -> int | None:
    """Where ``text`` goes on after what the question names before its question word, or None."""
    found = _asked_name_in(q, text)
    return found[1] if found else None


#: The name a post or role stands in apposition to: 「当事業実施機関である八千代エンジニヤリング株式会社及び…」.
_APPOSED = re.compile(r"(?:である|[:：])\s*(?P<name>[^、。,，\s()（）「」]{2,40}?)(?=及び|および|並びに|と|や|、|。|,|\(|（|\)|）|が|を|に|で|$)")


def _apposed(q: Reading, units: list[UnitView], short: ShortAnswer) -> ShortAnswer:
    """For 「その実施機関はどこ」, the name the unit states right after that role (「実施機関である
    八千代エンジニヤリング株式会社」), when the span scorer chose another name of the unit."""
    u = units[short.unit]
    after = _after_asked_name(q, u.text)
    m = _APPOSED.match(u.text, after) if after is not None else None
    if m is None:
        m = _after_role(q, u.text)
    if m is None or m.group("name") in short.text:
        return short
    return ShortAnswer(m.group("name"), short.unit)


#: A quoted name right before the role a question names: 「「脱炭素」を共通テーマとして」.
_QUOTED_BEFORE = re.compile(r"[「『](?P<name>[^「」『』]{1,40})[」』](?:を|という|が|は|の)$")


def _quoted_before(q: Reading, units: list[UnitView], short: ShortAnswer) -> ShortAnswer:
    """For 「共通テーマは何ですか」, the quoted name the unit gives right before that role
    (「「脱炭素」を共通テーマとして」), when the span scorer chose another."""
    u = units[short.unit]
    found = _asked_name_in(q, u.text)
    m = _QUOTED_BEFORE.search(u.text[: found[0]]) if found else None
    if m is None or m.group("name") in short.text:
        return short
    return ShortAnswer(m.group("name"), short.unit)


def _after_role(q: Reading, text: str) -> re.Match | None:
    """「誰が講師を務めましたか」: the name after the role the question names after its question
    word, where the unit labels it (「(講師:環境省大臣官房長)」)."""
    role = next((q.text[m.start : m.end] for m in q.morphemes[q.wh_index + 1 :] if is_content(m)), None)
    if not role or len(role) < 2:
        return None
    at = text.find(role + ":")
    if at < 0:
        at = text.find(role + "：")
    return _APPOSED.match(text, at + len(role)) if at >= 0 else None


#: The best units in which a when-question's date is looked for to the day.
PRECISE_UNITS = 10


def to_the_day(q: Reading, units: list[UnitView], short: ShortAnswer | None, order: list[int]) -> ShortAnswer | None:
    """For a when-question answered with a month (「2023年11月」), the same month to the day
    (「◆日程:2023年11月15日」) when one of the best units of its document states it."""
    if q.wh != "when" or short is None or _precision((0, short.text)) != 2:
        return short
    month = _year_month(short.text)
    doc = _doc(units[short.unit])
    if month is None:
        return short
    for i in order[:PRECISE_UNITS]:
        if _doc(units[i]) != doc:
            continue
        for span in typed_spans(units[i].text):
            if span.kind == "date" and _precision((0, span.text)) == 3 and _year_month(span.text) == month:
                return ShortAnswer(span.text, i)
    return short


def _year_month(text: str) -> tuple[int, int] | None:
    found = [d.iso for d in find_dates(text)] + [f"{m.group(1)}-{int(m.group(2)):02d}" for m in re.finditer(r"(\d{4})[./](\d{1,2})", text)]
    for iso in found:
        parts = iso.split("-")
        if len(parts) >= 2:
            return int(parts[0]), int(parts[1])
    return None


def _doc(u: UnitView) -> str | None:
    return u.passage.chunk.doc_id if u.passage is not None else None
