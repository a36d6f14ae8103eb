"""List questions: every item across the corpus, each with its own citation.

Three shapes of list, tried in order:
1. partners and places (どの都市, どこ, which cities): names found in every supporting
   sentence of a deep retrieval — a sentence that holds the relation word (覚書, 協定…)
   and is about the subject (in the sentence, or in its passage's heading, title or
   publisher);
2. quoted items in one sentence (「A」と「B」の2つの基本方針);
3. the numbered sub-headings of the section that announces them (3本の柱 → 1…, 2…, 3…).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.answer.analysis import QuestionAnalysis, entity_kinds
from assistant.answer.base import Answer
from assistant.answer.context import AnswerContext
from assistant.answer.evidence import TermWeights, focus_bonus, score_sentences, sentences_of
from assistant.answer.messages import Messages
from assistant.answer.spans import quoted_spans
from assistant.index import LoadedIndex
from assistant.retrieval.base import Passage, Retriever
from assistant.wire import make_citation
from ingest.ja.names import ADMIN_SUFFIXES, fold

LIST_DEPTH = 50
MAX_ITEMS = 20
_CATEGORY = re.compile(r"都市|国|自治体|団体|機関|相手|パートナー|どこ|地域|まち|市")
RELATION_WORDS = (
    "覚書", "協定", "議定書", "友好都市", "姉妹都市", "姉妹港", "共同声明", "ミニッツ", "契約",
    "提携", "協力", "連携", "交流", "支援",
)


def answer_list(ctx: AnswerContext, retriever: Retriever) -> Answer | None:
    """A list answer, or None when the question is better answered as a single fact.

    ``retriever`` fetches the deep retrieval that partner lists are collected from.
    """
    if _CATEGORY.search(ctx.qa.text) and not ctx.qa.list_size:
        answer = _partner_list(ctx, retriever)
        if answer is not None:
            return answer
    return _enumeration(ctx.qa, ctx.passages, ctx.weight, ctx.index)


def _relation_terms(qa: QuestionAnalysis) -> list[str]:
    return [w for w in RELATION_WORDS if w in qa.text]


@dataclass(frozen=True)
class _Item:
    """One partner of a list answer, the passage and the sentence that name it."""

    name: str
    passage: Passage
    sentence: str


def _partner_list(ctx: AnswerContext, retriever: Retriever) -> Answer | None:
    qa, question, filters, required = ctx.qa, ctx.question, ctx.filters, ctx.required
    relations = _relation_terms(qa)
    if not relations:
        return None
    subject = required[0] if required else None
    # 「どの都市」「どこの市」 ask for places; 「どの機関」「相手」 for any partner.
    places_only = bool(re.search(r"都市|どこの市|まち", qa.text)) and not re.search(r"機関|団体|相手|パートナー", qa.text)
    qualifiers = [r for r in required[1:]]
    deep = retriever.retrieve(question.retrieval_query if not qa.english else qa.text, LIST_DEPTH, filters)
    items: dict[str, _Item] = {}
    for passage in deep:
        chunk = passage.chunk
        context = fold(" ".join((chunk.section, chunk.meta.title, chunk.meta.publisher)))
        for sentence in _sentences(chunk.text):
            if not any(r in sentence for r in relations):
                continue
            folded = fold(sentence)
            if subject and fold(subject) not in folded and fold(subject) not in context:
                continue
            # Qualifiers (クロアチア, IURC) may be stated anywhere in the passage.
            if any(fold(q) not in folded and fold(q) not in context and fold(q) not in fold(chunk.text) for q in qualifiers):
                continue
            for name, kind in entity_kinds(sentence).items():
                if kind in ("country", "人名") or (kind == "latin" and len(name) < 3):
                    continue
                if any(fold(name) in fold(r) or fold(r) in fold(name) for r in required):
                    continue
                key = _key(name)
                if key and key not in items and not any(key in k or k in key for k in items):
                    items[key] = _Item(name, passage, sentence)
        if len(items) >= MAX_ITEMS:
            break
    if not items:
        return None
    m = Messages.for_language(qa.language)
    citations = []
    lines = []
    # 「どの都市」: places first; other partners (事務局, 公害管理局, EEC…) follow under their own line.
    ordered = list(items.values())
    others = [v for v in ordered if places_only and not _place_like(v.name, entity_kinds(v.sentence).get(v.name, ""))]
    places = [v for v in ordered if v not in others]
    for group, title in ((places, None), (others, m.list_other_partners)):
        if group and title:
            lines.append(title)
        for item in group:
            quote = item.sentence if len(item.sentence) <= 160 else _window(item.sentence, item.name)
            n = len(citations) + 1
            citations.append(make_citation(n, item.passage, quote))
            lines.append(f"・{item.name} [{n}]")
    head = m.list_head.format(subject=subject or m.list_subject_unknown, relation=relations[0])
    names = "、".join(v.name for v in places or ordered)
    return Answer(
        text=head + "\n" + "\n".join(lines),
        short_answer=names if len(names) <= 40 else None,
        answerable=True,
        citations=citations,
        answer_type="list",
    )


def _enumeration(qa: QuestionAnalysis, passages: list[Passage], weight: TermWeights, index: LoadedIndex) -> Answer | None:
    sentences = sentences_of(passages, 8)
    if not sentences:
        return None
    score_sentences(sentences, list(qa.terms), weight, passages[0].score)
    focus_bonus(sentences, qa)
    ranked = sorted(sentences, key=lambda s: -s.score)
    for s in ranked[:5]:
        spans = quoted_spans(s.text)
        if qa.list_size and len(spans) > qa.list_size:
            spans = _nearest_to_count(spans, s.text, qa)
        quoted = [q.text[1:-1] for q in spans]
        if len(quoted) >= max(2, qa.list_size or 2):
            citation = make_citation(1, s.passage, s.text[:300])
            return Answer(
                text=f"{s.text[:300]} [1]",
                short_answer=_short("、".join(dict.fromkeys(quoted))),
                answerable=True,
                citations=[citation],
                answer_type="list",
            )
    if qa.list_size:
        best = ranked[0]
        # Sub-sections are rarely all retrieved: read every chunk of the anchor's document.
        document = [Passage(c, 0.0) for c in index.document_chunks(best.passage.chunk.doc_id)]
        children = _child_headings(best.passage, document)
        if len(children) >= qa.list_size:
            citations = [make_citation(1, best.passage, best.text)]
            lines = [f"{best.text} [1]"]
            for heading, passage in children[: qa.list_size]:
                n = len(citations) + 1
                citations.append(make_citation(n, passage, heading))
                lines.append(f"・{heading} [{n}]")
            return Answer(
                text="\n".join(lines),
                short_answer=_short("、".join(h for h, _ in children[: qa.list_size])),
                answerable=True,
                citations=citations,
                answer_type="list",
            )
    return None


def _child_headings(anchor: Passage, passages: list[Passage]) -> list[tuple[str, Passage]]:
    """Next-level section headings under the anchor's section, in document order."""
    section = anchor.chunk.section
    prefix = section + " > " if section else ""
    seen: dict[str, Passage] = {}
    pool = sorted({p.chunk.chunk_id: p for p in passages}.values(), key=lambda p: (p.chunk.doc_id, p.chunk.ordinal))
    for p in pool:
        if p.chunk.doc_id != anchor.chunk.doc_id or not p.chunk.section.startswith(prefix):
            continue
        child = p.chunk.section[len(prefix) :].split(" > ")[0]
        if child and child != section and child not in seen and child in p.chunk.text:
            seen[child] = p
    return list(seen.items())


def _nearest_to_count(spans, text: str, qa: QuestionAnalysis):
    """The ``list_size`` quoted items nearest to where the sentence states the count (「…の2つの」)."""
    match = re.search(rf"{qa.list_size}\s*(つ|本|点|項目)", text)
    if not match:
        return spans[: qa.list_size]
    nearest = sorted(spans, key=lambda q: abs(match.start() - q.end))[: qa.list_size]
    return sorted(nearest, key=lambda q: q.start)


def _sentences(text: str) -> list[str]:
    from ingest.ja.sentences import split_sentences

    return [text[a:b] for a, b in split_sentences(text)]


def _place_like(name: str, kind: str) -> bool:
    return kind == "地名" or name.endswith(ADMIN_SUFFIXES)


def _key(name: str) -> str:
    return re.sub(r"(市|州|人民委員会|事務局|委員会)$", "", fold(name))


def _window(sentence: str, name: str) -> str:
    i = max(0, sentence.find(name) - 60)
    return sentence[i : i + 160]


def _short(text: str) -> str | None:
    return text if len(text) <= 40 else None
