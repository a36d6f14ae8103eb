"""The default answerer: answer spans and supporting sentences taken from the passages.

No model is involved: question analysis says what kind of span is wanted, the
sentences of the top passages are scored by the weighted share of question terms
they contain, and the span of the wanted kind closest to those terms is the short
answer. Every sentence shown is an exact excerpt of a cited passage.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from assistant.answer.analysis import (
    QuestionAnalysis,
    analyse,
    entity_kinds,
    event_predicate,
    is_english,
)
from assistant.answer.base import Answer, ResolvedQuestion
from assistant.answer.context import AnswerContext
from assistant.answer.evidence import (
    Sentence,
    TermWeights,
    focus_bonus,
    question_focus,
    score_sentences,
    sentences_of,
)
from assistant.answer.from_facts import answer_from_facts
from assistant.answer.glossary import translate_question
from assistant.answer.listing import answer_list
from assistant.answer.messages import Messages
from assistant.answer.spans import quoted_spans
from assistant.index import IndexHandle, LoadedIndex
from assistant.retrieval.base import Filters, Passage
from assistant.wire import make_citation
from ingest.ja.dates import Span, date_spans, find_era_years, with_western_years, year_of, year_only
from ingest.ja.names import fold, without_admin_suffix
from ingest.ja.quantities import quantity_spans

#: Passages whose sentences are considered for a single-fact answer.
SENTENCE_PASSAGES = 8
#: Below this share of the question's term weight a sentence does not support an answer.
MIN_COVERAGE = 0.34
MAX_SENTENCE_CHARS = 160
SHORT_ANSWER_CHARS = 40


class ExtractiveAnswerer:
    name = "extractive"

    def __init__(self, handle: IndexHandle, retriever) -> None:
        self._handle = handle
        self._retriever = retriever

    def answer(self, question: ResolvedQuestion, passages: list[Passage], filters: Filters) -> Answer:
        english = is_english(question.question)
        analysis_text = translate_question(question.question) if english else question.question
        qa = replace(analyse(analysis_text), english=english)
        m = Messages.for_language(qa.language)
        if english and not re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", analysis_text):
            return _abstain(qa, passages, m.unmatched_english)
        index = self._handle.get()
        weight = TermWeights(index.lexical, self._handle.tokenizer)
        required = _required_entities(analysis_text, question.carried)
        terms = list(dict.fromkeys(list(qa.terms) + [c for c in question.carried if c not in qa.terms]))
        if not passages:
            return _abstain(qa, passages, m.empty_index)
        missing = _missing_entities(required, passages[:SENTENCE_PASSAGES])
        if missing:
            return _abstain(qa, passages, m.not_in_documents.format(names=m.names(missing)))
        ctx = AnswerContext(qa, question, passages, index, filters, weight, required)
        from_table = answer_from_facts(ctx)
        if from_table is not None:
            return from_table
        if qa.answer_type == "list":
            listed = answer_list(ctx, self._retriever)
            if listed is not None:
                return listed
        sentences = sentences_of(passages, SENTENCE_PASSAGES)
        score_sentences(sentences, terms, weight, passages[0].score)
        _year_bonus(sentences, qa)
        focus_bonus(sentences, qa)
        sentences = [s for s in sentences if _has_entities(s, required)]
        if not sentences:
            return _abstain(qa, passages, None)
        table = _table_pick(index, passages, qa, terms)
        if qa.years and qa.answer_type != "date":
            in_time = [s for s in sentences if _mentions_year(s, qa.years)]
            if not in_time and table is None:
                return _abstain(qa, passages, m.no_year.format(years=m.years(qa.years)))
            sentences = in_time or sentences
        return _single_answer(qa, sentences, passages, table, weight)


def _required_entities(text: str, carried: tuple[str, ...]) -> list[str]:
    """Names the answer must be about; names in parentheses are aliases and optional."""
    bare = re.sub(r"[(（][^()（）]*[)）]", " ", text)
    kinds = entity_kinds(bare)
    names = [n for n, kind in kinds.items() if kind != "latin" or len(n) >= 3]
    for c in carried:
        if c in entity_kinds(c) and c not in names:
            names.append(c)
    return names


def _variants(name: str) -> list[str]:
    base = without_admin_suffix(name)
    return [fold(name), fold(base)] if base and base != name else [fold(name)]


def _mentions(name: str, text: str) -> bool:
    folded = fold(text)
    return any(v and v in folded for v in _variants(name))


def _context(passage: Passage) -> str:
    c = passage.chunk
    return " ".join((c.text, c.section, c.meta.title, c.meta.publisher))


def _missing_entities(required: list[str], passages: list[Passage]) -> list[str]:
    return [name for name in required if not any(_mentions(name, _context(p)) for p in passages)]


def _has_entities(sentence: Sentence, required: list[str]) -> bool:
    context = sentence.text + " " + _context(sentence.passage)
    return all(_mentions(name, context) for name in required)


def _mentions_year(sentence: Sentence, years: tuple[int, ...]) -> bool:
    # index_text holds the section path and, for a chunk inside a table, the row above it.
    text = sentence.passage.chunk.index_text
    found = {year_of(d.text) for d in date_spans(text)}
    return bool(found & set(years))


_LABEL_SEP = r"(?:とは|は|:|・・・|\s+)"


@dataclass(frozen=True)
class LabelledValue:
    """A 「label: value」 line that answers the question, and its value."""

    sentence: Sentence
    value: str


def _label_value(sentences: list[Sentence], qa: QuestionAnalysis) -> LabelledValue | None:
    """A 「label: value」 line whose label is the question's focus (「実施機関 八千代…」, 「FS・・・…」)."""
    focus = question_focus(qa.text)
    if not focus:
        return None
    focus = focus.strip("「」『』\"")
    pattern = re.compile(rf"^[\W\d※▶・\-•]*{re.escape(focus)}[」』]?{_LABEL_SEP}\s*(.+)$")
    for s in sorted(sentences, key=lambda x: x.rank):
        if s.rank > 5:
            break
        match = pattern.match(_plain(s.text))
        if match:
            value = match.group(1).strip(" 、,:：").rstrip("。")
            if value and not value.startswith(("何", "どこ", "いつ")):
                return LabelledValue(s, value)
    return None


