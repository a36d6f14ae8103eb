"""Question analysis: what kind of answer is wanted, about what, and when.

Pure functions over the question text (Sudachi supplies parts of speech). The
result drives span extraction: a ``date`` question wants a date span, a
``quantity`` question a number with one of the counters asked for, a ``list``
question every item across the corpus.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from assistant.answer.reader.question import Reading, read_question
from ingest.ja.dates import find_era_years
from ingest.ja.morphemes import FineMorpheme, Morpheme, analyse_text
from ingest.ja.names import ADMIN_SUFFIXES, KATAKANA_PLACE_SUFFIXES, ORG_SUFFIXES, suffix_class
from ingest.ja.quantities import COUNTER_ALIASES, QUESTION_COUNTERS

_QUANTITY_Q = re.compile(
    rf"何\s*({'|'.join(QUESTION_COUNTERS)})"
    r"|(割合|何割|比率|パーセント|率は)"
    r"|(どれくらい|どのくらい|いくつ|幾つ|いくら|何個|数は)"
    r"|\bhow (many|much)\b|\bpercentage\b|\bnumber of\b",
    re.I,
)
_DATE_Q = re.compile(r"いつ|何年|何月|何日|年月日|時期|\bwhen\b|\bwhat year\b|\bwhich year\b|\bdate\b", re.I)
_PERSON_Q = re.compile(r"誰|だれ|どなた|\bwho\b|氏名|人物", re.I)
_PLACE_Q = re.compile(r"どこで|どこに|どこへ|\bwhere\b", re.I)
_LIST_Q = re.compile(
    r"どの(都市|国|自治体|団体|企業|機関|地域|分野|国々|まち|町|市)|どこ(と|の|です|か)|何語|すべて|全て|一覧|挙げ|列挙"
    r"|(\d+|[二三四五六七八九])\s*(つ|本|点|項目)の|\bwhich (cities|countries|organi[sz]ations|partners)\b|\blist\b|\ball\b",
    re.I,
)
_DEFINITION_Q = re.compile(r"とは|って何|とは何|の意味|何ですか|何か[。？?]?$|\bwhat is\b|\bwhat are\b|\bdefine\b", re.I)
_WESTERN_YEAR = re.compile(r"(\d{4})\s*年(度)?")


@dataclass(frozen=True)
class QuestionAnalysis:
    text: str
    answer_type: str  # date | quantity | person | place | list | definition | factoid
    counters: tuple[str, ...] = ()
    entities: tuple[str, ...] = ()
    terms: tuple[str, ...] = ()
    years: tuple[int, ...] = ()
    fiscal: bool = False
    english: bool = False
    list_size: int | None = None
    wants_year_only: bool = False
    slots: tuple[str, ...] = field(default=())
    #: What the reader knows of the question (its question word, counter, terms).
    reading: Reading | None = None

    @property
    def language(self) -> str:
        return "en" if self.english else "ja"


def language_of(text: str) -> str:
    """``"en"`` for an English question (:func:`is_english`), else ``"ja"``."""
    return "en" if is_english(text) else "ja"


def is_english(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return False
    ascii_letters = sum(1 for c in letters if c.isascii())
    return ascii_letters / len(letters) > 0.7


def analyse(question: str) -> QuestionAnalysis:
    text = unicodedata.normalize("NFKC", question)
    counters = tuple(dict.fromkeys(_counter_of(m) for m in _QUANTITY_Q.finditer(text) if _counter_of(m)))
    slots: list[str] = []
    if _DATE_Q.search(text):
        slots.append("date")
    if _QUANTITY_Q.search(text):
        slots.append("quantity")
    if _LIST_Q.search(text):
        answer_type = "list"
    elif slots:
        answer_type = slots[0]
    elif _PERSON_Q.search(text):
        answer_type = "person"
    elif _PLACE_Q.search(text):
        answer_type = "place"
    elif _DEFINITION_Q.search(text):
        answer_type = "definition"
    else:
        answer_type = "factoid"
    years = [m.western for m in find_era_years(text)]
    years += [int(m.group(1)) for m in _WESTERN_YEAR.finditer(text)]
    # At most three digits: int() refuses more than 4300 (a ValueError on a pasted digit run).
    size = re.search(r"(?<!\d)(\d{1,3})\s*(つ|本|点|項目)の", text)
    return QuestionAnalysis(
        text=text,
        answer_type=answer_type,
        counters=counters,
        entities=tuple(extract_entities(text)),
        terms=tuple(key_terms(text)),
        years=tuple(dict.fromkeys(years)),
        fiscal="年度" in text,
        english=is_english(text),
        list_size=int(size.group(1)) if size else None,
        wants_year_only=bool(re.search(r"何年(?!度?\d)|\bwhat year\b|\bwhich year\b", text, re.I)) and "何年間" not in text,
        slots=tuple(slots),
        reading=read_question(text, fine_morphemes(text)),
    )


def _counter_of(match: re.Match) -> str | None:
    word = match.group(1) or match.group(2)
    if not word:
        return None
    return COUNTER_ALIASES.get(word, word)


#: Questions longer than this are analysed by their start only.
_ANALYSED_CHARS = 5000


@lru_cache(maxsize=2048)
def _analysed(text: str) -> tuple[tuple[Morpheme, ...], tuple[FineMorpheme, ...]]:
    """The question's Sudachi mode-C and mode-A units: one analysis per distinct text, cached."""
    if not text.strip():
        return (), ()
    head = text[:_ANALYSED_CHARS]
    coarse, fine = analyse_text(head, piece_chars=len(head))
    return tuple(coarse), tuple(fine)


