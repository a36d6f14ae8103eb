"""What the reader knows of a question: its question word, the counter it asks for, the
particle after the question word, and its content terms on each side of it.

Built from the question's mode-A morphemes (:func:`ingest.ja.morphemes.analyse_text`);
pure otherwise. Terms are Sudachi's normalised forms, lower-cased (``key``); an era year is
a term by its Western year (平成25年度 → ``2013``), because units carry the Western year of
every era mention they hold.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from ingest.ja.dates import find_era_years
from ingest.ja.morphemes import FineMorpheme, part_of_speech
from ingest.ja.names import ADMIN_SUFFIXES, ROLE_WORDS
from ingest.ja.quantities import QUESTION_COUNTERS, noun_counter

#: The question-word classes the models know (their index is a categorical feature).
WH_CLASSES = ("none", "when", "who", "where", "quantity", "what", "which", "why", "how", "whatname")

_WH_WORDS = {
    "いつ": "when", "誰": "who", "だれ": "who", "どなた": "who", "どこ": "where", "何処": "where",
    "どれ": "which", "どちら": "which", "どっち": "which", "どの": "which", "いくつ": "quantity", "幾つ": "quantity",
    "いくら": "quantity", "幾ら": "quantity", "なぜ": "why", "何故": "why", "どうして": "why",
    "どう": "how", "どのよう": "how", "どのような": "how", "どんな": "how", "どういう": "how", "どの様": "how",
    "何": "what", "なに": "what", "なん": "what", "何れ": "which",
}
_WHEN_COUNTERS = ("年", "月", "日", "時", "世紀", "年度", "年代", "時代", "曜日")
#: Words that only frame a question (normalised forms): never content terms.
LIGHT_WORDS = frozenset(
    ["為る", "居る", "有る", "成る", "言う", "教える", "下さる", "呉れる", "出来る", "御座る", "思う", "知る", "答える", "貰う", "頂く", "致す", "申す", "参る", "良い", "無い", "事", "物", "の", "よう", "様", "ため", "為", "方", "中", "内容", "くらい", "位", "程度", "どれくらい", "どのくらい", "ください"]
)
CONTENT_POS = ("名詞", "動詞", "形容詞", "形状詞", "接尾辞", "接頭辞")
_KATAKANA_NAME = re.compile(r"[ァ-ヴ][ァ-ヴー・]+")
_ERA_SURFACES = ("平成", "令和", "昭和", "大正", "明治", "元")


def key(m: FineMorpheme) -> str:
    """The comparison form of a morpheme: its normalised form, lower-cased."""
    return m.normalized.lower()


def is_content(m: FineMorpheme) -> bool:
    """A morpheme that carries content (a noun, verb, adjective, affix), not a question word."""
    return _content(m.pos_id, m.normalized)


@lru_cache(maxsize=65536)
def _content(pos_id: int, normalized: str) -> bool:
    pos = part_of_speech(pos_id)
    if pos[0] not in CONTENT_POS:
        return False
    if pos[1] == "非自立可能" and pos[0] in ("動詞", "形容詞", "名詞"):
        return False
    k = normalized.lower()
    return not (k in LIGHT_WORDS or k in _WH_WORDS or k.startswith("何"))


@dataclass(frozen=True)
class Reading:
    """The reader's analysis of a question (``text`` NFKC-normalised)."""

    text: str
    morphemes: tuple[FineMorpheme, ...]
    wh: str = "none"
    #: Morpheme index of the question word (-1: none).
    wh_index: int = -1
    #: The counter after 何 (人, 年, か国 …), or "".
    counter: str = ""
    #: The particle right after the question phrase (に in 何年に), or "".
    wh_particle: str = ""
    #: Content terms just before / after the question phrase.
    before_wh: tuple[str, ...] = ()
    after_wh: tuple[str, ...] = ()
    #: Content terms, in order, and on which side of the question word each stands (-1, +1).
    terms: tuple[str, ...] = ()
    term_side: dict[str, int] = field(default_factory=dict)
    #: Terms that are proper nouns or numbers (Western years included).
    proper: frozenset[str] = frozenset()
    #: The question's last content verb or verbal noun (締結 of 「いつ締結されましたか」).
    predicate: str = ""
    #: Names of places the question writes with their suffix (A市, ルナ市, 西ジャワ州).
    places: tuple[str, ...] = ()
    #: The noun whose kind the question asks (局 of 「どの局」「局はどこ」, 技術 of 「技術は何」,
    #: 職員 of 「どこの職員」), as written; "" when it asks none.
    asked_noun: str = ""

    @property
    def wh_class(self) -> int:
        return WH_CLASSES.index(self.wh)


