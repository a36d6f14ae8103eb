"""Statements → relation facts, for one document at a time.

A *statement* is a line of a chunk, cut at 。. A statement that names a relation
(覚書, 姉妹都市 … see ``RELATION_WORDS``) yields one fact per partner when the
relation is acted on (締結, 交換, 更新 … right after it, or 締結した before it),
or stated as a standing status (川崎市の友好都市であるリエカ市). Per mention:

* **date**: the nearest date before it in the statement (list items start with one);
  renewals in brackets after the action, 「(2016年、2021年更新)」, are facts of their own;
* **instrument**: the 「…」 the mention closes;
* **parties**: the entities before it (and inside the instrument); 同覚書 means the
  previous fact of the same relation;
* **subject**: the Japanese side: marked 日本国, the publisher's municipality (or 本市),
  the nearest heading's municipality, or the party written as the topic (Aは, AとBが);
  failing those, the municipality of the nearest heading or the publisher;
* **partner**: every other party; with none in the statement, the foreign entity of the
  nearest heading (「3 中国瀋陽市との連携・協力」).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from ingest.core.models import Chunk
from ingest.facts.entities import (
    SELF_REFERENCE,
    Entity,
    canonical_name,
    find_entities,
    municipality_of,
    strip_abbreviations,
)
from ingest.facts.model import RELATIONS, Fact
from ingest.ja.dates import DateMention, find_dates
from ingest.ja.names import ADMIN_SUFFIXES, JAPANESE_GOVERNMENT_SUFFIXES, suffix_class
from ingest.ja.sentences import is_list_item

#: Relation words and their labels, longest spellings first.
RELATION_WORDS: tuple[tuple[str, str], ...] = (
    (r"友好(?:交流|協力)?都市", "友好都市"),
    (r"姉妹(?:\(友好\))?都市", "姉妹都市"),
    (r"姉妹港", "姉妹港"),
    (r"議定書", "議定書"),
    (r"覚書|覚え書き?|MOU|MoU", "覚書"),
    (r"共同声明|共同発表|共同宣言", "共同声明"),
    (r"(?:連携|協力|友好)?協定書?", "協定"),
    (r"ミニッツ|契約書?", "契約"),
    (r"協力関係|連携関係|パートナーシップ|連携(?!協定|関係)", "協力関係"),
)
_RELATION = re.compile("|".join(f"(?P<r{i}>{p})" for i, (p, _) in enumerate(RELATION_WORDS)))
_ACTION = re.compile(r"(?:締結|交換|調印|署名|更新|延長|改定|合意|構築|築|開始|結[びんぶ]|提携)(?!式)")
_ACTION_SPELLING = {"築": "構築", "結び": "締結", "結ん": "締結", "結ぶ": "締結"}
_ACTION_BEFORE = re.compile(r"(締結|交換|調印|署名|更新|延長)(?:した|された|済み?の|している)$")
#: A relation word that only modifies another one: 協力関係構築に関する覚書.
_MODIFIER = re.compile(r"^(?:に関する|に向けた|についての|のための|に係る|の)")
#: How far after a relation word its verb may stand: 覚書を締結, 同覚書を5年間延長.
_AFTER_ACTION = 10
_STATUS_RELATIONS = ("友好都市", "姉妹都市", "姉妹港")
#: Relations that stand without a verb: 「AとBによる…共同声明」.
_STANDING_RELATIONS = ("共同声明",)
_CO_PARTY = re.compile(r"^(?:と(?!の間)|は|が|&|＆)")
_RENEWALS = re.compile(r"^[ぁ-ん]{0,5}\s*[(（](?P<inner>[^()（）]{1,60})[)）]")
_SENTENCE_END = re.compile(r"(?<=。)")
_HEADING_LINE_MAX = 40
#: Legal-form words in a publisher's name that are not part of the body's name.
_LEGAL_FORMS = re.compile(r"^(?:公益|一般)?(?:財団|社団)法人|^独立行政法人|^株式会社|^特定非営利活動法人")


@dataclass
class _Context:
    """What a statement's surroundings say: the publisher, headings, earlier facts."""

    doc_id: str
    doc_subject: str
    #: A city or public body speaks for itself; a research institute's fact sheet speaks of
    #: many cities, so there the nearest heading names the subject.
    subject_from_headings: bool = False
    countries: dict[str, str] = field(default_factory=dict)
    last_fact: dict[str, Fact] = field(default_factory=dict)


@dataclass(frozen=True)
class Speaker:
    """The body a document speaks for; ``from_headings``: it describes other bodies (a
    foundation's fact sheet), so the nearest heading names the subject of a statement."""

    name: str
    from_headings: bool


