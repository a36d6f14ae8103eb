"""Questions that ask for N items of a section (「3本の柱は何ですか」「2つの基本方針」).

Two shapes, tried in order: the quoted items of one sentence (「A」と「B」の2つの基本方針),
and the numbered sub-headings of the section that announces them (3本の柱 → 1…, 2…, 3…),
read from every chunk of the document since sub-sections are rarely all retrieved. Other
lists are the reader's (the run of items a unit begins, :mod:`assistant.answer.reader`) or
the fact table's (partners of an agreement); names are never harvested across passages.
"""

from __future__ import annotations

import re

from assistant.answer.analysis import QuestionAnalysis
from assistant.answer.base import Answer
from assistant.answer.context import AnswerContext
from assistant.answer.evidence import TermWeights, focus_bonus, score_sentences, sentences_of
from assistant.answer.spans import quoted_spans
from assistant.index import LoadedIndex
from assistant.retrieval.base import Passage
from assistant.wire import make_citation


def answer_list(ctx: AnswerContext) -> Answer | None:
    """The N items a question asks for (「3本の柱」「2つの基本方針」), or None."""
    return _enumeration(ctx.qa, ctx.passages, ctx.weight, ctx.index)


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


def _short(text: str) -> str | None:
    return text if len(text) <= 40 else None
