"""Follow-up questions: carry the earlier turns' subjects into retrieval.

「それはいつ更新されましたか？」 after 「大阪市とケソン市の覚書はいつ締結されましたか？」
is retrieved as 「大阪市 ケソン市 覚書 それはいつ更新されましたか？」: the entities and
key terms of the last user turn are prepended when the new question points back
(それ, その, 同…) or names no entity of its own. 「それぞれ…」 (or 「その3つ目の…」) after an
answer that listed items (「「A」と「B」の2つです」) carries those items (or the third) too.
"""

from __future__ import annotations

import re

from assistant.answer.analysis import extract_entities, key_terms, language_of
from assistant.answer.base import ResolvedQuestion
from ingest.ja.dates import find_era_years, to_era
from ingest.ja.quantities import small_number

_ANAPHORA = re.compile(r"(それ|その|これ|この|あれ|あの|同(市|協定|覚書|事業|年|センター)|当該|上記|前述|そちら|\b(it|its|that|they|them|this)\b)", re.I)
#: A question about each item of the list the previous answer gave, or about the Nth of them.
_EACH = re.compile(r"それぞれ|各々|おのおの|(?P<nth>\d+|[一二三四五六七八九])つ目|\b(?:each|respectively)\b", re.I)
#: The items of an answer: what it quotes in brackets (「官民連携による国際展開」と「…」の2つです).
_QUOTED_ITEM = re.compile(r"[「『]([^「」『』]{2,40})[」』]")


def needs_context(question: str) -> bool:
    return bool(_ANAPHORA.search(question) or _EACH.search(question)) or not extract_entities(question)


def listed_items(answer: str) -> list[str]:
    """The items of a list an answer gave: those it quotes in brackets, else its bullet lines."""
    quoted = list(dict.fromkeys(_QUOTED_ITEM.findall(answer)))
    if len(quoted) >= 2:
        return quoted
    lines = [re.sub(r"^[\s\-・•*]+", "", line).strip() for line in answer.splitlines() if re.match(r"^\s*[\-・•*]\s*\S", line)]
    return [re.sub(r"\s*\[\d+\]$", "", line) for line in lines if line][:10]


def items_asked(question: str, turns: tuple[dict, ...]) -> list[str]:
    """For 「それぞれ…」 after an answer that listed items, those items; for 「その3つ目の…」 the third."""
    m = _EACH.search(question)
    if m is None:
        return []
    answer = next((str(t.get("content", "")) for t in reversed(turns) if t.get("role") == "assistant"), "")
    items = listed_items(answer)
    if len(items) < 2:
        return []
    nth = m.group("nth")
    if nth:
        n = small_number(nth)
        return [items[n - 1]] if 0 < n <= len(items) else []
    return items


#: A year named relative to the one the conversation is about: 「その前の年度」「前年度」「翌年」「その次の年」.
_RELATIVE_YEAR = re.compile(r"(?:その)?(?:(?P<step>前|翌)(?P<unit>年度|年)(?![比間])|(?P<step2>前|次|翌)の(?P<unit2>年度|年)(?![比間]))")
_WESTERN_YEAR = re.compile(r"(?<!\d)(?P<year>1[89]\d\d|20\d\d)\s*年(?P<fiscal>度)?")


def absolute_year(question: str, turns: tuple[dict, ...]) -> str:
    """The question with a year named relative to the earlier turns' made absolute, in their
    calendar: 「その前の年度は何人」 after 「平成25年度に…」 is 「平成24年度は何人」."""
    m = _RELATIVE_YEAR.search(question)
    if m is None:
        return question
    # The user's own turns first: an answer quotes passages that name many years.
    ordered = [t for t in reversed(turns) if t.get("role") == "user"] + [t for t in reversed(turns) if t.get("role") != "user"]
    said = next((year for t in ordered if (year := _last_year(str(t.get("content", ""))))), None)
    if said is None:
        return question
    western, era = said
    step = -1 if (m.group("step") or m.group("step2")) == "前" else 1
    unit = m.group("unit") or m.group("unit2")
    written = _spelled(western + step, era)
    return question[: m.start()] + written + unit + question[m.end():]


def _last_year(text: str) -> tuple[int, str | None] | None:
    """The last year a turn names: its Western year, and its era when it is written in one."""
    found = [(e.start, e.western, e.era) for e in find_era_years(text)]
    found += [(w.start(), int(w.group("year")), None) for w in _WESTERN_YEAR.finditer(text)]
    if not found:
        return None
    _, western, era = max(found)
    return western, era


def _spelled(western: int, era: str | None) -> str:
    """A Western year as the conversation wrote its years: in its era (the next one when the era
    ended: 平成31 → 令和2), else Western."""
    if era is None:
        return str(western)
    spellings = [s for s in to_era(western) if not re.search(r"\D1$", s)]  # 令和元, not 令和1
    same = [s for s in spellings if s.startswith(era)]
    return (same or spellings or [str(western)])[-1]


def resolve_followup(question: str, history: list[dict]) -> ResolvedQuestion:
    """The question with the previous user turns' entities carried in when it needs them (and a
    year it names relative to theirs made absolute)."""
    turns = tuple(dict(t) for t in history if isinstance(t, dict))
    pointing_back = needs_context(question)  # 「その前の年度は」 points back before its year is made absolute
    question = absolute_year(question, turns) if turns else question
    language = language_of(question)
    if not turns or not pointing_back:
        return ResolvedQuestion(question=question, retrieval_query=question, history=turns, language=language)
    # The items of the previous answer a question about each of them (or the Nth) asks about.
    carried: list[str] = [item for item in items_asked(question, turns) if item not in question]
    for turn in reversed(turns):
        if turn.get("role") != "user":
            continue
        content = str(turn.get("content", ""))
        found = [t for t in extract_entities(content) + key_terms(content) if t not in carried and t not in question]
        carried.extend(dict.fromkeys(found))
        if found:
            break
    if not carried:
        return ResolvedQuestion(question=question, retrieval_query=question, history=turns, language=language)
    return ResolvedQuestion(
        question=question,
        retrieval_query=" ".join(carried) + " " + question,
        carried=tuple(carried),
        history=turns,
        language=language,
    )