def morphemes(text: str) -> tuple[Morpheme, ...]:
    """The question's Sudachi mode-C units."""
    return _analysed(text)[0]


def fine_morphemes(text: str) -> tuple[FineMorpheme, ...]:
    """The question's Sudachi mode-A units (from the same analysis as :func:`morphemes`)."""
    return _analysed(text)[1]


_ENTITY_SUFFIX = frozenset(ADMIN_SUFFIXES + ORG_SUFFIXES)
_LATIN = re.compile(r"[A-Z][A-Za-z0-9/&.\-]*(?:\s+[A-Z][A-Za-z0-9/&.\-]*)*")
_KATAKANA_PLACE = re.compile(rf"[ァ-ヴ][ァ-ヴー・]{{2,}}{suffix_class(KATAKANA_PLACE_SUFFIXES)}(?![ァ-ヴ])")
_ERA_NAMES = {"令和", "平成", "昭和", "大正", "明治"}


def _is_country(pos: tuple[str, ...]) -> bool:
    return len(pos) > 3 and pos[2] == "地名" and pos[3] == "国"


def extract_entities(text: str) -> list[str]:
    """Names in the text: proper nouns with their suffixes (大阪市, バンドン市), Latin
    acronyms and names (UNEP/IETC, Team OSAKA)."""
    return list(entity_kinds(text))


@lru_cache(maxsize=4096)
def _entity_kinds_cached(text: str) -> tuple[tuple[str, str], ...]:
    text = unicodedata.normalize("NFKC", text)
    entities: list[str] = []
    kinds: dict[str, str] = {}
    units = morphemes(text)
    i = 0
    while i < len(units):
        surface, pos = units[i].surface, units[i].pos
        if pos[0] == "名詞" and pos[1] == "固有名詞":
            name = surface
            j = i + 1
            while j < len(units):
                nxt, npos = units[j].surface, units[j].pos
                if nxt == "・" and j + 1 < len(units) and units[j + 1].pos[1] in ("固有名詞", "普通名詞") and _katakana(units[j + 1].surface):
                    name += nxt + units[j + 1].surface
                    j += 2
                    continue
                joins_name = npos[1] == "固有名詞" and not _is_country(pos) and not _is_country(npos)
                if npos[0] == "接尾辞" or nxt in _ENTITY_SUFFIX or joins_name:
                    name += nxt
                    j += 1
                    continue
                break
            if i > 0 and units[i - 1].surface == "・" and i > 1 and _katakana(units[i - 2].surface):
                name = units[i - 2].surface + "・" + name
            # 「何川」「何章」 (tagged a surname): a question word with a suffix, not a name.
            if name not in _ERA_NAMES and (len(name) >= 2 or not name.isascii()) and not name.startswith(_QUESTION_WORDS):
                entities.append(name)
                kinds.setdefault(name, "country" if _is_country(pos) else (pos[2] if len(pos) > 2 else ""))
            i = j
            continue
        i += 1
    # Foreign place names Sudachi does not know (マハラシュトラ州): katakana + an administrative suffix.
    for match in _KATAKANA_PLACE.finditer(text):
        name = match.group(0)
        if not any(name in e or e in name for e in entities):
            entities.append(name)
            kinds.setdefault(name, "地名")
    for match in _LATIN.finditer(text):
        word = match.group(0).strip(".-/")
        if len(word) >= 2 and word.lower() not in _ENGLISH_STOP and not word.islower():
            entities.append(word)
            kinds.setdefault(word, "latin")
    seen: list[str] = []
    for e in entities:
        if e not in seen and not any(e != o and e in o for o in entities if len(o) > len(e)):
            seen.append(e)
    return tuple((e, kinds.get(e, "")) for e in seen)