_WHICH_WHERE = re.compile(r"(国|県|市|町|村|都市|地域|州|場所|建物|会場|地方|大陸|島)")
_WHICH_WHO = re.compile(r"(人|人物|方)")
#: Nouns whose 「…は何」 asks for a person: 「名前は何ですか」「氏名は何ですか」.
_PERSON_NOUNS = ("名前", "氏名", "お名前", "人名")
_WHICH_WHEN = re.compile(r"(年|時期|時代|月|日)")
_WHICH_QUANTITY = re.compile(r"(くらい|程度|位)")
_NO_WH = (
    (re.compile(r"割合|比率|人数|件数|総数|者数|社数|企業数|会員数|職員数|団体数|か国数|国数|都市数|施設数|回数|金額|費用|予算|何割|の数(?:を|は|に)|いくつ|幾つ"), "quantity"),
    (re.compile(r"時期|年月日|日付|期間"), "when"),
    (re.compile(r"氏名|人物|(?:執筆|担当|代表|責任|作成|発表|講演)者(?:は|を|が)|著者|講師(?:は|を|が)"), "who"),
    (re.compile(r"場所|所在地|住所|開催地|開催国|開催都市|会場|訪問先|視察先|派遣先"), "where"),
    (re.compile(r"とは|意味"), "how"),
    (re.compile(r"理由"), "why"),
)


def read_question(text: str, morphemes: tuple[FineMorpheme, ...]) -> Reading:
    """The reader's analysis of ``text`` from its mode-A ``morphemes``."""
    text = unicodedata.normalize("NFKC", text)
    ms = morphemes
    surface = [text[m.start : m.end] for m in ms]
    wh, wi, counter = "none", -1, ""
    for i, m in enumerate(ms):
        s = surface[i]
        cls = _WH_WORDS.get(s) or _WH_WORDS.get(m.normalized)
        if cls is None and s.startswith("何") and len(s) > 1:  # 何人, 何年 as one unit
            cls, counter = "what", s[1:]
        if cls is None:
            continue
        if "".join(surface[i + 1 : i + 3]).startswith(("でも", "も")) and cls in ("where", "when", "who"):
            continue  # 「世界中どこでも」「いつでも」: not a question word
        if cls == "what":
            cls, counter = _what_class(ms, surface, i, counter)
        if cls == "which" and i + 1 < len(ms):
            cls = _which_class(surface[i + 1])
        wh, wi = cls, i
        break
    if wh == "none":
        wh = next((cls for pattern, cls in _NO_WH if pattern.search(text)), "none")
        if wh == "none" and asks_persons_name(text):
            wh = "who"
        if wh == "quantity":
            counter = noun_counter(text)
    elif wh == "what" and wi > 0 and surface[wi - 1] in ("は", "を") and wi > 1 and surface[wi - 2] in _PERSON_NOUNS \
            and asks_persons_name(text):
        wh = "who"  # 「ケソン市長の名前は何ですか」 asks a person; 「鉄道の名前は何か」 does not
    end = _wh_end(ms, surface, wi, counter)
    particle = surface[end + 1] if wi >= 0 and end + 1 < len(ms) and ms[end + 1].pos[0] == "助詞" else ""
    terms: list[str] = []
    side: dict[str, int] = {}
    proper: set[str] = set()
    for i, m in enumerate(ms):
        if wi >= 0 and wi <= i <= end:
            continue
        if not is_content(m):
            continue
        k = key(m)
        if k not in side:
            terms.append(k)
            side[k] = -1 if (wi < 0 or i < wi) else 1
        if m.pos[1] in ("固有名詞", "数詞"):
            proper.add(k)
    for era in find_era_years(text):
        inside = {key(m) for m in ms if era.start <= m.start < era.end and (m.pos[1] == "数詞" or surface[ms.index(m)] in _ERA_SURFACES)}
        terms = [t for t in terms if t not in inside]
        western = str(era.western)
        if western not in side:
            terms.append(western)
            side[western] = -1 if (wi < 0 or era.start < ms[wi].start) else 1
        proper.add(western)
    before = tuple([key(m) for m in ms[max(0, wi - 4) : wi] if is_content(m)][-3:]) if wi > 0 else ()
    after = tuple([key(m) for m in ms[end + 1 : end + 6] if is_content(m)][:3]) if wi >= 0 else ()
    predicate = ""
    for m in ms:
        if key(m) in LIGHT_WORDS:
            continue
        if m.pos[0] == "動詞" or (m.pos[0] == "名詞" and m.pos[2] == "サ変可能"):
            predicate = key(m)
    places = tuple(dict.fromkeys(
        surface[i] + surface[i + 1]
        for i in range(len(ms) - 1)
        if surface[i + 1] in ADMIN_SUFFIXES
        and (ms[i].pos[1] == "固有名詞" or (surface[i].isascii() and surface[i].isalpha()) or _KATAKANA_NAME.fullmatch(surface[i]))
    ))
    return Reading(
        text=text, morphemes=tuple(ms), wh=wh, wh_index=wi, counter=counter, wh_particle=particle,
        before_wh=before, after_wh=after, terms=tuple(terms), term_side=side, proper=frozenset(proper),
        predicate=predicate, places=places, asked_noun=asked_noun(ms, surface, wi, end) if not counter else "",
    )


