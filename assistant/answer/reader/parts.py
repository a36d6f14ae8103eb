"""What a question asks for, part by part, and the typed spans of a unit that fill each part.

「何件、何か国、約何名ですか」 asks three counted numbers; 「国の数と件数は」 two; 「実施期間は
いつからいつまで」 a period; 「何年何月何日」 a date to the day. The span scorer ranks single
spans; for questions like these the short answer is made of the unit's typed spans
(:mod:`ingest.ja.spans`) that fill the parts, in the order the unit states them.

Pure functions over the question's text and a unit's text.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from assistant.answer.reader.features import typed_spans
from ingest.ja.dates import Span

#: Kinds of typed span that answer each kind of part.
FILLERS = {
    "period": ("period",),
    "date": ("date", "period"),
    "quantity": ("quantity", "money", "percent", "number"),
    "percent": ("percent",),
    "phone": ("phone",),
}


@dataclass(frozen=True)
class Part:
    """One thing the question asks for: ``kind`` (period, date, quantity, percent, phone), the
    counter a quantity is counted in (件, 国, 人 …; "" for any), the finest unit of a date
    (日, 月, 年; "" for any), and where the question asks it (for their order)."""

    kind: str
    counter: str = ""
    precision: str = ""
    at: int = 0


#: Counters written several ways, by the form they are compared in.
_COUNTER_FORMS = {"か国": "国", "カ国": "国", "ヶ国": "国", "ヵ国": "国", "ケ国": "国", "ヶ所": "所", "か所": "所",
                  "カ所": "所", "箇所": "所", "名": "人"}
_COUNTER = (
    r"(?:か国語|カ国語|ヶ国語|か国|カ国|ヶ国|ヵ国|ケ国|か所|カ所|ヶ所|箇所|か月|カ月|ヶ月|件|人|名|回|社|団体|都市|自治体|"
    r"機関|施設|校|台|基|世帯|種類|言語|部|冊|本|点|個|倍|円|万円|億円|トン|t|km|ha|%|パーセント|割|市|町|村|区|"
    r"時間|日間|年間)"
)
_PERIOD = re.compile(
    r"いつからいつまで|いつ(?:から|〜|~)[^、。?？]{0,6}まで|何年(?:度)?(?:何月)?から何年(?:度)?(?:何月)?まで"
    r"|期間|何年間"
)
_DATE = re.compile(
    r"何年何月何日|何年何月|何月何日|何日|何月|何年(?!間|度から)|いつ|年月日|日付|時期|(?<![\d元])年度(?=は|を|と|$|\?|？)"
)
#: A counter is not one when a noun goes on after it (「何人組」), but is before a verb (「何回行った」).
_VERB_AFTER = "っいうえおかきくけこさしすせそたちつてなぬねまみむめもりるれろわ"
_QUANTITY = re.compile(rf"(?:約|およそ)?何\s*(?P<counter>{_COUNTER})(?![\u4e00-\u9fff](?![{_VERB_AFTER}]))")
#: Nouns that ask for a number: 「件数」「国の数」「人数」, and a share.
_NOUN_QUANTITY = re.compile(
    r"(?P<counter>件|人|者|国|都市|団体|社|回|か国)(?:の)?数(?![値字学])"
    r"|(?P<any>(?:自治体|企業|団体|機関|施設|参加者|会員|職員)数|数値|目標値|総数|金額|費用|予算)"
)
_NOUN_PERCENT = re.compile(r"割合|比率|何割|何パーセント|何%")
_PHONE = re.compile(r"電話番号|FAX番号|ファクス番号|ファックス番号|電話|FAX|ファクス|ファックス", re.IGNORECASE)


def asked_parts(question: str) -> tuple[Part, ...]:
    """The parts ``question`` asks for, in the order it asks them (empty: none of these kinds)."""
    text = unicodedata.normalize("NFKC", question)
    parts: list[Part] = []
    taken: list[tuple[int, int]] = []

    def add(part: Part, start: int, end: int) -> None:
        if any(a < end and start < b for a, b in taken):
            return
        taken.append((start, end))
        # 「期間はいつからいつまで」 asks one period, 「件数は何件」 one number.
        if not any(p.kind == part.kind and (p.kind == "period" or (p.kind == "quantity" and p.counter == part.counter))
                   for p in parts):
            parts.append(part)

    for m in _PERIOD.finditer(text):
        add(Part("period", at=m.start()), m.start(), m.end())
    for m in _PHONE.finditer(text):
        label = "FAX" if re.match(r"FAX|ファ", m.group(0), re.IGNORECASE) else "電話"
        add(Part("phone", counter=label, at=m.start()), m.start(), m.end())
    for m in _NOUN_PERCENT.finditer(text):
        add(Part("percent", at=m.start()), m.start(), m.end())
    for m in _DATE.finditer(text):
        written = m.group(0)
        precision = "日" if "日" in written else "月" if "月" in written else "年" if "年" in written else ""
        add(Part("date", precision=precision, at=m.start()), m.start(), m.end())
    for m in _QUANTITY.finditer(text):
        counter = m.group("counter")
        if counter.startswith(("年", "月", "日")):
            continue
        add(Part("quantity", counter=counter_form(counter), at=m.start()), m.start(), m.end())
    for m in _NOUN_QUANTITY.finditer(text):
        add(Part("quantity", counter=counter_form(m.group("counter") or ""), at=m.start()), m.start(), m.end())
    return tuple(sorted(parts, key=lambda p: p.at))


def counter_form(counter: str) -> str:
    """The form a counter is compared in: か国/ヶ国 → 国, 名 → 人, 者 → 人."""
    counter = counter.strip()
    if counter in ("者",):
        return "人"
    return _COUNTER_FORMS.get(counter, counter)


def fills(part: Part, span: Span) -> bool:
    """Whether the typed ``span`` answers ``part``."""
    if span.kind not in FILLERS.get(part.kind, ()):
        return False
    if part.kind == "quantity" and part.counter:
        written = re.sub(r"(?:以上|以下|未満|超|程度|前後|余り|余)$", "", span.text)
        return any(written.endswith(form) for form in _forms(part.counter))
    if part.kind == "date" and part.precision == "日":
        return "日" in span.text or bool(re.search(r"\d[./]\d{1,2}[./]\d", span.text))
    if part.kind == "date" and part.precision == "月":
        return "月" in span.text or bool(re.search(r"\d[./]\d", span.text))
    return True


FAX_LABEL = re.compile(r"FAX|ファクス|ファックス", re.IGNORECASE)


def _forms(counter: str) -> tuple[str, ...]:
    """Every way ``counter`` (in its compared form) is written."""
    written = [w for w, form in _COUNTER_FORMS.items() if form == counter]
    return (counter, *written)


def fill_parts(parts: tuple[Part, ...], text: str, near: int = 0) -> list[Span] | None:
    """A typed span of ``text`` for each part, in the order ``text`` states them; None unless
    every part is filled, each by a different span. The first part takes the span nearest
    the offset ``near``; each later one the nearest after the span before it (texts state
    「実施国:39か国 件数:17件」 in the order a question asks 「国の数と件数」), else before it."""
    spans = typed_spans(text)
    chosen: list[Span] = []
    for part in parts:
        free = [s for s in spans if fills(part, s) and s not in chosen]
        if not free:
            return None
        label = FAX_LABEL.search(text) if part.kind == "phone" and part.counter == "FAX" else None
        if label is not None:  # 「TEL 06-… FAX 06-…」: the number after its label
            span = min(free, key=lambda s: (s.start < label.end(), abs(s.start - label.end())))
        elif chosen:
            last = chosen[-1].start
            span = min(free, key=lambda s: (s.start < last, abs(s.start - last)))
        else:
            span = min(free, key=lambda s: (abs(s.start - near), s.start))
        chosen.append(span)
    return sorted(chosen, key=lambda s: s.start)