def subject_of_publisher(publisher: str) -> Speaker:
    """The body that speaks in a document, and whether it is a foundation or company (whose
    documents describe other bodies): its municipality when the publisher is a city's
    department (大阪市 環境局… → 大阪市), else the publisher without its legal form."""
    compact = re.sub(r"\s*[(（][^()（）]*[)）]\s*$", "", publisher.strip())
    first = compact.split()[0] if compact.split() else compact
    municipal = municipality_of(first)
    if municipal != canonical_name(first) or first.endswith(JAPANESE_GOVERNMENT_SUFFIXES):
        return Speaker(municipal, False)
    joined = re.sub(r"\s+", "", compact)
    name = _LEGAL_FORMS.sub("", joined)
    return Speaker(canonical_name(name) or compact, name != joined)


_LEADING_MUNICIPALITY = re.compile(
    rf"^\s*(?P<unit>[^\s、。・の]{{1,10}}?{suffix_class(JAPANESE_GOVERNMENT_SUFFIXES + ('区',))})(?:の|\s|$)"
)


def subject_of_title(title: str) -> Speaker:
    """A document without a publisher speaks for the municipality its title starts with
    (「大阪市の環境国際協力」); failing that, its headings name the subject."""
    match = _LEADING_MUNICIPALITY.match(unicodedata.normalize("NFKC", title or ""))
    if match:
        return Speaker(match.group("unit"), False)
    return Speaker(canonical_name(title or "") or "(不明)", True)


def extract_facts(chunks: Iterable[Chunk]) -> list[Fact]:
    """Every relation fact stated in one document's chunks, in document order."""
    chunks = list(chunks)
    if not chunks:
        return []
    meta = chunks[0].meta
    speaker = subject_of_publisher(meta.publisher) if meta.publisher else subject_of_title(meta.title)
    context = _Context(doc_id=chunks[0].doc_id, doc_subject=speaker.name, subject_from_headings=speaker.from_headings)
    facts: list[Fact] = []
    for chunk in chunks:
        facts.extend(_chunk_facts(chunk, context))
    return [_with_country(f, context) for f in facts]


def _with_country(fact: Fact, context: _Context) -> Fact:
    """A partner's country from anywhere in the document: マハラシュトラ州公害管理局 is in
    インド when a heading says インド・マハラシュトラ州."""
    if fact.partner_country:
        return fact
    country = context.countries.get(fact.partner) or next(
        (c for name, c in context.countries.items() if fact.partner.startswith(name)), None
    )
    return Fact(**{**fact.__dict__, "partner_country": country}) if country else fact


def _statements(text: str) -> Iterable[tuple[int, str]]:
    """(offset, statement) for every line of ``text``, cut after 。."""
    offset = 0
    for line in text.split("\n"):
        pos = offset
        for piece in _SENTENCE_END.split(line):
            if piece.strip():
                yield pos, piece
            pos += len(piece)
        offset += len(line) + 1


def _chunk_facts(chunk: Chunk, context: _Context) -> list[Fact]:
    if not _RELATION.search(chunk.text):
        return []
    headings = [s for s in reversed(chunk.section.split(" > ")) if s.strip()]
    for line in headings:
        for e, _ in _heading_entities(line):
            if e.country and not e.japanese:
                context.countries.setdefault(e.name, e.country)
    facts: list[Fact] = []
    preceding: list[str] = []
    for _, statement in _statements(chunk.text):
        if _RELATION.search(statement):
            heading_lines = list(reversed(preceding)) + headings
            facts.extend(_statement_facts(statement, chunk, heading_lines, context))
        if _heading_like(statement):
            preceding.append(statement.strip())
    return facts


def _heading_like(line: str) -> bool:
    """A short line that is no sentence, list item or dated entry: a slide or section title."""
    line = line.strip()
    return (
        0 < len(line) <= _HEADING_LINE_MAX
        and "。" not in line
        and not is_list_item(line)
        and not find_dates(line)
    )


@dataclass(frozen=True)
class _Mention:
    relation: str
    start: int
    end: int


def relations_in(text: str) -> list[str]:
    """The relation labels ``text`` names, in order (for questions: 「…覚書はいつ更新」)."""
    return [m.relation for m in _mentions(text)]


#: What a relation's name may start with and still be that relation: 協力覚書 is a 覚書.
_KIND_PREFIX = re.compile(r"^(?:協力|連携|友好|相互|基本)")


