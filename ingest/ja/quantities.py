"""Japanese quantities: counted numbers (17か国, 6,230人, 約3億円) and the counter words.

The one quantity grammar: question analysis reads the counters a question asks for
(何か国, 何名) from :data:`QUESTION_COUNTERS`, and :func:`quantity_spans` finds numbers
with one of those counters (in any of its spellings, :data:`COUNTER_VARIANTS`) in a sentence.
"""

from __future__ import annotations

import re

from ingest.ja.dates import Span

#: Counter words and the spellings that mean the same in documents.
COUNTER_VARIANTS: dict[str, tuple[str, ...]] = {
    "か国": ("か国", "カ国", "ヶ国", "ヵ国", "箇国", "ケ国"),
    "人": ("人", "名"),
    "名": ("名", "人"),
    "件": ("件",),
    "回": ("回",),
    "%": ("%", "パーセント"),
    "カ所": ("カ所", "か所", "ヶ所", "箇所", "ヵ所"),
    "都市": ("都市",),
    "社": ("社",),
    "団体": ("団体",),
    "年間": ("年間",),
    "倍": ("倍",),
    "円": ("円", "億円", "万円", "兆円"),
    "本": ("本",),
    "つ": ("つ",),
    "機関": ("機関",),
    "自治体": ("自治体",),
    "施設": ("施設",),
    "位": ("位",),
}

#: A counter as a question may write it → the counter of :data:`COUNTER_VARIANTS` it means.
COUNTER_ALIASES: dict[str, str] = {
    "カ国": "か国", "ヶ国": "か国", "ヵ国": "か国", "ケ国": "か国", "箇国": "か国",
    "か所": "カ所", "ヶ所": "カ所", "箇所": "カ所", "ヵ所": "カ所",
    "パーセント": "%", "割合": "%", "何割": "%", "率": "%",
}

#: Counters a question asks for after 何 (何か国, 何名, 何年間).
QUESTION_COUNTERS: tuple[str, ...] = (
    "か国", "カ国", "ヶ国", "ヵ国", "ケ国", "箇国", "人", "名", "件", "回", "カ所", "か所", "ヶ所", "箇所",
    "都市", "社", "団体", "年間", "倍", "円", "本", "つ", "機関", "自治体", "施設", "位",
)

#: A number as documents write it: 約1,200 / およそ3.5.
NUMBER = r"(?:約|およそ)?\d[\d,]*(?:\.\d+)?"
#: Counters of any counted number, when a question names none.
_ANY_COUNTER = r"%|か国|カ国|ヶ国|人|名|件|回|カ所|か所|都市|社|団体|倍|億円|万円|円|t|トン|km2?"


def quantity_spans(text: str, counters: tuple[str, ...]) -> list[Span]:
    """Numbers followed by one of ``counters`` (any spelling); any counted number when none given."""
    variants = [v for c in counters for v in COUNTER_VARIANTS.get(c, (c,))]
    if variants:
        unit = "|".join(sorted({re.escape(v) for v in variants}, key=len, reverse=True))
    else:
        unit = _ANY_COUNTER
    pattern = re.compile(rf"{NUMBER}\s*(?:{unit})")
    spans = []
    for m in pattern.finditer(text):
        if text[m.end() : m.end() + 1] in ("年", "月", "日") and not variants:
            continue
        spans.append(Span(m.start(), m.end(), m.group(0), "quantity"))
    return spans
