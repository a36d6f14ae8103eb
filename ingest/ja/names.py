"""Names of places and bodies: the suffixes that end them, and the one comparison form.

``fold`` is how any two spellings are compared (a question against a passage, a name
against a fact's partner): NFKC, no white space, lower case. ``compact`` is the same
without lower-casing, for text whose case matters (numbers and links in a model's reply).
"""

from __future__ import annotations

import re
import unicodedata

#: Suffixes that end the name of an administrative unit (大阪市, 西ジャワ州, 大阪府).
ADMIN_SUFFIXES = ("市", "州", "省", "県", "区", "町", "村", "都", "府")
#: Suffixes that end the name of an organisation (環境局, 国際協力機構, 清掃一部事務組合).
ORG_SUFFIXES = (
    "局", "庁", "委員会", "事務局", "機構", "銀行", "政府", "公社", "協会", "機関", "大学",
    "組合", "センター", "公団", "財団", "研究所", "評議会", "議会",
)

#: Of those, the suffixes of a region a city lies in (西ジャワ州バンドン市), of a city or ward,
#: and of a foreign place written in katakana (マハラシュトラ州, ホーチミン市).
REGION_SUFFIXES = ("州", "県", "省")
CITY_SUFFIXES = ("市", "町", "村", "区")
KATAKANA_PLACE_SUFFIXES = ("市", "州", "省", "県", "都")
#: Suffixes of Japanese local governments: 都道府県 and 市町村.
JAPANESE_GOVERNMENT_SUFFIXES = ("都", "道", "府", "県", "市", "町", "村")

#: Titles and posts that name a person by their role (市長, 大臣, 課長 …), as answers to 「誰」.
ROLE_WORDS = (
    "大臣", "長官", "知事", "市長", "区長", "町長", "村長", "議長", "会長", "社長", "理事長", "委員長", "局長", "部長",
    "課長", "室長", "所長", "館長", "センター長", "代表", "氏", "教授", "博士", "大使", "総裁", "主席", "首相", "大統領",
    "担当", "職員",
)

_ADMIN_AT_END = re.compile("(" + "|".join(ADMIN_SUFFIXES) + ")$")


def suffix_class(suffixes: tuple[str, ...]) -> str:
    """A regex character class of one-character suffixes: ``[州県省]``."""
    return "[" + "".join(suffixes) + "]"


def compact(text: str | None) -> str:
    """NFKC with every white-space character removed."""
    return "".join(unicodedata.normalize("NFKC", text or "").split())


def fold(text: str | None) -> str:
    """The comparison form of ``text``: NFKC, no white space, lower case."""
    return compact(text).lower()


def without_admin_suffix(name: str) -> str:
    """``name`` without one administrative suffix at its end: 大阪市 → 大阪, 大阪府 → 大阪."""
    return _ADMIN_AT_END.sub("", name)