#: What may stand between a modifying question word and the noun it asks the kind of
#: (「どこの職員」「何という川」「どういった会議体」「どのような都市形成」).
_TO_NOUN = ("の", "と", "いう", "言う", "いっ", "た", "よう", "様", "な", "ような")
#: Question words that modify the noun they ask about.
_MODIFYING = ("どの", "どんな", "どのような", "どういう", "どう", "どこ", "何", "なに", "なん", "いずれ", "何れ", "どちら")
#: Nouns too light to ask a kind of (「…ものですか」「何のことか」).
_LIGHT_NOUNS = frozenset(["もの", "物", "こと", "事", "ところ", "所", "方", "点", "の", "ため", "場合", "一つ", "ひとつ"])


def asked_noun(ms, surface, wi: int, end: int) -> str:
    """The noun whose kind the question asks, as one compound: the noun a question word
    modifies (「どの局」 → 局, 「どのような都市形成」 → 都市形成, 「どこの職員」 → 職員), else the noun
    the question word is said of (「技術は何ですか」 → 技術, 「日本の自治体はどこ」 → 自治体); "" when
    there is none."""
    if wi < 0:
        return ""
    j = end + 1
    if surface[wi] in _MODIFYING:
        k = j
        while k < len(ms) and k - j < 4 and surface[k] in _TO_NOUN and ms[k].pos[0] != "名詞":
            k += 1
        first = k
        while k < len(ms) and k - first < ASKED_NOUN_PARTS and _kind_part(ms[k]):
            k += 1
        head = "".join(surface[first:k])
        if head and surface[k - 1] not in _LIGHT_NOUNS and k > j:
            return head
    said_of = j >= len(ms) or surface[j] not in _CASE_PARTICLES  # 「技術は何ですか」, not 「ソラ市は何をしたか」
    if said_of and wi >= 2 and surface[wi - 1] in ("は", "が", "って") and _kind_part(ms[wi - 2]):
        first = wi - 2
        while first > 0 and wi - 1 - first < ASKED_NOUN_PARTS and _kind_part(ms[first - 1]):
            first -= 1
        named = first > 0 and ms[first - 1].pos[1] == "固有名詞"  # 「ソラ市は」: a name, not a kind
        if surface[wi - 2] not in _LIGHT_NOUNS and not named:
            return "".join(surface[first : wi - 1])
    return ""


#: The most morphemes an asked noun is read with (「都市形成」「自治体」「会議体」).
ASKED_NOUN_PARTS = 3


def _kind_part(m) -> bool:
    """A morpheme of a common noun compound: a noun or a suffix, no name or number."""
    return m.pos[0] in ("名詞", "接尾辞") and m.pos[1] not in ("数詞", "固有名詞")