def _plain(text: str) -> str:
    """A sentence without markup and asides, for matching 「X(…)は…」 and 「**X**:…」 as 「Xは…」."""
    text = re.sub(r"\*\*|__|\^\{[^}]*\}", "", text.strip())
    return re.sub(r"\([^()]{1,60}\)", "", text)


def _year_bonus(sentences: list[Sentence], qa: QuestionAnalysis) -> None:
    if not qa.years:
        return
    for s in sentences:
        years = {year_of(d.text) for d in date_spans(s.text)}
        if years & set(qa.years):
            s.score += 0.3


def _candidate_spans(sentence: Sentence, qa: QuestionAnalysis, slot: str) -> list[Span]:
    text = sentence.text
    if slot == "date":
        found = [d for d in date_spans(text) if year_of(d.text) not in qa.years]
        return found
    if slot == "quantity":
        return quantity_spans(text, qa.counters)
    if slot in ("definition", "factoid", "list"):
        return quoted_spans(text)
    if slot == "person":
        return [Span(text.find(n), text.find(n) + len(n), n, "person") for n, k in entity_kinds(text).items() if k == "人名"]
    if slot == "place":
        return [Span(text.find(n), text.find(n) + len(n), n, "place") for n, k in entity_kinds(text).items() if k in ("地名", "country")]
    return []


def _proximity(span: Span, sentence: Sentence, weight: TermWeights, own_terms: tuple[str, ...]) -> float:
    """How close the span sits to the question's own terms (not carried ones) in the sentence."""
    total = 0.0
    for term, hits in sentence.matched.items():
        if term not in own_terms:
            continue
        distance = min(abs(h - span.start) if h < span.start else abs(h - span.end) for h in hits)
        total += weight(term) / (1.0 + distance / 8.0)
    return total


_DATE_LABEL = re.compile(r"(日程|日時|期日|開催日|年月日)\s*[:：]")