def relation_named(name: str) -> str | None:
    """The relation label ``name`` spells on its own (MOU, 協力覚書 → 覚書; 連携協定 → 協定;
    友好交流都市 → 友好都市), or None: how a user may name a relation in a filter."""
    text = unicodedata.normalize("NFKC", name).strip()
    text = text.upper() if text.isascii() else text
    match = _RELATION.fullmatch(text) or _RELATION.fullmatch(_KIND_PREFIX.sub("", text))
    if match is None:
        return None
    return next(RELATION_WORDS[i][1] for i in range(len(RELATION_WORDS)) if match.group(f"r{i}"))


def _spellings(items) -> list[str]:
    """Every string a parsed pattern of ``RELATION_WORDS`` matches (literals, classes,
    alternations, optional parts; lookarounds match the empty string)."""
    from re import _constants as c

    out = [""]
    for op, arg in items:
        if op is c.LITERAL:
            alternatives = [chr(arg)]
        elif op is c.SUBPATTERN:
            alternatives = _spellings(arg[3])
        elif op is c.BRANCH:
            alternatives = [s for branch in arg[1] for s in _spellings(branch)]
        elif op is c.MAX_REPEAT and arg[:2] == (0, 1):
            alternatives = ["", *_spellings(arg[2])]
        elif op is c.IN:
            alternatives = [chr(v) for o, v in arg if o is c.LITERAL]
        elif op in (c.ASSERT, c.ASSERT_NOT):
            alternatives = [""]
        else:
            raise ValueError(f"a relation word pattern docqa cannot spell out: {op}")
        out = [a + b for a in out for b in alternatives]
    return out


def relation_spellings() -> list[str]:
    """The relation names a filter may use as written: each label and each spelling of
    ``RELATION_WORDS`` (MOU, 覚え書き, 連携協定 …), the API's ``relation`` enum."""
    from re import _parser

    words = {s for pattern, _ in RELATION_WORDS for s in _spellings(_parser.parse(pattern))}
    return sorted({w for w in words if relation_named(w)} | set(RELATIONS))


def _mentions(text: str) -> list[_Mention]:
    out = []
    for match in _RELATION.finditer(text):
        label = next(RELATION_WORDS[i][1] for i in range(len(RELATION_WORDS)) if match.group(f"r{i}"))
        out.append(_Mention(label, match.start(), match.end()))
    return out


def _instrument_around(text: str, mention: _Mention) -> tuple[int, int] | None:
    """``[open, close]`` of the 「…」 whose name ends with the mention, if any."""
    open_ = text.rfind("「", 0, mention.start)
    if open_ < 0 or "」" in text[open_ : mention.start]:
        return None
    close = text.find("」", mention.end)
    if close < 0 or close - mention.end > 2:
        return None
    return open_, close


def _action_after(text: str, pos: int, limit: int) -> tuple[str | None, int]:
    window = text[pos : min(limit, pos + _AFTER_ACTION)]
    window = window.split("。")[0]
    match = _ACTION.search(window)
    if not match:
        return None, pos
    word = match.group(0)
    if word == "提携":
        again = _ACTION.search(window, match.end())
        if again and again.start() - match.end() <= 3:
            match = again
            word = again.group(0)
    return _ACTION_SPELLING.get(word, word), pos + match.end()


