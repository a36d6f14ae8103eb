"""Names of municipalities, provinces, ministries and other bodies in a statement.

An entity is found in a run of nominal morphemes (Sudachi mode C): it starts at a
proper noun or a katakana/Latin word (or at any noun right after a country name,
as in タイ王国東部経済回廊事務局) and ends at its last *head*: a place name or an
administrative or organisational suffix (市, 州, 省, 局, 委員会, 事務局, 銀行 …).
A leading country name becomes the entity's country, 日本国 marks the Japanese
side, and ``canonical_name`` folds the spellings of one body into one name.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ingest.ja.morphemes import Morpheme, sudachi_morphemes
from ingest.ja.names import (
    ADMIN_SUFFIXES,
    CITY_SUFFIXES,
    JAPANESE_GOVERNMENT_SUFFIXES,
    ORG_SUFFIXES,
    REGION_SUFFIXES,
    suffix_class,
)

#: Words that end in an administrative suffix but name no place.
_NOT_HEADS = ("都市", "各市", "同市", "本市", "当市", "諸都市", "首都", "地区", "市区", "州都")
#: A city's own government: ホーチミン市人民委員会 is ホーチミン市.
CITY_GOVERNMENT = ("人民委員会", "開発委員会", "市役所", "行政府", "市政府", "市当局", "政府")
#: Groups that stand for the body they come from: 英国グレーター・マンチェスター視察団.
_DELEGATIONS = ("視察団", "訪問団", "代表団", "使節団", "一行")
#: First words of generic phrases that end in an organisational suffix (関連機関, 政府機関).
_GENERIC_START = ("関連", "関係", "各", "同", "当", "本", "政府", "民間", "海外", "現地", "国内", "国際機関", "支援")
_GENERIC_WORDS = ("関係", "関連", "各種", "等", "など", "担当", "所管")
#: How the text refers to the publisher itself.
SELF_REFERENCE = re.compile(r"本市|当市|本区|当区|本組合|当組合|本局|当局")

_KATAKANA_OR_LATIN = re.compile(r"^[\u30a0-\u30ffA-Za-z][\u30a0-\u30ffA-Za-z0-9&\-]*$")
_ABBREVIATION = re.compile(r"[(（]([A-Z][A-Za-z0-9&\-]{1,11})[)）]")
_JOINERS = {"・", "･"}


@dataclass(frozen=True)
class Entity:
    """A name as written (``text``) at ``[start, end)`` of the cleaned statement."""

    text: str
    start: int
    end: int
    country: str | None = None
    japanese: bool = False
    abbreviation: str | None = None

    @property
    def name(self) -> str:
        return canonical_name(self.text)

    @property
    def is_municipality(self) -> bool:
        return self.name.endswith(ADMIN_SUFFIXES)


@dataclass(frozen=True)
class Abbreviation:
    """A Latin abbreviation that stood in brackets at ``position`` of the stripped text."""

    position: int
    text: str


@dataclass(frozen=True)
class Stripped:
    """A statement without its bracketed abbreviations, and where they stood."""

    text: str
    abbreviations: list[Abbreviation]


@dataclass(frozen=True)
class FoundEntities:
    """The entities of a text in order, and the countries it names on their own."""

    entities: list[Entity]
    countries: list[str]


def strip_abbreviations(text: str) -> Stripped:
    """``text`` without Latin abbreviations in brackets, and where they stood.

    ``東部経済回廊(EEC)事務局`` becomes ``東部経済回廊事務局`` with ``EEC`` recorded at the
    position where it stood, so that it becomes an alias of the entity spanning it.
    """
    out: list[str] = []
    found: list[Abbreviation] = []
    last = 0
    length = 0
    for match in _ABBREVIATION.finditer(text):
        out.append(text[last : match.start()])
        length += match.start() - last
        found.append(Abbreviation(length, match.group(1)))
        last = match.end()
    out.append(text[last:])
    return Stripped("".join(out), found)


def find_entities(text: str, abbreviations: list[Abbreviation] = ()) -> FoundEntities:
    """Entities of ``text`` in order, and the countries it names on their own."""
    morphs = sudachi_morphemes(text)
    entities: list[Entity] = []
    countries: list[str] = []
    for run in _nominal_runs(morphs):
        entity, country_only = _entity_of_run(run, text)
        if entity is not None:
            abbr = next((a.text for a in abbreviations if entity.start < a.position <= entity.end + 1), None)
            if abbr:
                entity = Entity(entity.text, entity.start, entity.end, entity.country, entity.japanese, abbr)
            entities.append(entity)
        elif country_only:
            countries.append(country_only)
    return FoundEntities(entities, countries)


def _nominal_runs(morphs: list[Morpheme]) -> list[list[Morpheme]]:
    runs: list[list[Morpheme]] = []
    current: list[Morpheme] = []
    for i, m in enumerate(morphs):
        # ・ joins グレーター・マンチェスター, but not two names: ホーチミン市・大阪市.
        joiner = (
            m.surface in _JOINERS and current and not _is_head(current[-1])
            and i + 1 < len(morphs) and morphs[i + 1].is_nominal
        )
        if m.is_nominal or joiner:
            if current and m.start != current[-1].end:
                runs.append(current)
                current = []
            current.append(m)
        else:
            if current:
                runs.append(current)
            current = []
    if current:
        runs.append(current)
    return runs


def country_name(surface: str) -> str:
    """ベトナム社会主義共和国 → ベトナム, インドネシア国 → インドネシア, 英国 → 英国."""
    for suffix in ("社会主義共和国", "連邦共和国", "民主共和国", "人民共和国", "共和国", "連邦", "王国", "合衆国"):
        if surface.endswith(suffix) and len(surface) > len(suffix):
            return surface[: -len(suffix)]
    return surface


def _is_head(m: Morpheme) -> bool:
    if m.surface in _NOT_HEADS or m.surface.endswith("都市"):
        return False
    if m.is_proper and not m.is_country and m.pos[2] in ("地名", "組織", "一般"):
        return True
    return m.surface.endswith(ADMIN_SUFFIXES + ORG_SUFFIXES)


def _entity_of_run(run: list[Morpheme], text: str) -> tuple[Entity | None, str | None]:
    i = 0
    country = None
    japanese = False
    while i < len(run) and (run[i].is_country or run[i].surface in _JOINERS or (country and run[i].surface == "国")):
        if run[i].is_country:
            country = country_name(run[i].surface)
            japanese = country == "日本"
        i += 1
    start = None
    for j in range(i, len(run)):
        m = run[j]
        if m.is_proper or _KATAKANA_OR_LATIN.match(m.surface) or (country and j == i):
            start = j
            break
    if start is None:
        start = i if i < len(run) else None
    if start is None:
        return None, country
    end = None
    for j in range(len(run) - 1, start - 1, -1):
        if _is_head(run[j]):
            end = j
            break
    if end is None:
        return None, country
    tokens = run[start : end + 1]
    surface = text[tokens[0].start : tokens[-1].end]
    anchored = country is not None or any(t.is_proper for t in tokens) or _KATAKANA_OR_LATIN.match(tokens[0].surface)
    if not anchored:
        # A name made of common nouns only: 国際協力銀行, not 関連機関.
        generic = tokens[0].surface.startswith(_GENERIC_START) or any(t.surface in _GENERIC_WORDS for t in tokens)
        if not surface.endswith(ORG_SUFFIXES) or len(tokens) < 3 or generic:
            return None, country
    for delegation in _DELEGATIONS:
        surface = surface.removesuffix(delegation)
    if not surface or surface in _NOT_HEADS:
        return None, country
    return Entity(surface, tokens[0].start, tokens[-1].end, country, japanese), None


_REGION = "".join(REGION_SUFFIXES)
_REGION_THEN_CITY = re.compile(rf"^(?P<region>.+?[{_REGION}])(?P<city>[^{_REGION}]{{2,}}?{suffix_class(CITY_SUFFIXES)})$")


def canonical_name(name: str) -> str:
    """One spelling per body: NFKC, no spaces, no country, a city's government is the city,
    and a city inside its province is the city (西ジャワ州バンドン市 → バンドン市)."""
    name = unicodedata.normalize("NFKC", name)
    name = re.sub(r"\s+", "", name)
    name = _ABBREVIATION.sub("", name)
    for suffix in CITY_GOVERNMENT:
        if name.endswith(suffix) and name[: -len(suffix)].endswith(ADMIN_SUFFIXES):
            name = name[: -len(suffix)]
            break
    match = _REGION_THEN_CITY.match(name)
    if match:
        name = match.group("city")
    return name


_DEPARTMENT = re.compile(rf"^(?P<unit>.+?{suffix_class(JAPANESE_GOVERNMENT_SUFFIXES)})(?:.{{1,10}}(?:局|部|課|室))$")


def municipality_of(name: str) -> str:
    """The municipality a Japanese body belongs to: 大阪市環境局 → 大阪市; others unchanged."""
    name = canonical_name(name)
    match = _DEPARTMENT.match(name)
    return match.group("unit") if match else name