def _specificity(span: Span, sentence: Sentence, slot: str) -> float:
    """Full dates beat bare months, and a 「日程：」 label marks the date of an event."""
    if slot != "date":
        return 0.0
    bonus = 0.05 if "日" in span.text else 0.0
    label = _DATE_LABEL.search(sentence.text)
    if label and 0 <= span.start - label.end() <= 2:
        bonus += 0.4
    return bonus


def _has_predicate(text: str, predicate: frozenset[str] | None) -> bool:
    return predicate is None or any(word in text for word in predicate)


def _pick(
    sentences: list[Sentence], qa: QuestionAnalysis, slot: str, weight: TermWeights, predicate: frozenset[str] | None = None
) -> Pick | None:
    """The best (sentence, span) for a slot: supported sentences first, then the nearest span.

    A date must come from a sentence that names the event asked about (締結, 更新…):
    the date of another event in the same passage is not an answer.
    """
    best = None
    # A 「日程：…」 line carries no question terms itself; it inherits the support of
    # the best sentence of its passage (the event described just above it).
    passage_best: dict[str, Sentence] = {}
    for s in sentences:
        known = passage_best.get(s.passage.chunk_id)
        if known is None or s.score > known.score:
            passage_best[s.passage.chunk_id] = s
    for s in sentences:
        labelled = slot == "date" and _DATE_LABEL.search(s.text) is not None
        base = s.score
        if labelled:
            anchor = passage_best[s.passage.chunk_id]
            if s.coverage < MIN_COVERAGE and anchor.coverage < MIN_COVERAGE:
                continue
            base = max(s.score, anchor.score)
            if slot == "date" and not _has_predicate(anchor.text + s.text, predicate):
                continue
        elif s.coverage < MIN_COVERAGE:
            continue
        elif slot == "date" and not _has_predicate(s.text, predicate):
            continue
        for span in _candidate_spans(s, qa, slot):
            if span.start < 0:
                continue
            key = base + 0.05 * _proximity(span, s, weight, qa.terms) + _specificity(span, s, slot)
            if best is None or key > best[0]:
                best = (key, s, span)
    return Pick(best[1], best[2]) if best else None


@dataclass(frozen=True)
class TableCell:
    """A table cell that answers a quantity question, the passage it is in, and its quantity."""

    passage: Passage
    cell: str
    quantity: str


@dataclass(frozen=True)
class Pick:
    """The sentence that answers one slot of the question, and the span in it (if any)."""

    sentence: Sentence
    span: Span | None


def _table_pick(index: LoadedIndex, passages: list[Passage], qa: QuestionAnalysis, terms: list[str]) -> TableCell | None:
    """A table cell under a column headed by the year asked about (e.g. 令和元年度 → 2019).

    A table row can end one chunk and its values begin the next, so the lines of the
    following chunk of the same document are read too.
    """
    if not qa.years or "quantity" not in qa.slots:
        return None
    for passage in passages[:SENTENCE_PASSAGES]:
        chunk = passage.chunk
        if not any(t in chunk.text for t in terms if len(t) >= 2):
            continue
        lines = [(line, passage) for line in chunk.text.split("\n")]
        row = index.by_id.get(chunk.chunk_id)
        if row is not None and row + 1 < len(index.chunks) and index.chunks[row + 1].doc_id == chunk.doc_id:
            following = Passage(index.chunks[row + 1], passage.score)
            lines += [(line, following) for line in following.chunk.text.split("\n")]
        for r, (line, _) in enumerate(lines):
            # Extracted tables pad rows with empty cells unevenly; align on the filled ones.
            cells = _filled_cells(line)
            for c, cell in enumerate(cells):
                if len(cell) > 12 or not any(year_of(d.text) in qa.years for d in date_spans(cell)):
                    continue
                for below, source in lines[r + 1 : r + 3]:
                    below_cells = _filled_cells(below)
                    if len(below_cells) > c:
                        quantities = quantity_spans(below_cells[c], qa.counters)
                        if quantities:
                            return TableCell(source, below_cells[c].strip(), quantities[0].text)
    return None


def _filled_cells(line: str) -> list[str]:
    return [cell for cell in line.split("\t") if cell.strip()] if "\t" in line else [line]