def _statement_facts(statement: str, chunk: Chunk, heading_lines: list[str], context: _Context) -> list[Fact]:
    stripped = strip_abbreviations(statement)
    text = stripped.text
    found = find_entities(text, stripped.abbreviations)
    entities, countries = found.entities, found.countries
    entities += [
        Entity(context.doc_subject, m.start(), m.end(), japanese=True) for m in SELF_REFERENCE.finditer(text)
    ]
    entities.sort(key=lambda e: e.start)
    for e in entities:
        if e.country and not e.japanese:
            context.countries.setdefault(e.name, e.country)
    dates = find_dates(text)
    mentions = _mentions(text)
    facts: list[Fact] = []
    window_start = 0
    for k, mention in enumerate(mentions):
        limit = mentions[k + 1].start if k + 1 < len(mentions) else len(text)
        instrument_span = _instrument_around(text, mention)
        after = instrument_span[1] + 1 if instrument_span else mention.end
        action, action_end = _action_after(text, after, limit)
        if mention.relation == "共同声明" and "発表" in text[mention.start : mention.end]:
            action, action_end = "発表", mention.end
        if action and mention.relation == "協力関係" and (after != mention.end or action_end - mention.end > 4):
            action = None  # 協力関係 counts only when acted on at once: 協力関係を構築
        if action and _MODIFIER.match(text[action_end:]):
            action = None
        before = _ACTION_BEFORE.search(text[max(window_start, mention.start - 8) : mention.start])
        if not action and before:
            action, action_end = before.group(1), mention.end
        status = _status_parties(text, mention, entities) if mention.relation in _STATUS_RELATIONS else None
        if status is not None and not (action and action_end - after <= 3):
            action = None  # 川崎市の友好都市であるリエカ市と協力事業を開始: a standing status
        if not action and status is None and mention.relation not in _STANDING_RELATIONS:
            continue
        start_of_parties = (instrument_span[0] if instrument_span else mention.start)
        date = next((d for d in reversed(dates) if window_start <= d.start and d.end <= start_of_parties), None)
        if status is not None and action is None and not status.dated:
            date = None  # 「Aの友好都市であるB」 is a standing status, not dated by its sentence
        elif date is None and instrument_span is None:
            date = next((d for d in dates if mention.end <= d.start and d.end <= action_end), None)
        instrument = text[instrument_span[0] + 1 : instrument_span[1]] if instrument_span else None
        anaphoric = text[max(0, mention.start - 1) : mention.start] == "同"
        if status is not None:
            subject, partners = municipality_of(status.owner.name), status.partners
        elif anaphoric and mention.relation in context.last_fact:
            previous = context.last_fact[mention.relation]
            subject, partners, instrument = previous.subject, [previous], instrument or previous.instrument
        else:
            parties = [e for e in entities if window_start <= e.start and e.end <= mention.start]
            if instrument_span:
                parties += [e for e in entities if instrument_span[0] < e.start and e.end <= instrument_span[1]]
            if text[mention.start : mention.end] == "連携":
                # 「Xと連携を開始」: only a party joined by と is the partner of a bare 連携.
                parties = [e for e in parties if text[e.end : e.end + 1] == "と"]
            if not parties:
                parties = _bracketed_after(text, action_end if action else mention.end, entities)
            if not parties:
                parties = _topic(text, entities)
            subject, partners = _roles(_unique(parties), text, heading_lines, context)
        if subject is None or not partners:
            window_start = max(window_start, action_end)
            continue
        event = _Event(subject, mention.relation, action, date, instrument, statement.strip())
        for partner in partners:
            if _same_body(partner.partner if isinstance(partner, Fact) else partner.name, subject):
                continue  # 「京都市と京都府…」 names the subject twice: no partner of its own
            fact = _fact(partner, event, chunk, countries)
            facts.append(fact)
            context.last_fact[mention.relation] = fact
            facts.extend(_renewals(text, action_end, fact))
        window_start = max(window_start, action_end)
    return facts


@dataclass(frozen=True)
class _Event:
    """What one mention of a relation states, before it becomes a fact per partner."""

    subject: str
    relation: str
    action: str | None
    date: DateMention | None
    instrument: str | None
    quote: str


def _fact(partner: Entity | Fact, event: _Event, chunk: Chunk, countries: list[str]) -> Fact:
    """The fact of ``event`` with one partner: an entity of the statement, or the partner of an
    earlier fact (同覚書); ``countries`` are those the statement names on their own."""
    if isinstance(partner, Fact):
        name, country, aliases = partner.partner, partner.partner_country, partner.partner_aliases
    else:
        name = partner.name
        aliases = tuple(dict.fromkeys(a for a in (partner.text, partner.abbreviation) if a and a != partner.name))
        foreign = [c for c in countries if c != "日本"]
        country = partner.country if partner.country and not partner.japanese else (foreign[0] if len(foreign) == 1 else None)
    date = event.date
    return Fact(
        subject=event.subject, partner=name, relation=event.relation, doc=chunk.doc_id,
        passage_id=chunk.chunk_id, quote=event.quote, action=event.action,
        date=date.iso if date else None, date_as_written=date.as_written if date else None,
        instrument=event.instrument, partner_country=country, partner_aliases=aliases,
    )


def _renewals(text: str, action_end: int, fact: Fact) -> list[Fact]:
    """「…を締結し(2016年、2021年更新)」: each bracketed date with a renewal word."""
    match = _RENEWALS.match(text[action_end:])
    if not match:
        return []
    inner = match.group("inner")
    action = _ACTION.search(inner)
    if not action or action.group(0) not in ("更新", "延長", "改定"):
        return []
    return [
        Fact(**{**fact.__dict__, "action": action.group(0), "date": d.iso, "date_as_written": d.as_written})
        for d in find_dates(inner)
    ]