#: Particles that make the question word an argument of the verb, not what is said of a noun.
_CASE_PARTICLES = ("を", "が", "に", "で", "と", "から", "へ", "も", "より", "まで")


#: 「市長の名前」「担当者の氏名」: a person's name; 「鉄道の名前」 is a thing's.
_PERSONS_NAME = re.compile(
    "(?:" + "|".join(sorted(ROLE_WORDS, key=len, reverse=True)) + r"|人|者|人物|方|首相|大統領|大使|大臣|知事|議員|社長|会長|選手|作家|建築家)の(?:お?名前|名)(?!称)"
    r"|氏名|人名|お名前|フルネーム|姓名|下の名前"
)


def asks_persons_name(text: str) -> bool:
    """Whether ``text`` asks a person's name (「市長の名前」「氏名」), not a thing's (「鉄道の名前」)."""
    return bool(_PERSONS_NAME.search(text))


def _what_class(ms, surface, i: int, counter: str) -> tuple[str, str]:
    """何 followed by a counter asks when (何年) or how many (何人, 何万人, 何億円); 何という asks a name."""
    k = i + 1
    while k < len(ms) and surface[k] in _MAGNITUDES:
        k += 1
    if counter in _MAGNITUDES or k > i + 1:  # 「何万人」「何 億 円」: the counter after the magnitude
        after = surface[k] if k < len(ms) else ""
        counter = after if after and (ms[k].pos[2] == "助数詞可能" or _is_counter(after)) else ""
        if counter:
            return "quantity", counter
    nxt = ms[i + 1] if i + 1 < len(ms) else None
    if not counter and nxt is not None and nxt.pos[0] in ("名詞", "接尾辞") and surface[i + 1] != "か":
        counter = surface[i + 1] if nxt.pos[2] == "助数詞可能" or _is_counter(surface[i + 1]) else ""
    elif counter and not _is_counter(counter):
        counter = ""  # 何党, 何色, 何語: what kind, not how many
    if not counter and nxt is not None and surface[i + 1] == "か" and i + 2 < len(ms) and surface[i + 2] in ("国", "国語", "所", "月"):
        counter = "か" + surface[i + 2]
    if counter:
        return ("when" if counter.startswith(_WHEN_COUNTERS) else "quantity"), counter
    if nxt is not None and surface[i + 1] == "と" and i + 2 < len(ms) and ms[i + 2].normalized == "言う":
        return "whatname", counter
    return "what", counter


#: Orders of magnitude between 何 and its counter (「何万人」「何億円」).
_MAGNITUDES = ("十", "百", "千", "万", "億", "兆")

#: Words after 何 that count (何人, 何年, 何団体, 何種類); any other noun asks what kind (何前線, 何反応).
_COUNTERS = frozenset(QUESTION_COUNTERS) | frozenset(_WHEN_COUNTERS) | {"種類", "番", "か月", "カ月", "ヶ月", "%", "条", "章", "度", "歳", "階", "位"}


def _is_counter(word: str) -> bool:
    return word in _COUNTERS or any(word.startswith(c) and len(word) - len(c) <= 1 for c in ("か国", "カ国", "ヶ国", "年", "月", "日"))


def _which_class(following: str) -> str:
    """どの + noun asks where (どの国), who (どの人), when (どの時期) or how much (どの程度)."""
    if _WHICH_WHERE.match(following):
        return "where"
    if _WHICH_WHO.match(following):
        return "who"
    if _WHICH_WHEN.match(following):
        return "when"
    if _WHICH_QUANTITY.match(following):
        return "quantity"
    return "which"


def _wh_end(ms, surface, wi: int, counter: str) -> int:
    """The last morpheme of the question phrase (何 + its counter: 何 / か / 国)."""
    end = wi
    if wi < 0:
        return end
    while end + 1 < len(ms) and ms[end + 1].pos[0] in ("名詞", "接尾辞") and end - wi < 2 and not is_content(ms[end + 1]):
        end += 1
    if counter and end == wi:
        written, j = "", wi + 1
        while j < len(ms) and len(written) < len(counter) and counter.startswith(written + surface[j]):
            written += surface[j]
            j += 1
        if written == counter:
            end = j - 1
    return end
