"""Definition questions (「XとはY」「Xの意味」): the units that begin with the asked term are
read first, and what a defining unit says its term is becomes the short answer.
"""

from __future__ import annotations

import re

from assistant.answer.reader.question import Reading
from assistant.answer.reader.quotes import BULLET
from assistant.answer.reader.short import SHORT_ANSWER_CHARS
from assistant.answer.reader.units import UnitView
from ingest.footnotes import NOTE

_DEFINITION_Q = re.compile(r"(?:とは|って)(?:何|なに|どのような|どんな|どういう)|の意味|何の略|とは$")


_DEFINES = re.compile(r"^(?:[\s\-・○●•※\d]*)(?P<term>[^、。]{1,40}?)(?:\((?P<alias>[^()]{1,60})\))?(?:とは|は|:|：|・・・)、?\s*(?P<body>.+?)(?:である|です|のこと|を指す|をいう|という)?[。.]?$")


def is_definition_question(q: Reading) -> bool:
    return bool(_DEFINITION_Q.search(q.text))


#: 「基本理念 ~グローバルな貢献と地域のアクションを結ぶ~」: a heading that names its term, then says it.
_TITLED = re.compile(r"^(?:[\s\-・○●•※\d]*)(?P<term>[^~〜～、。]{1,30}?)\s*[~〜～]\s*(?P<body>[^~〜～]{2,80}?)\s*[~〜～]\s*$")


_MARKUP = re.compile(r"\*\*|__")


def definition(q: Reading, u: UnitView) -> str | None:
    """What a defining unit says its term is: 「AAA都市は、…に取り組む地方自治体。」 → 「…に取り組む地方自治体」,
    「三能原則:複製可能、…」 → 「複製可能、…」, 「基本理念 ~…~」 → 「…」, when the unit's term is one
    the question asks about."""
    display = re.sub(r"\s*\n\s*", "", _MARKUP.sub("", u.display.strip()))  # a sentence the PDF broke across lines
    note = _note(q, u)
    if note is not None:
        return note
    m = _TITLED.match(display) or _DEFINES.match(display)
    if m is None:
        return None
    term = m.group("term") + " " + (m.groupdict().get("alias") or "")  # 「…事業(…,IURC)は」 names IURC too
    asked = [t for t in q.before_wh or q.terms]
    if not any(t in term.lower() for t in asked):
        return None
    return _fit(m.group("body").strip())


def defined(q: Reading, units: list[UnitView], quotes: list[int]) -> str | None:
    """What the first two quotes say the asked term is; an abbreviation's full name followed by
    what the next footnote on it says (「水・環境ソリューションハブ:…国土交通省が…発足させたネットワーク」)."""
    found = [(i, d) for i in quotes[:2] if (d := definition(q, units[i]))]
    if not found:
        return None
    i, text = found[0]
    if text == units[i].lead:  # the full name of the abbreviation asked (「略称は「WES Hub」」)
        said = next((_fit(body) for j in quotes[1:3]
                     if is_note(units[j]) and units[j].lead == text and not _ALIAS.match(body := _note_body(units[j]))), None)
        if said and len(text) + 1 + len(said) <= SHORT_ANSWER_CHARS:
            return f"{text}:{said}"
    return text


#: A note that only gives its term another name (「略称は「WES Hub」」): no definition.
_ALIAS = re.compile(r"^\s*(?:略称|通称|英語名|英名|愛称)")


#: A definition that goes on after saying what its term is: 「…の交流・協力事業で、欧州都市と…」.
_COPULA_ON = re.compile(r"(?<=[^\s、。])(?:で|であり)、")


def _fit(body: str) -> str | None:
    """A definition as a short answer: whole when it fits, else its last clauses that do (the
    genus a Japanese definition ends with: 「…を提供するため、国土交通省が…発足させたネットワーク」)."""
    body = re.sub(r"[。.]$", "", body.strip())
    said = _COPULA_ON.split(body, maxsplit=1)[0]  # 「YはZ事業で、…を行うもの」: what it is comes first
    if len(body) > SHORT_ANSWER_CHARS and len(said) >= 4:
        body = said
    if len(body) <= SHORT_ANSWER_CHARS:
        return body if len(body) >= 2 else None
    clauses = body.split("、")
    for k in range(1, len(clauses)):
        tail = "、".join(clauses[k:])
        if len(tail) <= SHORT_ANSWER_CHARS:
            return tail if len(tail) >= 4 else None
    return None


def _note(q: Reading, u: UnitView) -> str | None:
    """What a footnote says of the term it glosses (its ``lead``): its text, when the question
    asks about that term; the term itself, when the question asks about another name the note
    gives it (「略称は「WES Hub」」)."""
    if not is_note(u):
        return None
    term = asked_term(q)
    if not term:
        return None
    folded = _squeeze(term)
    body = _note_body(u)
    if folded in _squeeze(u.lead):
        return None if _ALIAS.match(body) else _fit(body)
    return u.lead if folded in _squeeze(body) else None


def _note_body(u: UnitView) -> str:
    """A footnote's text without its mark (「※2 下水道分野において…」 → 「下水道分野において…」)."""
    return NOTE.sub("", u.display.strip()).strip()


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text).lower()


def glosses(u: UnitView, term: str) -> bool:
    """Whether ``u`` is a footnote on ``term``: it glosses it, or names it (an abbreviation)."""
    return is_note(u) and (_squeeze(term) in _squeeze(u.lead) or _squeeze(term) in _squeeze(u.display))


def is_note(u: UnitView) -> bool:
    """A sentence of a footnote: read with the term the note glosses (:mod:`ingest.footnotes`)."""
    return u.kind in ("sentence", "item") and bool(u.lead)


def asked_term(q: Reading) -> str | None:
    """The term a definition question asks about: 「三能原則」 of 「天津中新生態城の「三能原則」とは何ですか」,
    「WES Hub」 of 「WES Hubとは何ですか」."""
    m = re.search(r"[「『]([^」』]{1,30})[」』](?:と|って|の意味|は)", q.text) or re.search(r"([^\s、。の「」]{2,30})(?:とは|って)", q.text)
    if m is None:
        return None
    # 「水・環境ソリューションハブ(WES Hub)」: the name, not its abbreviation in brackets.
    return re.sub(r"\s*[(（][^()（）]{1,20}[)）]$", "", m.group(1)) or m.group(1)


def defining_first(q: Reading, units: list[UnitView], order: list[int], depth: int = 10) -> list[int]:
    """For a definition question, the best units that begin with the asked term (a label line,
    「X とは」, 「X は」) or are a footnote on it first."""
    if not is_definition_question(q):
        return order
    term = asked_term(q)
    if not term:
        return order
    folded = re.sub(r"\s+", "", term)

    def begins(i: int) -> bool:
        head = re.sub(r"\s+", "", BULLET.sub("", _MARKUP.sub("", units[i].display)))[: len(folded) + 4]
        return head.startswith((folded, "「" + folded))

    head = [i for i in order[:depth] if begins(i) or glosses(units[i], term)]
    return head + [i for i in order if i not in head] if head else order
