"""Japanese quantities: counted numbers (17か国, 6,230人, 約3億円) and the counter words.

The one quantity grammar: question analysis reads the counters a question asks for
(何か国, 何名) from :data:`QUESTION_COUNTERS`, the spellings documents use for each are
:data:`COUNTER_VARIANTS`, and :data:`QUANTITY_SPAN` reads counted numbers in a text (with
the other typed spans, by :func:`ingest.ja.spans.typed_spans`).
"""

from __future__ import annotations

import re

#: Counter words and the spellings that mean the same in documents.
COUNTER_VARIANTS: dict[str, tuple[str, ...]] = {
    "か国": ("か国", "カ国", "ヶ国", "ヵ国", "箇国", "ケ国"),
    "人": ("人", "名"),
    "名": ("名", "人"),
    "件": ("件",),
    "回": ("回", "度"),
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
    "キロ": ("km", "キロ", "キロメートル"),
    "トン": ("t", "トン"),
}

#: A counter as a question may write it → the counter of :data:`COUNTER_VARIANTS` it means.
COUNTER_ALIASES: dict[str, str] = {
    "カ国": "か国", "ヶ国": "か国", "ヵ国": "か国", "ケ国": "か国", "箇国": "か国",
    "か所": "カ所", "ヶ所": "カ所", "箇所": "カ所", "ヵ所": "カ所",
    "パーセント": "%", "割合": "%", "何割": "%", "率": "%",
}

#: 「会員企業数は」「参加者数は」: the noun before 数 and the counter its number is written with.
_COUNTED_NOUN = re.compile(r"(人|者|職員|企業|社|件|か国|国|都市|団体|施設|回)数")
_NOUN_COUNTERS = {"人": "人", "者": "人", "職員": "人", "企業": "社", "社": "社", "件": "件", "か国": "か国",
                  "国": "か国", "都市": "都市", "団体": "団体", "施設": "施設", "回": "回"}


def noun_counter(text: str) -> str:
    """The counter a number asked by a noun in ``text`` is written with (企業数 → 社, 参加者数 → 人), or ""."""
    m = _COUNTED_NOUN.search(text)
    return _NOUN_COUNTERS.get(m.group(1), "") if m else ""


#: Counters a question asks for after 何 (何か国, 何名, 何年間).
QUESTION_COUNTERS: tuple[str, ...] = (
    "か国", "カ国", "ヶ国", "ヵ国", "ケ国", "箇国", "人", "名", "件", "回", "カ所", "か所", "ヶ所", "箇所",
    "都市", "社", "団体", "年間", "倍", "円", "本", "つ", "機関", "自治体", "施設", "位",
)

#: Counters documents write after a number (the span grammar's units): people, things,
#: places, times, measures, money and percentages.
SPAN_COUNTERS: tuple[str, ...] = (
    "か国語", "カ国語", "ヶ国語", "か国・地域", "カ国・地域", "の国・地域", "か国", "カ国", "ヶ国", "ヵ国", "箇国", "ケ国",
    "か所", "カ所", "ヶ所", "箇所", "ヵ所", "人", "名", "件", "回", "社", "団体", "都市", "自治体", "機関", "施設", "校",
    "台", "基", "本", "点", "つ", "個", "種類", "種", "倍", "位", "号", "期", "年間", "か月", "カ月", "ヶ月", "日間",
    "時間", "分", "秒", "歳", "度", "世帯", "戸", "軒", "棟", "地域", "km2", "km", "m2", "m3", "m", "kg", "t", "トン", "ha",
    "kWh", "MW", "kW", "L", "リットル", "キロ", "%", "パーセント", "割", "円", "ドル", "ユーロ", "ルピア", "バーツ",
    "ドン", "ペソ", "ウォン", "元",
)
#: Counters of money.
MONEY_COUNTERS: tuple[str, ...] = ("円", "ドル", "ユーロ", "ルピア", "バーツ", "ドン", "ペソ", "ウォン", "元")
#: Counters of shares.
PERCENT_COUNTERS: tuple[str, ...] = ("%", "パーセント", "割")

_GROUPED = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
#: A large number as documents write it: 2億4,500万, 3兆, 15億.
_LARGE = rf"{_GROUPED}(?:兆(?:{_GROUPED})?)?(?:億(?:{_GROUPED})?)?(?:万(?:{_GROUPED})?)?(?:千)?"
_SPAN_UNIT = "|".join(sorted(map(re.escape, SPAN_COUNTERS), key=len, reverse=True))
#: A counted number, approximations and bounds included: 約3万人, 4分の1, 2億4,500万人, 1,651件以上.
QUANTITY_SPAN = re.compile(
    r"(?:約|およそ)?\d+分の\d+"
    rf"|(?:約|およそ|計|合計|延べ|最大|最高|最低|年間|毎年|過去|全|第)?\s*{_LARGE}\s*(?:{_SPAN_UNIT})"
    r"(?:以上|以下|未満|超|程度|前後|余り|余)?"
)


#: The kanji numerals of one to ten, in order.
KANJI_DIGITS = "一二三四五六七八九十"


def small_number(text: str) -> int:
    """A small count as written: Western or full-width digits (「3」「１２」) or one kanji numeral
    from one to ten (「三」). Raises ``ValueError`` for anything else."""
    text = text.strip().translate(_FULL_WIDTH_DIGITS)
    if text.isdigit():
        return int(text)
    if len(text) == 1 and text in KANJI_DIGITS:
        return KANJI_DIGITS.index(text) + 1
    raise ValueError(f"not a small number: {text!r}")


_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