def entity_kinds(text: str) -> dict[str, str]:
    """Entities and their kind: ``country``, ``地名`` (place), ``人名``, ``組織名``, ``latin`` …"""
    return dict(_entity_kinds_cached(text))


def _katakana(s: str) -> bool:
    return bool(s) and all("\u30a0" <= c <= "\u30ff" or c == "ー" for c in s)


#: What a name a question writes may not begin with (「何川流域」「何章」 ask, they do not name).
_QUESTION_WORDS = ("何", "どこ", "どの", "どれ", "誰", "いつ")
_ENGLISH_STOP = {"what", "which", "when", "where", "who", "how", "the", "is", "are", "was", "did", "does", "do", "in", "of"}
_QUESTION_NOUNS = {"何", "いつ", "どこ", "誰", "どれ", "どの", "何年", "割合", "数", "こと", "もの", "ため", "よう", "方", "中", "内容"}


def key_terms(text: str) -> list[str]:
    """Content words of the question (nouns, verbs as normalised forms), question words removed."""
    terms: list[str] = []
    for unit in morphemes(unicodedata.normalize("NFKC", text)):
        surface, pos, norm = unit.surface, unit.pos, unit.normalized
        if pos[0] not in ("名詞", "動詞") or pos[1] in ("数詞", "非自立可能") or surface in _QUESTION_NOUNS:
            continue
        if pos[0] == "動詞" and norm in ("為る", "居る", "有る", "成る", "言う", "教える", "下さる", "出来る"):
            continue
        if (len(surface) == 1 and pos[0] != "名詞") or surface.startswith("何") or surface in _ERA_NAMES:
            continue
        terms.append(surface)
    return list(dict.fromkeys(terms))


#: Event words that mean the same event in these documents.
PREDICATE_SYNONYMS: tuple[frozenset[str], ...] = (
    frozenset({"締結", "調印", "交換", "結ぶ", "結ん", "提携", "署名"}),
    frozenset({"開催", "実施", "行う", "開く", "開か"}),
    frozenset({"設立", "発足", "設置", "立ち上げ", "創設", "開設"}),
    frozenset({"更新", "延長", "改定", "改訂"}),
    frozenset({"策定", "制定", "作成"}),
    frozenset({"受け入れ", "受入", "受入れ", "受け入れる"}),
    frozenset({"誘致"}),
    frozenset({"派遣"}),
    frozenset({"公表", "発表", "公開", "発行"}),
    frozenset({"開始", "始め", "始まる", "スタート"}),
    frozenset({"認定", "選定", "採択"}),
)


def event_predicate(text: str) -> frozenset[str] | None:
    """The event a when-question asks about (締結, 更新, 開催…), with its synonyms.

    The last verbal noun or verb of the question is its predicate:
    「…覚書は何年に更新されましたか」 → 更新. None when the question has no such word.
    """
    found = None
    for unit in morphemes(unicodedata.normalize("NFKC", text)):
        surface, pos, norm = unit.surface, unit.pos, unit.normalized
        verbal = (pos[0] == "名詞" and len(pos) > 2 and pos[2] == "サ変可能") or pos[0] == "動詞"
        if not verbal:
            continue
        for group in PREDICATE_SYNONYMS:
            if surface in group or norm in group:
                found = group
    return found