def _excerpt(sentence: Sentence, span: Span | None) -> str:
    text = sentence.text
    if len(text) <= MAX_SENTENCE_CHARS:
        return text
    centre = span.start if span else 0
    start = max(0, centre - 60)
    return text[start : start + MAX_SENTENCE_CHARS]


def _single_answer(
    qa: QuestionAnalysis,
    sentences: list[Sentence],
    passages: list[Passage],
    table: TableCell | None,
    weight: TermWeights,
) -> Answer:
    ranked = sorted(sentences, key=lambda s: -s.score)
    slots = [slot for s in slots_of(qa) for slot in _expand(s, qa)]
    picks: list[Pick] = []
    shorts: list[str] = []
    predicate = event_predicate(qa.text) if "date" in slots_of(qa) else None
    labelled = _label_value(ranked, qa)
    if labelled is not None and qa.answer_type not in ("date", "quantity"):
        sentence, value = labelled.sentence, labelled.value
        citation = make_citation(1, sentence.passage, sentence.text)
        return Answer(text=f"{sentence.text} [1]", short_answer=value if len(value) <= SHORT_ANSWER_CHARS else None,
                      answerable=True, citations=[citation], answer_type=qa.answer_type)
    for slot, counters in slots:
        if slot == "quantity" and table is not None:
            continue
        pick = _pick(ranked, replace(qa, counters=counters), slot, weight, predicate)
        if pick is not None:
            picks.append(pick)
            span = pick.span
            short = span.text
            if slot == "date" and qa.wants_year_only:
                short = year_only(short)
            if span.kind == "quoted":
                short = short[1:-1]
            shorts.append(short)
    citations = []
    parts = []
    if table is not None:
        citations.append(make_citation(1, table.passage, table.cell))
        parts.append(f"{table.cell} [1]")
        shorts.append(table.quantity)
    m = Messages.for_language(qa.language)
    if not picks and table is None and qa.answer_type in ("date", "quantity"):
        return _abstain(qa, passages, m.no_date if qa.answer_type == "date" else m.no_number)
    if not picks and table is None:
        top = ranked[0]
        if top.coverage < MIN_COVERAGE:
            return _abstain(qa, passages, None)
        picks.append(Pick(top, None))
    for pick in picks:
        quote = _excerpt(pick.sentence, pick.span)
        if any(quote in p for p in parts):
            continue
        n = _citation_number(citations, pick.sentence.passage, quote)
        parts.append(f"{quote} [{n}]")
    eras = [p.span.text for p in picks if p.span is not None and p.span.kind == "date" and find_era_years(p.span.text)]
    if eras:
        parts.append(m.western_calendar.format(dates=m.join([with_western_years(e) for e in eras])))
        shorts = [with_western_years(x) if x in eras else x for x in shorts]
    short_answer = "、".join(dict.fromkeys(shorts)) or None
    if short_answer and len(short_answer) > SHORT_ANSWER_CHARS:
        short_answer = None
    text = "\n".join(parts)
    return Answer(
        text=text,
        short_answer=short_answer,
        answerable=True,
        citations=citations,
        answer_type=qa.answer_type,
    )


def slots_of(qa: QuestionAnalysis) -> tuple[str, ...]:
    return qa.slots or (qa.answer_type,)


def _expand(slot: str, qa: QuestionAnalysis) -> list[tuple[str, tuple[str, ...]]]:
    """One slot per counter asked for: 「何件、何名」 wants two quantities."""
    if slot == "quantity" and len(qa.counters) > 1:
        return [("quantity", (c,)) for c in qa.counters]
    return [(slot, qa.counters)]


def _citation_number(citations: list, passage: Passage, quote: str) -> int:
    n = len(citations) + 1
    citations.append(make_citation(n, passage, quote))
    return n


def _abstain(qa: QuestionAnalysis, passages: list[Passage], reason: str | None) -> Answer:
    m = Messages.for_language(qa.language)
    return Answer(text=m.declined(reason, bool(passages)), short_answer=None, answerable=False,
                  answer_type=qa.answer_type, notice=m.no_evidence_notice)