@dataclass(frozen=True)
class _Status:
    """``owner``'s relation with ``partners``; ``dated``: an event dated by its sentence."""

    owner: Entity
    partners: list[Entity]
    dated: bool


def _status_parties(text: str, mention: _Mention, entities: list[Entity]) -> _Status | None:
    """The parties of 「Aの友好都市であるB」 (a status) or 「姉妹都市第1号(A&B)」 (an
    event, dated by its sentence), else None."""
    if text[mention.start - 1 : mention.start] == "の":
        owner = next((e for e in reversed(entities) if e.end == mention.start - 1), None)
        rest = re.match(r"^(?:である|の|、|・)?", text[mention.end :])
        after = mention.end + (rest.end() if rest else 0)
        partner = next((e for e in entities if e.start == after), None)
        if owner is not None and partner is not None:
            return _Status(owner, [partner], dated=False)
    # 姉妹都市第1号(長崎市&ミネソタ州): the pair in brackets right after.
    bracket = re.match(r"^[^()（）。、]{0,6}[(（]", text[mention.end :])
    if bracket:
        pair = _bracketed_after(text, mention.end, entities)
        if len(pair) == 2 and _CO_PARTY.match(text[pair[0].end :]):
            return _Status(pair[0], [pair[1]], dated=True)
    return None


def _bracketed_after(text: str, pos: int, entities: list[Entity]) -> list[Entity]:
    """Parties given in brackets after the relation: 姉妹都市第1号(長崎市&ミネソタ州)."""
    open_ = text.find("(", pos)
    if open_ < 0:
        return []
    close = text.find(")", open_)
    if close < 0:
        return []
    return [e for e in entities if open_ < e.start and e.end <= close]


def _same_body(a: str, b: str) -> bool:
    """京都市 and 京都 (or 大阪市環境局 and 大阪市) are one body, not two parties."""
    a, b = municipality_of(a), municipality_of(b)
    suffixes = "".join(ADMIN_SUFFIXES)
    return a == b or a.rstrip(suffixes) == b.rstrip(suffixes)


def _topic(text: str, entities: list[Entity]) -> list[Entity]:
    """The statement's topic: 「大阪市とEEC事務局は、…協力関係を築き、…覚書を締結」."""
    match = re.search(r"(?:は|が)、", text)
    return [e for e in entities if match and e.end <= match.start()]


def _unique(entities: list[Entity]) -> list[Entity]:
    seen: dict[str, Entity] = {}
    for e in entities:
        key = municipality_of(e.name) if e.japanese else e.name
        if key not in seen or (e.country and not seen[key].country):
            seen[key] = e
    return sorted(seen.values(), key=lambda e: e.start)


def _roles(parties: list[Entity], text: str, heading_lines: list[str], context: _Context):
    """(subject, partner entities) for the parties of one mention."""
    context_subject = (context.subject_from_headings and _heading_subject(heading_lines)) or context.doc_subject
    own = {municipality_of(context.doc_subject), municipality_of(context_subject)}

    def japanese(e: Entity) -> bool:
        return e.japanese or municipality_of(e.name) in own

    subject_e = next((e for e in parties if japanese(e)), None)
    if subject_e is None and len(parties) > 1:
        subject_e = next((e for e in parties if not e.country and _CO_PARTY.match(text[e.end :])), None)
    if subject_e is not None:
        partners = [e for e in parties if e is not subject_e and not japanese(e)]
        if not partners:
            heading_partner = _heading_partner(heading_lines)
            partners = [heading_partner] if heading_partner else []
        return municipality_of(subject_e.name), partners
    partners = parties or ([p] if (p := _heading_partner(heading_lines)) else [])
    return municipality_of(context_subject), partners


@lru_cache(maxsize=4096)
def _heading_entities(line: str) -> tuple[tuple[Entity, str], ...]:
    stripped = strip_abbreviations(line)
    text = stripped.text
    entities = find_entities(text, stripped.abbreviations).entities
    return tuple((e, text[e.end : e.end + 2]) for e in entities)


def _heading_subject(lines: list[str]) -> str | None:
    """The municipality a heading is about (先進的な事例分析—北九州市), not a partner."""
    for line in lines:
        for e, after in _heading_entities(line):
            if e.is_municipality and not e.country and not after.startswith("と"):
                return e.name
    return None


def _heading_partner(lines: list[str]) -> Entity | None:
    """The foreign body a heading is about (3 中国瀋陽市との連携・協力)."""
    for line in lines:
        for e, after in _heading_entities(line):
            if (e.country and not e.japanese) or after.startswith("と"):
                return e
    return None
